"""GET /api/v1/reports/outcomes/: the outcomes report as the house publishes it, for a client with reports:read.

Only published cohorts: a whole cohort year measured on 31 December of the year after, once that day has passed (not
any window or peildatum, as on the page: two answers a day apart would subtract into one person's figures); the
figures those of `report outcomes --format csv --suppress-below N` (rendering.outcomes.publish_outcomes) with the
house's threshold, interval hiding included.
"""

import csv
import datetime
import io
import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from procesregie.accounts.models import ApiScope
from procesregie.audit.models import AccessLogEntry
from procesregie.reporting.outcome_formats import outcome_rows, render_outcomes_csv
from procesregie.reporting.outcomes import default_cohort_year, outcomes_report
from procesregie.reporting.rendering import labels_from_reference
from procesregie.reporting.rendering.outcomes import publish_outcomes
from procesregie.subjects.models import Person

from .. import factories as f
from ..personas import build_world
from ..reporting.outcomes.web_cohort import add_cohort, discussed, registrations
from .conftest import bearer, token_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/outcomes/"


@pytest.fixture
def world():
    cache.clear()
    return build_world()


@pytest.fixture
def headers(issue_client):
    issued = issue_client(f.OrganisationFactory(code="monitor-land"), ApiScope.REPORTS_READ)
    return bearer(token_for(issued))


def default_window() -> tuple[datetime.date, datetime.date, datetime.date]:
    """The latest published cohort: its peildatum, 31 December of the year after, has passed."""
    year = default_cohort_year(timezone.localdate())
    assert datetime.date(year + 1, 12, 31) <= timezone.localdate()
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31), datetime.date(year + 1, 12, 31)


def published(first, last, as_of, n: int = 5) -> dict:
    report = outcomes_report(first=first, last=last, as_of=as_of)
    return json.loads(json.dumps(publish_outcomes(report, n, labels=labels_from_reference()).document))


def test_the_route_is_named():
    assert reverse("api:report-outcomes") == URL


def test_without_a_window_the_default_cohort_as_the_page_shows_it(world, headers):
    add_cohort(world, 7)
    response = Client().get(URL, **headers)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    first, last, as_of = default_window()
    assert (body["from"], body["to"], body["as_of"]) == (first.isoformat(), last.isoformat(), as_of.isoformat())
    assert body == published(first, last, as_of)
    cohort = body["approaches"][world.case.registration.approach.code]["recidivism"]
    assert (cohort["n"], cohort["registrations_before"], cohort["registrations_after"]) == (7, 21, 7)
    assert cohort["comparison"]["n"] == 7 and cohort["change_pct"] == pytest.approx(-66.7)


def test_a_cohort_year_as_the_csv_publishes_it(world, headers):
    first, last, as_of = default_window()
    add_cohort(world, 3)  # three persons: their counts are small
    response = Client().get(URL, {"cohortjaar": str(first.year)}, **headers)
    assert response.status_code == 200
    body = response.json()
    assert (body["from"], body["to"], body["as_of"]) == (first.isoformat(), last.isoformat(), as_of.isoformat())
    assert body == published(first, last, as_of)
    exact = outcomes_report(first=first, last=last, as_of=as_of)
    rows = list(csv.reader(io.StringIO(render_outcomes_csv(exact, 5).decode())))[1:]
    assert rows == [[*names, "" if value is None else str(value)] for *names, value in outcome_rows(body)]
    cohort = body["approaches"][world.case.registration.approach.code]["recidivism"]
    assert exact["approaches"][world.case.registration.approach.code]["recidivism"]["n"] == 3
    assert cohort["n"] == "<5" and cohort["registrations_after"] == "<5"
    assert cohort["change_pct"] == "afg." and cohort["ci95_change_pct"] == "afg."  # computed from a hidden count


def test_an_earlier_cohort_is_measured_on_its_own_fixed_peildatum(world, headers):
    year = default_window()[0].year - 2
    add_cohort(world, 6, year=year)
    body = Client().get(URL, {"cohortjaar": year}, **headers).json()
    assert (body["from"], body["to"], body["as_of"]) == (f"{year}-01-01", f"{year}-12-31", f"{year + 1}-12-31")
    assert body["approaches"][world.case.registration.approach.code]["recidivism"]["n"] == 6


def test_a_cohort_whose_peildatum_is_still_to_come_is_not_published(world, headers):
    today = timezone.localdate()
    for year in (today.year - 1, today.year, today.year + 5):
        response = Client().get(URL, {"cohortjaar": year}, **headers)
        assert response.status_code == 404 and response.json()["title"] == "Niet gevonden", year
    assert not AccessLogEntry.objects.filter(object_type="reference.approach").exists()  # nothing was read


def test_the_interval_of_a_few_persons_is_hidden_even_when_its_counts_are_shown(world, headers):
    """Three persons with 3 registrations before and 2 after each: 9 and 6 are shown, the change too, but the
    bootstrap interval over three persons would give their own changes (decision 0023)."""
    year = default_cohort_year(timezone.localdate())
    approach, table = world.case.registration.approach, world.case.table
    for number in range(3):
        on = datetime.date(year, 3 + number, 10)
        case = f.CaseFactory(registration__approach=approach, table=table, registration__registered_on=on)
        discussed(case, on)
        registrations(case.registration.person, on, before=3, after=2)
    body = Client().get(URL, **headers).json()
    exact = outcomes_report(first=datetime.date(year, 1, 1), last=datetime.date(year, 12, 31),
                            as_of=datetime.date(year + 1, 12, 31))["approaches"][approach.code]["recidivism"]
    cohort = body["approaches"][approach.code]["recidivism"]
    assert isinstance(exact["ci95_change_pct"], list)
    assert (cohort["registrations_before"], cohort["registrations_after"], cohort["change_pct"]) == (9, 6, -33.3)
    assert cohort["n"] == "<5" and cohort["ci95_change_pct"] == "afg."


def test_nothing_about_a_person_and_the_read_is_logged(world, headers):
    add_cohort(world, 6)
    content = Client().get(URL, **headers).content.decode()
    for person in Person.objects.all():
        assert person.ref not in content and person.family_name not in content
        assert not person.bsn or person.bsn not in content
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert entry.actor_username.startswith("api.") and entry.actor_organisation == "monitor-land"
    assert (entry.action, entry.object_type, entry.subject_key) == ("read", "reference.approach", None)


def test_without_the_scope_403_without_a_token_401(world, issue_client):
    partner = issue_client(f.OrganisationFactory(police=True), ApiScope.REGISTRATIONS_WRITE)
    assert Client().get(URL, **bearer(token_for(partner))).status_code == 403
    assert Client().get(URL).status_code == 401
    assert not AccessLogEntry.objects.filter(object_type="reference.approach").exists()


@pytest.mark.parametrize("year", ["x", "20 23", "1989", "2101", "-1", "2023.5"])
def test_a_bad_cohort_year_is_a_400_problem_with_its_error(world, headers, year):
    response = Client().get(URL, {"cohortjaar": year}, **headers)
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400 and set(body["errors"]) == {"cohortjaar"}
    assert all(message and "%(" not in message for message in body["errors"]["cohortjaar"])
    assert not AccessLogEntry.objects.filter(object_type="reference.approach").exists()  # nothing was read


def test_the_messages_say_what_to_send(world, headers):
    assert Client().get(URL, {"cohortjaar": "1989"}, **headers).json()["errors"] == {
        "cohortjaar": ["Kies een jaar van 1990 tot en met 2100."]}
    assert Client().get(URL, {"cohortjaar": "mmxx"}, **headers).json()["errors"] == {
        "cohortjaar": ["Geef een jaar van vier cijfers, zoals 2024."]}
