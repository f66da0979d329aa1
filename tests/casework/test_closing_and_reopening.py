"""Closing asks to confirm what is still open and lists it first; a closed case offers only reading and reopening;
reopening within the period continues the trajectory; after it a new registration links to the previous case."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.casework import services
from procesregie.casework.models import Case, Participation, Registration, Reopening
from procesregie.core.errors import DomainError, IllegalTransition, NotFound
from procesregie.plans.models import CaseIntervention, Goal, GoalStatus, InterventionStatus
from procesregie.reference.models import ClosingReason, Municipality
from procesregie.reporting.annual.selectors import trajectories
from tests.factories import ApproachFactory, CaseFactory, InterventionFactory, LifeDomainFactory, MunicipalityFactory
from tests.personas import build_world

from .helpers import (
    assert_every_input_has_a_label,
    assert_no_inline_script_or_style,
    last_sequence,
    logged_in,
    new_entries,
    snapshot,
    summary,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def world():
    return build_world()


def url(name, case):
    return reverse(f"casework:{name}", args=[case.pk])


def fresh(case) -> Case:
    return Case.objects.get(pk=case.pk)


def rows():
    return [*snapshot(), list(Reopening.objects.values()), list(Goal.objects.values()),
            list(CaseIntervention.objects.values())]


def add_plan(case):
    """Open: one goal, one agreed and one running intervention. Not open: an achieved goal, a done intervention."""
    police = case.participations.first().organisation
    open_goal = Goal.objects.create(case=case, domain=LifeDomainFactory(name="Huisvesting"), description="Vaste woonplek")
    Goal.objects.create(case=case, domain=LifeDomainFactory(name="Werk"), description="Baan gevonden",
                        status=GoalStatus.ACHIEVED)
    for name, status, due in [("Schuldhulp", InterventionStatus.AGREED, datetime.date(2027, 3, 1)),
                              ("Reclasseringstoezicht", InterventionStatus.RUNNING, None),
                              ("Huisbezoek", InterventionStatus.DONE, None)]:
        CaseIntervention.objects.create(case=case, intervention=InterventionFactory(name=name), organisation=police,
                                        agreed_on=case.start_date, status=status, due_date=due, goal=open_goal)


def close(case, code="positief", end_date=None):
    return services.case_close(actor=None, case=case, end_date=end_date or TODAY(), reason=ClosingReason.objects.get(code=code),
                               confirm_open_work=True)


def close_data(case, **overrides):
    return {"reason": ClosingReason.objects.get(code="positief").pk, "end_date": TODAY().isoformat(),
            "version": case.version, **overrides}


# --- closing with open work ------------------------------------------------------------------------------------


def test_the_closing_form_lists_the_open_goals_and_interventions_before_submitting(world):
    add_plan(world.case)
    html = logged_in(world.users["regisseur"]).get(url("case-close", world.case)).content.decode()
    listed = re.search(r'data-testid="open-work".*?</section>', html, re.S).group(0)
    assert "Doel (Huisvesting): Vaste woonplek" in listed
    assert "Interventie Schuldhulp" in listed and "uiterlijk 01-03-2027" in listed
    assert "Interventie Reclasseringstoezicht" in listed and "loopt" in listed
    assert "Baan gevonden" not in listed and "Huisbezoek" not in listed  # achieved, done: not open
    assert 'name="confirm_open_work"' in html and "utrecht-form-field--invalid" not in html  # no error before input
    assert_no_inline_script_or_style(html)
    assert_every_input_has_a_label(html)


def test_a_case_without_open_work_closes_without_the_question(world):
    client = logged_in(world.users["regisseur"])
    html = client.get(url("case-close", world.case)).content.decode()
    assert 'data-testid="open-work"' not in html and 'name="confirm_open_work"' not in html
    assert client.post(url("case-close", world.case), close_data(world.case)).status_code == 302
    assert fresh(world.case).status == "closed"


def test_closing_with_open_work_without_confirming_changes_nothing(world):
    add_plan(world.case)
    client = logged_in(world.users["regisseur"])
    before = rows()
    response = client.post(url("case-close", world.case), close_data(world.case))
    html = response.content.decode()
    assert response.status_code == 200 and "Bevestig dat u de casus afsluit" in html
    assert "Vaste woonplek" in html  # still listed
    assert rows() == before
    with pytest.raises(services.OpenWorkLeft) as refused:
        services.case_close(actor=world.users["regisseur"], case=world.case, end_date=TODAY(),
                            reason=ClosingReason.objects.get(code="positief"))
    assert [item.kind for item in refused.value.items] == ["goal", "intervention", "intervention"]
    assert rows() == before

    response = client.post(url("case-close", world.case), close_data(world.case, confirm_open_work="on"))
    assert response.status_code == 302 and fresh(world.case).status == "closed"


# --- a closed case: reading and reopening only ------------------------------------------------------------------


CHANGE_URLS = [
    ("casework:participant-add", "pk"), ("casework:case-close", "pk"), ("casework:case-transfer", "pk"),
    ("casework:case-regisseur", "pk"), ("plans:goal-add", "case_pk"), ("plans:intervention-add", "case_pk"),
    ("monitoring:measurement-add", "case_pk"), ("plans:case-update-add", "case_pk"),
]


def test_a_closed_case_offers_nothing_but_reading_and_reopening(world):
    add_plan(world.case)
    client = logged_in(world.users["regisseur"])
    open_html = client.get(url("case-detail", world.case)).content.decode()
    for name, key in CHANGE_URLS:
        assert reverse(name, kwargs={key: world.case.pk}) in open_html, name
    close(world.case)

    html = client.get(url("case-detail", world.case)).content.decode()
    for name, key in CHANGE_URLS:
        assert reverse(name, kwargs={key: world.case.pk}) not in html, name
    assert "Meting vastleggen" not in html and "Interventie afspreken" not in html and ">Wijzigen<" not in html
    assert url("case-reopen", world.case) in html and "Casus heropenen" in html
    partner = logged_in(world.users["participant"]).get(url("case-detail", world.case)).content.decode()
    assert url("case-reopen", world.case) not in partner and "Status wijzigen" not in partner


# --- reopening ---------------------------------------------------------------------------------------------------


def test_reopening_continues_the_trajectory_as_if_it_never_ended(world):
    close(world.case, "negatief", end_date=TODAY() - datetime.timedelta(days=30))
    client = logged_in(world.users["regisseur"])
    page = client.get(url("case-reopen", world.case)).content.decode()
    assert "Reden van heropenen" in page
    assert_no_inline_script_or_style(page)
    assert_every_input_has_a_label(page)
    before = last_sequence()

    response = client.post(url("case-reopen", world.case), {"reason": "Terugval na <b>verhuizing</b>.",
                                                             "version": fresh(world.case).version})

    assert response.status_code == 302 and response["Location"] == url("case-detail", world.case)
    case = fresh(world.case)
    assert (case.status, case.end_date, case.end_reason) == ("in_regie", None, None)
    reopening = Reopening.objects.get(case=case)
    assert (reopening.closed_on, reopening.end_reason.code, reopening.reopened_by) == (
        TODAY() - datetime.timedelta(days=30), "negatief", world.users["regisseur"])
    assert "<b>" not in reopening.reason and "verhuizing" in reopening.reason
    person = case.registration.person
    assert summary(new_entries(before)) == [("update", "casework.reopening", person.subject_key, case.pk, "granted")]
    # the annual report's trajectories: in regie without an end
    row = next(t for t in trajectories(datetime.date(TODAY().year - 1, 1, 1), TODAY()) if t[0] == case.pk)
    assert row[3] is None and row[4] is None
    html = client.get(url("case-detail", case)).content.decode()
    timeline = html[html.index('id="timeline"'):]
    kinds = re.findall(r'data-kind="([a-z-]+)"', timeline)
    assert kinds[0] == "reopened" and "closed" in kinds and "Terugval na verhuizing" in timeline
    assert url("case-close", case) in html  # open again


def test_the_case_page_offers_reopening_to_whom_the_access_rule_lets_reopen_not_to_whom_may_change(world, monkeypatch):
    """Reopening is its own action (access.rules.REOPEN), asked as such: not derived from "may change"."""
    from procesregie.access import rules
    from procesregie.access.case_changes import cases_changeable_by

    close(world.case, "negatief", end_date=TODAY() - datetime.timedelta(days=5))
    regisseur, partner = logged_in(world.users["regisseur"]), logged_in(world.users["participant"])
    monkeypatch.setitem(rules.RULES, ("casework.Case", rules.REOPEN), lambda user: Case.objects.none())
    assert "Casus heropenen" not in regisseur.get(url("case-detail", world.case)).content.decode()
    monkeypatch.setitem(rules.RULES, ("casework.Case", rules.REOPEN),
                        lambda user: cases_changeable_by(world.users["regisseur"]))  # a partner allowed too
    assert "Casus heropenen" in partner.get(url("case-detail", world.case)).content.decode()


def test_reopening_needs_a_reason_and_changes_nothing_without_one(world):
    close(world.case)
    before = rows()
    response = logged_in(world.users["regisseur"]).post(url("case-reopen", world.case), {
        "reason": "  ", "version": fresh(world.case).version})
    assert response.status_code == 200 and "Geef de reden waarom de casus wordt heropend" in response.content.decode()
    assert rows() == before


@pytest.mark.parametrize("persona", ["participant", "regisseur_elsewhere", "manager", "other_org", "removed"])
def test_who_may_not_change_the_case_cannot_reopen_it(world, persona):
    close(world.case)
    before = rows()
    client = logged_in(world.users[persona])
    assert client.get(url("case-reopen", world.case)).status_code == 404
    assert client.post(url("case-reopen", world.case), {"reason": "x", "version": 1}).status_code == 404
    with pytest.raises(NotFound):
        services.case_reopen(actor=world.users[persona], case=world.case, reason="x")
    assert rows() == before


def test_an_open_case_is_not_reopened(world):
    before = rows()
    with pytest.raises(IllegalTransition):
        services.case_reopen(actor=world.users["regisseur"], case=world.case, reason="x")
    assert logged_in(world.users["regisseur"]).get(url("case-reopen", world.case)).status_code == 302
    assert rows() == before


def test_after_the_period_the_case_is_not_reopened(world, settings):
    settings.CASE_REOPEN_DAYS = 10
    close(world.case, end_date=TODAY() - datetime.timedelta(days=11))
    client = logged_in(world.users["regisseur"])
    html = client.get(url("case-detail", world.case)).content.decode()
    assert url("case-reopen", world.case) not in html
    assert "langer dan 10 dagen geleden afgesloten" in html
    assert client.get(url("case-reopen", world.case)).status_code == 302
    before = rows()
    response = client.post(url("case-reopen", world.case), {"reason": "Toch", "version": fresh(world.case).version})
    assert response.status_code == 200 and "langer dan 10 dagen" in response.content.decode()
    with pytest.raises(DomainError, match="langer dan 10 dagen"):
        services.case_reopen(actor=world.users["regisseur"], case=world.case, reason="Toch")
    assert rows() == before
    settings.CASE_REOPEN_DAYS = 11
    services.case_reopen(actor=world.users["regisseur"], case=world.case, reason="Toch")  # the last day still can


def test_a_case_that_continues_after_a_transfer_is_not_reopened(world):
    to_approach = ApproachFactory(unit=world.case.registration.approach.unit)
    continuation = services.case_transfer(actor=None, case=world.case, to_approach=to_approach, transfer_date=TODAY())
    before = rows()
    with pytest.raises(DomainError, match=f"loopt door als {continuation.registration.ref}"):
        services.case_reopen(actor=world.users["regisseur"], case=world.case, reason="Terug")
    html = logged_in(world.users["regisseur"]).get(url("case-detail", world.case)).content.decode()
    assert url("case-reopen", world.case) not in html
    assert rows() == before


def test_an_imported_transfer_without_its_continuation_can_be_reopened(world):
    Case.objects.filter(pk=world.case.pk).update(
        status="closed", end_date=TODAY(), end_reason=ClosingReason.objects.get(code=ClosingReason.INTERNAL_TRANSFER))
    case = services.case_reopen(actor=world.users["regisseur"], case=fresh(world.case), reason="Overdracht ging niet door")
    assert case.status == "in_regie" and Reopening.objects.get(case=case).end_reason.is_internal_transfer


# --- after the period: a new registration links to the previous case ------------------------------------------


def test_a_new_registration_of_the_subject_links_to_the_closed_case(world, settings):
    settings.CASE_REOPEN_DAYS = 10
    close(world.case, end_date=TODAY() - datetime.timedelta(days=40))
    person = world.case.registration.person
    approach = world.case.registration.approach
    registration = services.registration_create(
        actor=world.users["participant"], subject=person, approach=approach,
        municipality=Municipality.objects.first() or MunicipalityFactory(),
        reported_by=world.users["participant"].organisation, registered_on=TODAY(), reason="Opnieuw zorgen.",
    )
    assert registration.previous_case == world.case
    regisseur = logged_in(world.users["regisseur"])
    triage = regisseur.get(reverse("casework:triage", args=[registration.pk])).content.decode()
    assert re.search(r'data-testid="previous-case">\s*<a[^>]*href="%s"' % url("case-detail", world.case), triage)
    detail = regisseur.get(reverse("casework:registration-detail", args=[registration.pk])).content.decode()
    assert 'data-testid="previous-case"' in detail
    case_html = regisseur.get(url("case-detail", world.case)).content.decode()
    later = re.search(r'data-testid="later-registrations">.*?</dd>', case_html, re.S).group(0)
    assert registration.ref in later
    # a partner who sees neither case is not told about the previous one
    other = logged_in(world.users["other_org"]).get(reverse("casework:registration-detail", args=[registration.pk]))
    assert other.status_code == 404


def test_the_page_of_the_new_case_links_the_previous_one_for_who_may_see_it(world):
    close(world.case, end_date=TODAY() - datetime.timedelta(days=40))
    previous = world.case.registration
    new_case = CaseFactory(registration__person=previous.person, registration__approach=previous.approach,
                           registration__previous_case=world.case, table=world.case.table)
    municipality = world.users["other_org"].organisation  # takes part in the new case only
    Participation.objects.create(case=new_case, organisation=municipality)
    html = logged_in(world.users["regisseur"]).get(url("case-detail", new_case)).content.decode()
    assert re.search(r'data-testid="previous-case"><a[^>]*href="%s"[^>]*>%s</a>' % (
        url("case-detail", world.case), previous.ref), html)
    partner = logged_in(world.users["other_org"]).get(url("case-detail", new_case))
    assert partner.status_code == 200
    assert 'data-testid="previous-case"' not in partner.content.decode() and previous.ref not in partner.content.decode()


def test_a_registration_while_the_subject_has_an_open_case_links_nothing(world):
    registration = services.registration_create(
        actor=None, subject=world.case.registration.person, approach=world.case.registration.approach,
        municipality=MunicipalityFactory(), reported_by=world.users["participant"].organisation, registered_on=TODAY(),
    )
    assert registration.previous_case is None and Registration.objects.get(pk=registration.pk).previous_case is None
