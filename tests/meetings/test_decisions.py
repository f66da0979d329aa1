"""Decisions about an agenda item; with an intervention they become agreed interventions with an owner and a due date."""

import datetime
import re

import pytest
from django.urls import reverse

from procesregie.core.errors import DomainError, NotFound
from procesregie.meetings import services
from procesregie.meetings.models import Decision, Discussion
from procesregie.plans.models import CaseIntervention, InterventionStatus

from .. import factories as f
from .conftest import HTMX, entries_since, last_sequence

pytestmark = pytest.mark.django_db


def url(mw) -> str:
    return reverse("meetings:decision-add", args=[mw.meeting.pk, mw.first.pk])


def data(mw, **values) -> dict:
    return {f"besluit-{mw.first.pk}-{name}": value for name, value in values.items()}


def test_a_decision_with_an_intervention_becomes_an_agreed_intervention(mw, as_user):
    catalogue = f.InterventionFactory(code="schuldhulp", name="Schuldhulpverlening")
    police = mw.users["participant"].organisation
    due = mw.meeting.date + datetime.timedelta(days=42)
    client = as_user("regisseur")
    assert client.get(url(mw)).status_code == 200
    before = last_sequence()
    response = client.post(url(mw), data(
        mw, text="Start schuldhulp <i>deze maand</i>", intervention=catalogue.pk, owner=police.pk,
        due_date=due.isoformat(),
    ))
    assert response.status_code == 302

    decision = Decision.objects.get()
    agreed = decision.case_intervention
    assert (decision.agenda_item, decision.text, decision.created_by) == (
        mw.first, "Start schuldhulp deze maand", mw.users["regisseur"]
    )
    assert (agreed.case, agreed.intervention, agreed.organisation) == (mw.case, catalogue, police)
    assert (agreed.agreed_on, agreed.due_date, agreed.status) == (mw.meeting.date, due, InterventionStatus.AGREED)
    # The case was discussed: the annual report counts it.
    discussion = Discussion.objects.get()
    assert (discussion.case, discussion.date, discussion.version) == (mw.case, mw.meeting.date, 0)

    writes = [(e.action, e.object_type) for e in entries_since(before) if e.action != "read"]
    assert ("create", "meetings.decision") in writes and ("create", "subjects.person") in writes  # plan's entry

    html = as_user("participant").get(reverse("meetings:meeting-detail", args=[mw.meeting.pk])).content.decode()
    assert "Start schuldhulp deze maand" in html and "Schuldhulpverlening" in html and police.name in html


def test_a_decision_without_an_intervention_still_has_an_owner_and_a_date(mw, as_user):
    municipality = mw.users["other_org"].organisation
    due = mw.meeting.date + datetime.timedelta(days=14)
    response = as_user("regisseur").post(url(mw), data(
        mw, text="Volgende keer opnieuw bespreken.", owner=municipality.pk, due_date=due.isoformat()))
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (decision.case_intervention, decision.owner, decision.owner_person, decision.due_date) == (
        None, municipality, None, due)
    assert not CaseIntervention.objects.exists()
    html = as_user("regisseur").get(reverse("meetings:meeting-detail", args=[mw.meeting.pk])).content.decode()
    assert f"Uitvoering: {municipality.name}" in html and f"{due.day} " in html


def test_the_house_itself_can_own_a_decision_but_not_carry_an_intervention(mw, as_user):
    house = mw.users["regisseur"].organisation
    due = (mw.meeting.date + datetime.timedelta(days=7)).isoformat()
    client = as_user("regisseur")
    assert client.post(url(mw), data(mw, text="Huisarts bellen", owner=house.pk, due_date=due)).status_code == 302
    assert Decision.objects.get().owner == house
    response = client.post(url(mw), data(
        mw, text="x", owner=house.pk, due_date=due, intervention=f.InterventionFactory().pk))
    assert response.status_code == 200 and "Kies alleen organisaties van deze overlegtafel" in response.content.decode()
    assert Decision.objects.count() == 1 and not CaseIntervention.objects.exists()


def test_a_named_person_and_a_goal_go_with_the_intervention(mw, as_user):
    from procesregie.plans.models import Goal

    police = mw.users["participant"].organisation
    officer = mw.users["participant"]
    goal = Goal.objects.create(case=mw.case, domain=f.LifeDomainFactory(), description="Schulden stabiel")
    due = mw.meeting.date + datetime.timedelta(days=30)
    response = as_user("regisseur").post(url(mw), data(
        mw, text="Wijkagent gaat langs", owner=police.pk, owner_person=officer.pk, due_date=due.isoformat(),
        intervention=f.InterventionFactory().pk, goal=goal.pk,
    ))
    assert response.status_code == 302, response.content.decode()[:3000]
    decision = Decision.objects.get()
    agreed = decision.case_intervention
    assert (decision.owner, decision.owner_person, decision.due_date) == (police, officer, due)
    assert (agreed.organisation, agreed.responsible_person, agreed.due_date, agreed.goal) == (police, officer, due, goal)
    # the case page follows the decision up: the intervention, who carries it, by when, for which goal
    page = as_user("regisseur").get(reverse("casework:case-detail", args=[mw.case.pk])).content.decode()
    line = re.search(r'<span class="procesregie-decisions__intervention">(.*?)</span>', page, re.S).group(1)
    assert f"verantwoordelijk: {police.name} ({officer.get_full_name()})" in line
    assert "voor het doel: Schulden stabiel" in line and due.isoformat() in line


@pytest.mark.parametrize("who", ["other_org", "removed"])
def test_the_named_person_must_be_of_the_owning_organisation(mw, as_user, who):
    """Someone of another organisation (at the table, or not even offered) is refused, nothing saved."""
    due = (mw.meeting.date + datetime.timedelta(days=7)).isoformat()
    response = as_user("regisseur").post(url(mw), data(
        mw, text="x", owner=mw.users["participant"].organisation.pk, owner_person=mw.users[who].pk, due_date=due))
    html = response.content.decode()
    assert response.status_code == 200 and ("Kies iemand van de uitvoerende organisatie" in html
                                            or "Selecteer een geldige keuze" in html)
    assert not Decision.objects.exists()
    with pytest.raises(DomainError, match="contactpersoon"):
        services.decision_add(actor=mw.users["regisseur"], item=mw.first, text="x",
                              owner=mw.users["participant"].organisation, owner_person=mw.users[who],
                              due_date=mw.meeting.date)
    assert not Decision.objects.exists()


def test_the_decision_form_does_not_make_an_open_discussion_form_stale(mw, as_user):
    client = as_user("regisseur")
    client.post(url(mw), data(mw, text="Besluit eerst", owner=mw.users["participant"].organisation.pk,
                              due_date=mw.meeting.date.isoformat()))
    response = client.post(
        reverse("meetings:discussion-edit", args=[mw.meeting.pk, mw.first.pk]),
        {f"bespreking-{mw.first.pk}-version": 0, f"bespreking-{mw.first.pk}-client_present": "on"},
    )
    assert response.status_code == 302
    assert Discussion.objects.get().client_present is True


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"text": "", "owner": "POLICE", "due_date": "2030-01-01"}, "Beschrijf het besluit."),
        ({"text": "<b></b>", "owner": "POLICE", "due_date": "2030-01-01"}, "Beschrijf het besluit."),
        ({"text": "x", "due_date": "2030-01-01"}, "Kies de organisatie die het besluit uitvoert"),
        ({"text": "x", "intervention": "INTERVENTION", "due_date": "2030-01-01"}, "Kies de organisatie die het besluit"),
        ({"text": "x", "owner": "POLICE"}, "Vul de datum in waarop het besluit uitgevoerd moet zijn"),
        ({"text": "x", "intervention": "INTERVENTION", "owner": "POLICE"}, "Vul de datum in"),
        ({"text": "x", "owner": "POLICE", "due_date": "2030-01-01", "goal": "GOAL"}, "Een doel kiest u alleen bij"),
        ({"text": "x", "intervention": "INTERVENTION", "owner": "POLICE", "due_date": "2030-01-01", "goal": "OTHER_GOAL"},
         "Selecteer een geldige keuze"),
        ({"text": "x", "owner": "POLICE", "due_date": "2000-01-01"}, "De uiterste datum ligt vóór de datum van het overleg."),
        ({"text": "x", "intervention": "INTERVENTION", "owner": "POLICE", "due_date": "2000-01-01"},
         "De uiterste datum ligt vóór de datum van het overleg."),
        ({"text": "x", "intervention": "INTERVENTION", "owner": "STRANGER", "due_date": "2030-01-01"},
         "Selecteer een geldige keuze"),
    ],
)
def test_bad_input_saves_nothing(mw, as_user, values, message):
    from procesregie.plans.models import Goal

    domain = f.LifeDomainFactory()
    replacements = {
        "GOAL": str(Goal.objects.create(case=mw.case, domain=domain, description="doel").pk),
        "OTHER_GOAL": str(Goal.objects.create(case=mw.second, domain=domain, description="ander doel").pk),
        "INTERVENTION": str(f.InterventionFactory().pk),
        "POLICE": str(mw.users["participant"].organisation.pk),
        "STRANGER": str(f.OrganisationFactory(code="vreemd").pk),
    }
    posted = {name: replacements.get(value, value) for name, value in values.items()}
    response = as_user("regisseur").post(url(mw), data(mw, **posted))
    html = response.content.decode()
    assert response.status_code == 200 and "Er is een probleem" in html and message in html, html[:3000]
    assert not Decision.objects.exists() and not CaseIntervention.objects.exists() and not Discussion.objects.exists()


def test_htmx_answers_with_the_item_including_the_decision(mw, as_user):
    response = as_user("regisseur").post(url(mw), data(
        mw, text="Inline besluit", owner=mw.users["participant"].organisation.pk, due_date=mw.meeting.date.isoformat(),
    ), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and "Inline besluit" in html


@pytest.mark.parametrize("persona", ["participant", "other_org", "regisseur_elsewhere", "functional_admin"])
def test_others_cannot_decide(mw, as_user, persona):
    catalogue = f.InterventionFactory()
    response = as_user(persona).post(url(mw), data(
        mw, text="x", intervention=catalogue.pk, owner=mw.users["participant"].organisation.pk,
        due_date="2030-01-01",
    ))
    assert response.status_code == 404
    with pytest.raises(NotFound):
        services.decision_add(actor=mw.users[persona], item=mw.first, text="x")
    assert not Decision.objects.exists() and not CaseIntervention.objects.exists() and not Discussion.objects.exists()


def test_a_failing_intervention_rolls_the_decision_back(mw):
    """The plan refuses closed cases; then the decision and the discussion are not saved either."""
    mw.case.status, mw.case.end_date = "closed", mw.case.start_date
    mw.case.end_reason = f.closing_reason("positief")
    mw.case.save()
    with pytest.raises(DomainError, match="afgesloten"):
        services.decision_add(
            actor=mw.users["regisseur"], item=mw.first, text="x", intervention=f.InterventionFactory(),
            owner=mw.users["participant"].organisation, due_date=mw.meeting.date,
        )
    assert not Decision.objects.exists() and not CaseIntervention.objects.exists() and not Discussion.objects.exists()


def test_the_partner_that_carries_the_intervention_is_offered_its_status_and_nobody_else(mw, as_user):
    """On the meeting page the police (which carry the agreed intervention) get "Status wijzigen"; the municipality
    (at the table, not in the case) does not, nor does the procesregisseur here (the plan is theirs on the case page).
    Once done, the link goes."""
    police = mw.users["participant"].organisation
    agreed = CaseIntervention.objects.create(case=mw.case, intervention=f.InterventionFactory(), organisation=police,
                                             agreed_on=mw.meeting.date)
    Decision.objects.create(agenda_item=mw.first, text="Wijkagent", case_intervention=agreed, owner=police,
                            due_date=mw.meeting.date)
    status_url = reverse("plans:intervention-edit", args=[mw.case.pk, agreed.pk])
    page = reverse("meetings:meeting-detail", args=[mw.meeting.pk])
    assert status_url in as_user("participant").get(page).content.decode()
    for persona in ("other_org", "regisseur"):
        assert status_url not in as_user(persona).get(page).content.decode()
    response = as_user("participant").post(status_url, {"plan-status": "done", "plan-version": 0})
    assert response.status_code == 302
    agreed.refresh_from_db()
    assert agreed.status == InterventionStatus.DONE
    assert status_url not in as_user("participant").get(page).content.decode()
