"""The start page of daily work and the search: only what the access rule allows, logged, in constant queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from procesregie.casework.models import Case, Participation
from procesregie.meetings.models import Meeting
from procesregie.plans.models import CaseIntervention, InterventionStatus
from procesregie.reference.models import Table
from procesregie.subjects.models import SystemMember
from tests.casework.helpers import assert_no_inline_script_or_style, last_sequence, logged_in, new_entries
from tests.factories import (
    CaseFactory,
    InterventionFactory,
    PersonFactory,
    RegistrationFactory,
    SystemFactory,
    UserFactory,
    closing_reason,
)
from tests.personas import build_world

pytestmark = pytest.mark.django_db

HOME = reverse("worklists:home")
SEARCH = reverse("worklists:search")
OVERDUE = reverse("worklists:overdue")
DAY = datetime.timedelta(days=1)
# Every request: session, user, second factor, roles, and the access log's append (see tests/casework/test_views.py).
REQUEST_OVERHEAD = 14


@pytest.fixture
def world():
    world = build_world()
    today = timezone.localdate()
    police = world.users["participant"].organisation
    municipality = world.users["other_org"].organisation
    probation = world.users["removed"].organisation
    table_a, table_b = Table.objects.get(code="tafel-a"), Table.objects.get(code="tafel-b")
    table_a.members.set([police])
    table_b.members.set([municipality])

    def intervention(case, organisation, due, status=InterventionStatus.AGREED, name=""):
        return CaseIntervention.objects.create(
            case=case, intervention=InterventionFactory(name=name or f"Interventie {organisation.code} {due}"),
            organisation=organisation, agreed_on=case.start_date, due_date=due, status=status,
        )

    world.overdue_police = intervention(world.case, police, today - 3 * DAY, name="Reclasseringstoezicht te laat")
    world.overdue_probation = intervention(world.case, probation, today - DAY, InterventionStatus.RUNNING,
                                           name="Schuldhulp te laat")
    world.not_due = intervention(world.case, police, today + DAY, name="Nog op tijd")
    world.done = intervention(world.case, police, today - DAY, InterventionStatus.DONE, name="Al afgerond")
    world.overdue_elsewhere = intervention(world.other_case, municipality, today - DAY, name="Woonbegeleiding te laat")
    world.meeting_a = Meeting.objects.create(ref="OV-A-1", table=table_a, date=today + 2 * DAY)
    world.meeting_a_past = Meeting.objects.create(ref="OV-A-0", table=table_a, date=today - 7 * DAY)
    world.meeting_b = Meeting.objects.create(ref="OV-B-1", table=table_b, date=today)
    return world


def page(world, persona, path=HOME, **params) -> str:
    response = logged_in(world.users[persona]).get(path, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_home_page_redirects_to_the_work_list(world):
    response = logged_in(world.users["manager"]).get(reverse("casework:home"))
    assert response.status_code == 302 and response["Location"] == HOME


def test_a_procesregisseur_sees_cases_overdue_interventions_meetings_and_the_intake(world):
    html = page(world, "regisseur")
    assert world.case.registration.ref in html and "Geheime Persoon" in html
    assert world.other_case.registration.ref not in html
    assert "Reclasseringstoezicht te laat" in html and "Schuldhulp te laat" in html  # every carrier
    for absent in ("Nog op tijd", "Al afgerond", "Woonbegeleiding te laat", "OV-B-1"):
        assert absent not in html, absent
    assert "1 aanmelding wacht op triage" in html and reverse("casework:intake") in html
    meeting = re.search(r'id="meetings-heading".*?</section>', html, re.S).group(0)
    assert "Overlegtafel" in meeting or "tafel" in meeting.lower()
    assert reverse("meetings:meeting-detail", args=[world.meeting_a.pk]) in meeting
    assert reverse("meetings:meeting-detail", args=[world.meeting_a_past.pk]) not in meeting
    assert_no_inline_script_or_style(html)


def test_the_interventions_of_a_closed_case_are_not_overdue_work(world):
    """Closed with confirmed open work: its agreed interventions are past due for ever, but nobody follows them up
    (`CaseInterventionQuerySet.overdue`), here as in the reminders and on the case page."""
    Case.objects.filter(pk=world.case.pk).update(status="closed", end_date=timezone.localdate() - 2 * DAY,
                                                 end_reason=closing_reason("positief"))
    for persona in ("regisseur", "participant"):
        html = page(world, persona)
        assert "Reclasseringstoezicht te laat" not in html and "Schuldhulp te laat" not in html, persona
    case_page = page(world, "regisseur", reverse("casework:case-detail", args=[world.case.pk]))
    assert "Reclasseringstoezicht te laat" in case_page and "data-overdue" not in case_page  # no "over datum"


def test_my_cases_are_the_cases_i_direct_not_every_case_of_my_tables(world):
    regisseur = world.users["regisseur"]
    approach = world.case.registration.approach
    colleague = CaseFactory(registration__approach=approach, table=world.case.table, procesregisseur=UserFactory(),
                            registration__person__family_name="Collegazaak")
    unassigned = CaseFactory(registration__approach=approach, table=world.case.table,
                             registration__person__family_name="Zonderregisseur")
    own = CaseFactory(registration__approach=approach, table=world.case.table, procesregisseur=regisseur,
                      start_date=datetime.date(2020, 1, 1), registration__registered_on=datetime.date(2020, 1, 1))
    own_closed = CaseFactory(registration__approach=approach, table=world.case.table, procesregisseur=regisseur,
                             closed=True, registration__person__family_name="Afgeslotenzaak")
    html = page(world, "regisseur")
    my_cases = re.search(r'id="my-cases-heading".*?</section>', html, re.S).group(0)
    assert own.registration.ref in my_cases and "<td class=\"utrecht-table__cell\">ik</td>" in my_cases
    assert "1 casus in regie" in my_cases
    for other in (colleague, unassigned, own_closed):  # visible to me, but not mine (or no longer open)
        assert other.registration.ref not in my_cases
    assert "regisseur=mine&amp;status=in_regie" in my_cases  # all of them in the case list, filtered


def test_a_partners_cases_are_those_its_organisation_takes_part_in(world):
    html = page(world, "participant")
    my_cases = re.search(r'id="my-cases-heading".*?</section>', html, re.S).group(0)
    assert world.case.registration.ref in my_cases and "1 casus in regie" in my_cases
    assert "regisseur=mine" not in my_cases and "?status=in_regie" in my_cases


def test_a_partner_sees_the_cases_of_its_organisation_and_only_its_own_overdue_interventions(world):
    html = page(world, "participant")
    assert world.case.registration.ref in html and world.other_case.registration.ref not in html
    assert "Reclasseringstoezicht te laat" in html
    assert "Schuldhulp te laat" not in html  # carried by probation, not by the police
    assert "Woonbegeleiding te laat" not in html
    assert "wacht op triage" not in html and reverse("casework:intake") not in html
    assert reverse("meetings:meeting-detail", args=[world.meeting_a.pk]) in html  # police sits at table A
    assert reverse("meetings:meeting-detail", args=[world.meeting_b.pk]) not in html


def test_a_removed_partner_sees_nothing_of_the_case(world):
    html = page(world, "removed")
    assert world.case.registration.ref not in html and "Geheime" not in html
    assert "Schuldhulp te laat" not in html  # its own intervention, but the case is no longer visible to it
    assert "U heeft geen casussen in regie" in html


def test_another_organisation_sees_only_its_own_case(world):
    html = page(world, "other_org")
    assert world.other_case.registration.ref in html and "Woonbegeleiding te laat" in html
    assert world.case.registration.ref not in html and "Geheime" not in html
    assert "1 casus in regie" in html


@pytest.mark.parametrize("persona", ["manager", "colleague", "privacy_officer", "functional_admin"])
def test_roles_without_case_content_see_no_cases_and_no_search(world, persona):
    before = last_sequence()
    html = page(world, persona)
    assert "Geheime" not in html and world.case.registration.ref not in html and "te laat" not in html
    assert SEARCH not in html
    # The privacy officer has work of their own instead (tests/worklists/test_privacy_work.py).
    assert ("Uw rol geeft geen toegang tot casussen" in html) == (persona != "privacy_officer")
    assert new_entries(before) == []


def test_every_subject_on_the_work_list_is_logged_once_per_case(world):
    regisseur = world.users["regisseur"]
    Case.objects.filter(pk=world.case.pk).update(procesregisseur=regisseur)
    system_case = CaseFactory(registration__for_system=True, registration__system__members=2, procesregisseur=regisseur,
                              registration__approach=world.case.registration.approach, table=world.case.table)
    before = last_sequence()
    page(world, "regisseur")
    entries = new_entries(before)
    person = world.case.registration.person
    system = system_case.registration.system
    expected = {(person.subject_key, world.case.pk), (system.subject_key, system_case.pk),
                *((m.person.subject_key, system_case.pk) for m in system.memberships.all())}
    assert sorted((e.subject_key, e.purpose_case_id) for e in entries) == sorted(expected)
    assert {(e.action, e.outcome) for e in entries} == {("read", "granted")}


def test_the_meeting_page_link_falls_back_to_text_without_a_meetings_page(world, monkeypatch):
    from procesregie.worklists import selectors

    monkeypatch.setattr(selectors, "path_to", lambda *a, **k: (_ for _ in ()).throw(selectors.NoReverseMatch()))
    html = page(world, "regisseur")
    assert str(world.meeting_a.table) in html


# --- search ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["geheime", "Persoon", "geheime persoon", "PERSOON GEHEIME"])
def test_search_finds_a_visible_case_by_name(world, query):
    html = page(world, "regisseur", SEARCH, q=query)
    assert world.case.registration.ref in html and "1 casus gevonden" in html


def test_search_finds_by_exact_bsn_and_reference(world):
    bsn = world.case.registration.person.bsn
    for query in (bsn, f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}", f" {bsn} ", world.case.registration.ref.lower()):
        assert world.case.registration.ref in page(world, "regisseur", SEARCH, q=query), query
    assert world.case.registration.ref not in page(world, "regisseur", SEARCH, q=bsn[:8])


def test_search_finds_a_system_by_a_member(world):
    system = SystemFactory(name="Systeem Synthetisch")
    member = PersonFactory(given_name="Zoekbaar", family_name="Lid")
    SystemMember.objects.create(system=system, person=member, role="kind")
    case = CaseFactory(registration=RegistrationFactory(for_system=True, accepted=True, system=system,
                                                        approach=world.case.registration.approach),
                       table=world.case.table)
    for query in ("zoekbaar", member.bsn, "synthetisch"):
        assert case.registration.ref in page(world, "regisseur", SEARCH, q=query), query


@pytest.mark.parametrize("query", ["12-03-1994", "1994-03-12", "12/3/1994", "12.03.1994", "geheime 12-03-1994"])
def test_search_finds_a_date_of_birth_written_either_way(world, query):
    person = world.case.registration.person
    person.birth_date = datetime.date(1994, 3, 12)
    person.save()
    PersonFactory(birth_date=datetime.date(1994, 12, 3))  # day and month the other way round: not found
    html = page(world, "regisseur", SEARCH, q=query)
    assert world.case.registration.ref in html and "1 casus gevonden" in html


def test_search_by_date_of_birth_finds_a_system_by_a_member_and_nothing_out_of_scope(world):
    system = SystemFactory(name="Systeem Geboorte")
    SystemMember.objects.create(system=system, person=PersonFactory(birth_date=datetime.date(2010, 1, 31)))
    case = CaseFactory(registration=RegistrationFactory(for_system=True, accepted=True, system=system,
                                                        approach=world.case.registration.approach),
                       table=world.case.table)
    assert case.registration.ref in page(world, "regisseur", SEARCH, q="31-01-2010")
    html = results(page(world, "regisseur_elsewhere", SEARCH, q="2010-01-31"))
    assert case.registration.ref not in html and "Geen casussen gevonden" in html


@pytest.mark.parametrize("query", ["31-02-1994", "1994-13-01", "00-00-0000"])
def test_an_impossible_date_is_searched_as_text_and_finds_nothing(world, query):
    html = results(page(world, "regisseur", SEARCH, q=query))
    assert "Geen casussen gevonden" in html


def results(html: str) -> str:
    """The page below the search form (the form repeats the query)."""
    return html[html.index("</form>", html.index('role="search"')):]


@pytest.mark.parametrize("persona", ["other_org", "removed", "regisseur_elsewhere"])
def test_search_never_names_or_counts_what_is_out_of_scope(world, persona):
    person = world.case.registration.person
    for query in ("Geheime", "Persoon", person.bsn, world.case.registration.ref):
        html = results(page(world, persona, SEARCH, q=query))
        assert "Geheime" not in html and world.case.registration.ref not in html, query
        assert "Geen casussen gevonden" in html and not re.search(r"\d+ casus(sen)? gevonden", html), query


def test_a_partner_finds_only_the_cases_of_its_organisation(world):
    assert world.case.registration.ref in results(page(world, "participant", SEARCH, q="Geheime"))
    other_ref = world.other_case.registration.ref
    assert other_ref not in results(page(world, "participant", SEARCH, q=other_ref))


def test_a_short_query_searches_nothing(world):
    before = last_sequence()
    html = page(world, "regisseur", SEARCH, q=" G ")
    assert "Vul ten minste 2 tekens in" in html and world.case.registration.ref not in html
    assert new_entries(before) == []


def test_search_results_are_logged_one_entry_per_subject_and_the_query_never(world):
    before = last_sequence()
    page(world, "regisseur", SEARCH, q="Geheime")
    (entry,) = new_entries(before)
    assert (entry.action, entry.subject_key, entry.purpose_case_id) == (
        "read", world.case.registration.person.subject_key, world.case.pk
    )
    before = last_sequence()
    page(world, "regisseur", SEARCH, q="Onvindbaar")
    (entry,) = new_entries(before)
    assert (entry.subject_key, entry.object_type) == (None, "casework.case")
    assert "Onvindbaar" not in str(entry.__dict__)


def make_cases(world, count: int, family_name="Veelvoud"):
    today = timezone.localdate()
    police = world.users["participant"].organisation
    for i in range(count):
        start = today - (i + 10) * DAY
        case = CaseFactory(registration__approach=world.case.registration.approach, table=world.case.table,
                           procesregisseur=world.users["regisseur"],
                           registration__person__family_name=family_name, start_date=start,
                           registration__registered_on=start - DAY, registration__triage_on=start)
        Participation.objects.create(case=case, organisation=police)
        # Overdue in the order of creation, like the cases' start: both lists show (nearly) the same cases.
        CaseIntervention.objects.create(case=case, intervention=InterventionFactory(), organisation=police,
                                        agreed_on=start, due_date=today - DAY)


def test_the_work_list_counts_every_case_in_regie_beyond_the_fifty_it_shows(world):
    make_cases(world, 55)
    html = page(world, "regisseur")
    assert "55 casussen in regie" in html and "De eerste 50 staan hieronder" in html
    my_cases = re.search(r'id="my-cases-heading".*?</section>', html, re.S).group(0)
    assert len(re.findall(r'href="/casussen/\d+/"', my_cases)) == 50


def overdue_section(html: str) -> str:
    return re.search(r'id="overdue-heading".*?</section>', html, re.S).group(0)


def overdue_rows(html: str) -> list[str]:
    """The overdue interventions of a page, each as its row's text (due date, intervention, partner, case, status)."""
    table = re.search(r'<tbody class="utrecht-table__body">(.*?)</tbody>', html, re.S).group(1)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in re.findall(r"<tr.*?</tr>", table, re.S)]


def test_the_work_list_shows_the_longest_overdue_with_their_total_and_links_to_all(world):
    make_cases(world, 25)  # 25 overdue since yesterday, and the world's two (three days, one day)
    section = overdue_section(page(world, "regisseur"))
    assert "27 interventies zijn verlopen" in section and "De 20 die het langst verlopen zijn staan hieronder" in section
    assert f'href="{OVERDUE}"' in section
    rows = overdue_rows(section)
    assert len(rows) == 20 and "Reclasseringstoezicht te laat" in rows[0]  # three days overdue: the longest


def test_the_work_list_names_no_further_page_when_it_shows_every_overdue_intervention(world):
    section = overdue_section(page(world, "regisseur"))
    assert "2 interventies zijn verlopen" in section and len(overdue_rows(section)) == 2
    assert OVERDUE not in section and "staan hieronder" not in section


def test_every_overdue_intervention_is_on_the_full_list_a_page_at_a_time(world):
    make_cases(world, 55)
    first = page(world, "regisseur", OVERDUE)
    second = page(world, "regisseur", OVERDUE, page=2)
    assert "57 interventies zijn verlopen" in first and "Pagina 1 van 2" in first
    assert len(overdue_rows(first)) == 50 and len(overdue_rows(second)) == 7
    assert "Reclasseringstoezicht te laat" in overdue_rows(first)[0]
    assert len(set(overdue_rows(first) + overdue_rows(second))) == 57  # no intervention on both pages
    assert "Woonbegeleiding te laat" not in first + second  # at another table


def test_a_partner_finds_only_the_overdue_interventions_its_organisation_carries(world):
    html = page(world, "participant", OVERDUE)
    rows = overdue_rows(html)
    assert len(rows) == 1 and "Reclasseringstoezicht te laat" in rows[0] and "1 interventie is verlopen" in html
    assert "(Geheime Persoon)" in html  # the subject's name in brackets, without a space before the bracket
    assert "Schuldhulp te laat" not in html and "Woonbegeleiding te laat" not in html


def test_no_overdue_interventions_says_so(world):
    CaseIntervention.objects.filter(due_date__lt=timezone.localdate()).update(status=InterventionStatus.DONE)
    for path in (HOME, OVERDUE):
        assert "Er zijn geen verlopen interventies." in page(world, "regisseur", path)


def test_every_subject_on_the_overdue_list_is_logged_once_per_case(world):
    system_case = CaseFactory(registration__for_system=True, registration__system__members=2,
                              registration__approach=world.case.registration.approach, table=world.case.table)
    CaseIntervention.objects.create(case=system_case, intervention=InterventionFactory(), agreed_on=system_case.start_date,
                                    organisation=world.users["participant"].organisation,
                                    due_date=timezone.localdate() - DAY)
    before = last_sequence()
    page(world, "regisseur", OVERDUE)
    entries = new_entries(before)
    system = system_case.registration.system
    expected = {(world.case.registration.person.subject_key, world.case.pk), (system.subject_key, system_case.pk),
                *((m.person.subject_key, system_case.pk) for m in system.memberships.all())}
    assert sorted((e.subject_key, e.purpose_case_id) for e in entries) == sorted(expected)
    assert {(e.action, e.outcome) for e in entries} == {("read", "granted")}


def test_search_shows_at_most_fifty(world):
    make_cases(world, 55)
    html = page(world, "regisseur", SEARCH, q="veelvoud")
    assert "Meer dan 50 casussen gevonden" in html
    assert len(re.findall(r'href="/casussen/\d+/"', html)) == 50


def count_queries(client, path, params=None) -> int:
    client.get(path, params)  # warm up: the first request also starts the session and the log's chain
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["regisseur", "participant"])
def test_the_work_list_has_a_constant_number_of_queries(world, persona):
    """Small against large data (the access log's rows are one insert whatever their number)."""
    client = logged_in(world.users[persona])
    make_cases(world, 3)
    small = count_queries(client, HOME)
    make_cases(world, 70)
    large = count_queries(client, HOME)
    assert small == large
    # Session, user, second factor and roles (4); the log's append: savepoint, head, numbers, insert, head update,
    # release (6); my cases with their total (one query), overdue
    # interventions and their cases (two: joined in one, the query took PostgreSQL 3 ms to plan), meetings, the
    # intake count, and the actor's organisation for the log (6); the signals waiting and the follow-ups due, counted
    # in one query (1, a procesregisseur's).
    # One's own escalations, open or lately resolved (1: escalations' "Uw escalaties", for who may raise one).
    assert large <= 4 + 6 + 6 + 1 + 1


def test_the_overdue_list_has_a_constant_number_of_queries(world):
    client = logged_in(world.users["regisseur"])
    make_cases(world, 3)
    small = count_queries(client, OVERDUE)
    make_cases(world, 70)
    assert count_queries(client, OVERDUE, {"page": 2}) == count_queries(client, OVERDUE) == small
    # The count and the page's interventions, their cases and the systems' members (4), the organisation for the log.
    assert small <= REQUEST_OVERHEAD + 5


def test_search_has_a_constant_number_of_queries(world):
    client = logged_in(world.users["regisseur"])
    make_cases(world, 3)
    small = count_queries(client, SEARCH, {"q": "veelvoud"})
    make_cases(world, 60)
    assert count_queries(client, SEARCH, {"q": "veelvoud"}) == small
    assert small <= REQUEST_OVERHEAD + 3
