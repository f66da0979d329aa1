"""Decisions about an agenda item; with an intervention they become agreed interventions with an owner and a due date."""

import datetime

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
        mw, text="Start schuldhulp <i>deze maand</i>", intervention=catalogue.pk, organisation=police.pk,
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


def test_a_decision_without_an_intervention(mw, as_user):
    response = as_user("regisseur").post(url(mw), data(mw, text="Volgende keer opnieuw bespreken."))
    assert response.status_code == 302
    assert Decision.objects.get().case_intervention is None
    assert not CaseIntervention.objects.exists()


def test_the_decision_form_does_not_make_an_open_discussion_form_stale(mw, as_user):
    client = as_user("regisseur")
    client.post(url(mw), data(mw, text="Besluit eerst"))
    response = client.post(
        reverse("meetings:discussion-edit", args=[mw.meeting.pk, mw.first.pk]),
        {f"bespreking-{mw.first.pk}-version": 0, f"bespreking-{mw.first.pk}-client_present": "on"},
    )
    assert response.status_code == 302
    assert Discussion.objects.get().client_present is True


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"text": ""}, "Beschrijf het besluit."),
        ({"text": "<b></b>"}, "Beschrijf het besluit."),
        ({"text": "x", "intervention": "INTERVENTION"}, "Kies de organisatie die verantwoordelijk is"),
        ({"text": "x", "intervention": "INTERVENTION", "organisation": "POLICE"}, "Vul de uiterste datum"),
        ({"text": "x", "organisation": "POLICE", "due_date": "2030-01-01"}, "Kies de interventie bij deze organisatie"),
        ({"text": "x", "intervention": "INTERVENTION", "organisation": "POLICE", "due_date": "2000-01-01"},
         "De uiterste datum ligt vóór de datum van het overleg."),
        ({"text": "x", "intervention": "INTERVENTION", "organisation": "STRANGER", "due_date": "2030-01-01"},
         "Selecteer een geldige keuze"),
    ],
)
def test_bad_input_saves_nothing(mw, as_user, values, message):
    replacements = {
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
    response = as_user("regisseur").post(url(mw), data(mw, text="Inline besluit"), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and "Inline besluit" in html


@pytest.mark.parametrize("persona", ["participant", "other_org", "regisseur_elsewhere", "functional_admin"])
def test_others_cannot_decide(mw, as_user, persona):
    catalogue = f.InterventionFactory()
    response = as_user(persona).post(url(mw), data(
        mw, text="x", intervention=catalogue.pk, organisation=mw.users["participant"].organisation.pk,
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
            organisation=mw.users["participant"].organisation, due_date=mw.meeting.date,
        )
    assert not Decision.objects.exists() and not CaseIntervention.objects.exists() and not Discussion.objects.exists()
