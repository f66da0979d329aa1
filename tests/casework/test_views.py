"""The read-only case list and case page: what they show, how they fail, and that their query counts stay flat."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from procesregie.casework.models import Case, CaseStatus
from procesregie.meetings.models import Discussion, Meeting
from procesregie.monitoring.models import Measurement, MeasurementKind
from procesregie.plans.models import CaseIntervention, InterventionStatus
from procesregie.subjects.models import SystemMember
from tests.factories import (
    ApproachFactory,
    CaseFactory,
    InterventionFactory,
    LifeDomainFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    RegistrationFactory,
    SystemFactory,
    TableFactory,
    UserFactory,
    closing_reason,
)
from tests.logins import regie_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(db):
    """A procesregisseur who works at every table: these tests are about what the screens show."""
    return regie_client()

START = datetime.date(2024, 3, 4)


def detail_url(case: Case) -> str:
    return reverse("casework:case-detail", args=[case.pk])


def list_url() -> str:
    return reverse("casework:case-list")


def make_case(*, items: int = 0, **person_fields) -> Case:
    """A person's case in regie with `items` participants, discussions, interventions and measurements each."""
    person = PersonFactory(municipality=MunicipalityFactory(), **person_fields)
    registration = RegistrationFactory(
        person=person, accepted=True, registered_on=START - datetime.timedelta(days=30)
    )
    table = TableFactory(approach=registration.approach)
    case = CaseFactory(
        registration=registration,
        start_date=START,
        table=table,
        procesregisseur=UserFactory(first_name="Regie", last_name="Voerder"),
        case_holder=OrganisationFactory(name="Casushouder BV"),
    )
    domains = [LifeDomainFactory() for _ in range(3)]
    for i in range(items):
        ParticipationFactory(case=case)
        day = START + datetime.timedelta(days=7 * i)
        meeting = Meeting.objects.create(ref=f"M-{case.pk}-{i}", table=table, date=day)
        Discussion.objects.create(meeting=meeting, case=case, date=day, client_present=i % 2 == 0)
        CaseIntervention.objects.create(
            case=case, intervention=InterventionFactory(), organisation=OrganisationFactory(), agreed_on=day
        )
        Measurement.objects.create(
            case=case,
            date=START + datetime.timedelta(days=30 * (i // 3)),
            kind=MeasurementKind.NULMETING if i < 3 else MeasurementKind.TUSSENMETING,
            domain=domains[i % 3],
            level=i % 5 + 1,
        )
    return case


def assert_shows(html: str, *texts: str) -> None:
    for text in texts:
        assert escape(text) in html, text


# Every request: session, user, second factor, roles, the access rule's tables, the access-log append
# (savepoint, head lock, insert, head update, release) and the session's new expiry.
REQUEST_OVERHEAD = 14


def count_queries(client, url: str) -> int:
    client.staff_every_table()
    client.get(url)  # warm up: the first request also starts the access log's chain and the session
    with client.as_staffed(), CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- the layout ------------------------------------------------------------------------------------------


def test_root_redirects_to_the_work_list(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("worklists:home")


def test_layout_is_dutch_accessible_and_free_of_inline_script_and_style(client):
    make_case(items=2)
    html = client.get(list_url()).content.decode()
    assert '<html lang="nl"' in html
    assert 'class="utrecht-theme' in html
    assert 'href="#main"' in html and 'id="main"' in html
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert re.search(r"<script[^>]*htmx\.min\.js[^>]*\bdefer\b", html)
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)


# --- the case list ---------------------------------------------------------------------------------------


def test_case_list_shows_the_columns_of_each_case(client):
    case = make_case(given_name="Jansje", family_name="Testpersoon")
    system_case = CaseFactory(registration__for_system=True, registration__system__name="Systeem Bakker")
    html = client.get(list_url()).content.decode()
    registration = case.registration
    for text in (
        registration.ref,
        "Jansje Testpersoon",
        registration.approach.name,
        registration.municipality.name,
        "4-3-2024",
        "in regie",
        "Regie Voerder",
        "Casushouder BV",
        "Systeem Bakker",
        detail_url(case),
        detail_url(system_case),
    ):
        assert escape(text) in html, text


def test_case_list_filters_by_approach_with_its_children_and_by_status(client):
    parent = ApproachFactory(code="topx", name="Top X")
    child = ApproachFactory(code="topx-oost", name="Top X Oost", parent=parent)
    other = ApproachFactory(code="levensloop", name="Levensloopaanpak")
    in_child = CaseFactory(registration__approach=child, registration__person__family_name="Kindaanpak")
    closed_in_parent = CaseFactory(
        closed=True, registration__approach=parent, registration__person__family_name="Ouderaanpak"
    )
    elsewhere = CaseFactory(registration__approach=other, registration__person__family_name="Elders")

    html = client.get(list_url(), {"approach": "topx"}).content.decode()
    assert_shows(html, in_child.registration.ref, closed_in_parent.registration.ref)
    assert elsewhere.registration.ref not in html

    html = client.get(list_url(), {"approach": "topx", "status": CaseStatus.CLOSED}).content.decode()
    assert_shows(html, closed_in_parent.registration.ref, "Ouderaanpak")
    assert in_child.registration.ref not in html and "Kindaanpak" not in html


@pytest.mark.parametrize(
    "params",
    [
        {"approach": "bestaat-niet"},
        {"status": "verzonnen"},
        {"approach": "topx\x00", "status": "closed\x00"},
        {"approach": "x" * 5000},
        {"page": "abc"},
        {"page": "99999"},
        {"page": "-1"},
    ],
)
def test_case_list_invalid_filters_do_not_fail(client, params):
    case = make_case()
    response = client.get(list_url(), params)
    assert response.status_code == 200
    # An invalid filter does not narrow the list: the case is still shown.
    assert case.registration.ref in response.content.decode()


def test_case_list_reports_an_invalid_filter_on_the_form(client):
    html = client.get(list_url(), {"status": "verzonnen"}).content.decode()
    assert 'aria-invalid="true"' in html
    assert 'id="id_status_error"' in html


def test_case_list_paginates_by_fifty(client):
    CaseFactory.create_batch(51)
    first = client.get(list_url()).content.decode()
    second = client.get(list_url(), {"page": 2}).content.decode()
    badge = 'utrecht-status-badge--active">in regie<'
    assert first.count(badge) == 50
    assert second.count(badge) == 1
    assert "51 casussen gevonden" in first
    assert "?page=2" in first


def test_case_list_queries_do_not_grow_with_the_number_of_cases(client):
    def make(n):
        for _ in range(n):
            CaseFactory(procesregisseur=UserFactory(), case_holder=OrganisationFactory())

    make(5)
    few = count_queries(client, list_url())
    make(55)
    many = count_queries(client, list_url())
    filtered = count_queries(client, list_url() + "?status=in_regie&approach=onbekend")
    assert few == many
    assert filtered <= few + 2  # the approach lookup (invalid here) and nothing per case
    # count, approaches for the filter, one page, and the four lists the other filters offer (regisseurs, tables,
    # municipalities, case holders: tests/worklists/test_case_list.py)
    assert many <= REQUEST_OVERHEAD + 3 + 4


# --- the case page ---------------------------------------------------------------------------------------


def test_case_page_shows_the_person_registration_and_trajectory(client):
    case = make_case(items=2, given_name="Jansje", family_name="Testpersoon", birth_date=datetime.date(1990, 5, 17))
    person = case.registration.person
    html = client.get(detail_url(case)).content.decode()
    for text in (
        "Jansje Testpersoon",
        "17 mei 1990",
        person.municipality.name,
        case.registration.reported_by.name,
        case.registration.reason,
        "4 maart 2024",
        case.table.name,
        "Regie Voerder",
        "Casushouder BV",
    ):
        assert escape(text) in html, text
    assert person.bsn not in html
    assert "••••••" + person.bsn[-3:] in html


def test_case_page_masks_no_bsn_when_there_is_none(client):
    case = make_case(no_bsn=True)
    assert "niet vastgelegd" in client.get(detail_url(case)).content.decode()


def test_closed_case_shows_its_end_and_the_transfer_links(client):
    earlier = CaseFactory(
        status=CaseStatus.CLOSED,
        end_date=START,
        end_reason=closing_reason("overdracht_intern"),
        start_date=START - datetime.timedelta(days=400),
    )
    later = CaseFactory(
        closed=True, transferred_from=earlier, registration__person=earlier.registration.person, start_date=START
    )
    earlier_html = client.get(detail_url(earlier)).content.decode()
    later_html = client.get(detail_url(later)).content.decode()

    assert "Overdracht naar een andere aanpak in het huis" in earlier_html
    assert detail_url(later) in earlier_html and later.registration.ref in earlier_html
    assert "Positief afgesloten" in later_html
    assert "2 juni 2024" in later_html  # end date: start + 90 days
    assert detail_url(earlier) in later_html and earlier.registration.ref in later_html


def test_system_case_shows_its_members_with_their_roles(client):
    system = SystemFactory(name="Systeem De Vries")
    for given_name, role in [("Moeder", "moeder"), ("Kind", "kind")]:
        person = PersonFactory(given_name=given_name, family_name="De Vries")
        SystemMember.objects.create(system=system, person=person, role=role)
    case = CaseFactory(registration=RegistrationFactory(for_system=True, accepted=True, system=system))
    html = client.get(detail_url(case)).content.decode()
    for text in ("Systeem De Vries", "Moeder De Vries", "moeder", "Kind De Vries"):
        assert text in html


def test_system_case_page_query_count_does_not_grow_with_the_members(client):
    small_case, large_case = (
        CaseFactory(registration__for_system=True, registration__system__members=n) for n in (1, 12)
    )
    assert large_case.registration.system.memberships.count() == 12
    assert count_queries(client, detail_url(small_case)) == count_queries(client, detail_url(large_case))


def test_case_page_shows_discussions_interventions_participants_and_measurements(client):
    case = make_case(items=4)
    participation = case.participations.first()
    intervention = case.interventions.first()
    CaseIntervention.objects.filter(pk=intervention.pk).update(status=InterventionStatus.RUNNING)
    html = client.get(detail_url(case)).content.decode()
    assert_shows(html, participation.organisation.name, intervention.intervention.name, intervention.organisation.name)
    assert ">loopt<" in html
    assert "Cliënt aan tafel" in html and "Cliënt niet aan tafel" in html
    assert "11 maart 2024" in html  # the second discussion
    assert "nulmeting" in html and "tussenmeting" in html


def test_measurements_are_tabulated_per_life_domain_and_moment(client):
    case = make_case()
    domain = LifeDomainFactory(name="Huisvesting")
    for day, kind, level in [(START, "nulmeting", 2), (START + datetime.timedelta(days=180), "eindmeting", 4)]:
        Measurement.objects.create(case=case, date=day, kind=kind, domain=domain, level=level)
    html = client.get(detail_url(case)).content.decode()
    table = re.search(r'<table[^>]*procesregie-measurements.*?</table>', html, re.S).group(0)
    assert ">Huisvesting</th>" in table
    # one row per moment, newest first (monitoring's table, since the measurements of long cases grow down)
    rows = re.findall(r'<tr class="utrecht-table__row" data-date="([0-9-]+)">(.*?)</tr>', table, re.S)
    levels = [(day, re.findall(r'<data class="[^"]*" value="(\d)">', row)) for day, row in rows]
    assert levels == [((START + datetime.timedelta(days=180)).isoformat(), ["4"]), (START.isoformat(), ["2"])]


def test_unknown_case_is_not_found(client):
    assert client.get(reverse("casework:case-detail", args=[987654])).status_code == 404
    assert client.get("/casussen/99999999999999999999999/").status_code == 404


def test_case_page_query_count_does_not_grow_with_the_case(client):
    small = count_queries(client, detail_url(make_case(items=1)))
    large = count_queries(client, detail_url(make_case(items=30)))
    assert small == large
    # the case with its subject, then participants, discussions, interventions, measurements; whether the user
    # may change the case, the organisations that could be added as participants, the changes of procesregisseur
    # and who could take over, the reopenings and the later registrations; one more for the participants' updates
    # (plans) and one for the case's escalations (escalations)
    assert large <= REQUEST_OVERHEAD + 13


# --- methods ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_screens_only_answer_get_and_head(client, method):
    case = make_case()
    for url in ("/", list_url(), detail_url(case)):
        assert getattr(client, method)(url).status_code == 405
        assert client.head(url).status_code in (200, 302)
