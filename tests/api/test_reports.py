"""GET /api/v1/reports/annual/{year}/: the annual report as the house publishes it, for a client with reports:read.

The figures are those of `report annual --format csv --suppress-below N` (rendering.publish without last year's
figures) with the house's threshold N (`PUBLICATION_THRESHOLD`); nothing about a person; each read access-logged
as the report page's, naming the client.
"""

import csv
import datetime
import io
import json
import os
import subprocess
import sys
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from procesregie.accounts.models import ApiScope
from procesregie.audit.models import AccessLogEntry
from procesregie.casework.models import Registration
from procesregie.reporting.annual import annual_report
from procesregie.reporting.formats import long_rows, render_csv
from procesregie.reporting.rendering import labels_from_reference, publish
from procesregie.subjects.models import Person

from .. import factories as f
from ..personas import build_world
from ..reporting.test_annual_queries import REPORT_QUERIES, house
from .conftest import bearer, token_for

pytestmark = pytest.mark.django_db
HIDDEN = ("<5", "afg.")


@pytest.fixture
def world():
    cache.clear()  # the published JSON is kept (page_cache) between calls
    world = build_world()
    approach, table = world.case.registration.approach, world.case.table
    police, municipality = world.case.registration.reported_by, world.pending.reported_by
    place = f.MunicipalityFactory()
    # Seven cases of approach A start last year, six reported by the police and one by the municipality: counts of 5
    # or more are shown, and the municipality's 1 beside the police's 6 under the inflow needs secondary suppression.
    for month in range(1, 8):
        f.CaseFactory(registration__approach=approach, table=table, registration__municipality=place,
                      registration__reported_by=police if month < 7 else municipality,
                      registration__registered_on=datetime.date(last_year(), month, 1))
    return world


def last_year() -> int:
    return timezone.localdate().year - 1


def url(year) -> str:
    return reverse("api:report-annual", args=[year])


@pytest.fixture
def monitor(issue_client):
    """A regional monitor's client: an organisation of its own, only reports:read."""
    issued = issue_client(f.OrganisationFactory(code="monitor-regio", name="Regiomonitor"), ApiScope.REPORTS_READ)
    return issued, bearer(token_for(issued))


def published(year: int, n: int = 5) -> dict:
    """What `report annual --suppress-below n` publishes (the CSV's figures), as JSON would carry it."""
    return json.loads(json.dumps(publish(annual_report(year=year), n, labels=labels_from_reference()).report))


def counts(document: dict) -> dict[tuple, object]:
    """Every figure of a report by its place (approach, table, key, subkey)."""
    return {tuple(names): value for *names, value in long_rows(document)}


def test_a_monitor_gets_the_annual_report_as_published(world, monitor):
    _, headers = monitor
    response = Client().get(url(last_year()), **headers)
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "no-store" in response["Cache-Control"]
    body = response.json()
    assert body == published(last_year())
    assert (body["report"], body["version"], body["year"]) == ("annual", 2, last_year())
    exact, shown = counts(annual_report(year=last_year())), counts(body)
    assert exact.keys() == shown.keys()
    small = [place for place, value in exact.items() if isinstance(value, int) and 0 < value < 5]
    assert small and all(shown[place] == "<5" for place in small)  # no small count is its exact value
    assert all(shown[place] == value or shown[place] in HIDDEN for place, value in exact.items())
    assert any(isinstance(value, int) and value >= 5 for value in shown.values())  # and figures are shown


def test_the_figures_hide_what_the_published_csv_hides(world, monitor):
    _, headers = monitor
    body = Client().get(url(last_year()), **headers).json()
    rows = list(csv.reader(io.StringIO(render_csv(annual_report(year=last_year()), 5).decode())))[1:]
    assert rows == [[*names, str(value)] for *names, value in long_rows(body)]
    assert any(row[-1] == "afg." for row in rows)  # secondary suppression was needed, and the API applies it too


@override_settings(PUBLICATION_THRESHOLD=10)
def test_the_house_threshold_decides(world, monitor):
    _, headers = monitor
    body = Client().get(url(last_year()), **headers).json()
    assert body == published(last_year(), 10)
    exact = counts(annual_report(year=last_year()))
    between = [place for place, value in exact.items() if isinstance(value, int) and 5 <= value < 10]
    assert between and all(counts(body)[place] == "<10" for place in between)


def test_nothing_about_a_person_is_in_the_answer(world, monitor):
    _, headers = monitor
    for year in (last_year(), last_year() + 1):
        content = Client().get(url(year), **headers).content.decode()
        for person in Person.objects.all():
            assert person.ref not in content and person.family_name not in content
            assert not person.bsn or person.bsn not in content
        assert not any(registration.ref in content for registration in Registration.objects.all())
        for name in ("Geheime", "Persoon", "Anderzaak", "Wachtend", "Buurtafel", "Gesignaleerd"):
            assert name not in content


def test_each_read_is_logged_like_the_report_page_naming_the_client(world, monitor):
    issued, headers = monitor
    Client().get(url(last_year()), **headers)
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert (entry.actor_username, entry.actor_organisation) == (issued.client.user.username, "monitor-regio")
    assert (entry.action, entry.object_type, entry.subject_key, entry.outcome) == (
        "read", "reference.approach", None, "granted")


def test_a_repeated_call_answers_the_kept_publication(world, monitor):
    _, headers = monitor
    with mock.patch("procesregie.api.reports.figures.publish", wraps=publish) as publishing:
        first = Client().get(url(last_year()), **headers).content
        second = Client().get(url(last_year()), **headers).content
    assert first == second and publishing.call_count == 1


def test_without_the_scope_403_without_a_token_401(world, issue_client):
    partner = issue_client(f.OrganisationFactory(police=True), ApiScope.REGISTRATIONS_READ, ApiScope.HITNOHIT)
    refused = Client().get(url(last_year()), **bearer(token_for(partner)))
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    both = issue_client(f.OrganisationFactory(), ApiScope.REPORTS_READ, ApiScope.REGISTRATIONS_READ)
    fewer = Client().get(url(last_year()), **bearer(token_for(both, scope="registrations:read")))
    assert fewer.status_code == 403  # a token asked without reports:read
    anonymous = Client().get(url(last_year()))
    assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"].startswith("Bearer")
    assert Client().get(url(last_year()), **bearer("not-a-token")).status_code == 401
    for answer in (refused, fewer, anonymous):
        assert "aanpak-a" not in answer.content.decode() and "flow" not in answer.content.decode()
    assert not AccessLogEntry.objects.filter(object_type="reference.approach").exists()


@pytest.mark.parametrize("year", ["twintig", "1989", "2101", "20245", "-2024", "0", "2024.0"])
def test_a_year_that_is_no_year_from_1990_to_2100_is_a_400_problem(world, monitor, year):
    _, headers = monitor
    response = Client().get(url(year), **headers)
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400 and list(body["errors"]) == ["year"] and body["errors"]["year"]


def test_the_year_s_message_says_which_years(world, monitor):
    _, headers = monitor
    out_of_range, no_year = (Client().get(url(year), **headers).json()["errors"]["year"] for year in ("1989", "mmxx"))
    assert out_of_range == ["Kies een jaar van 1990 tot en met 2100."]
    assert no_year == ["Geef een jaar van vier cijfers, zoals 2024."]


def test_only_a_year_that_has_ended_is_published(world, monitor):
    """A running year's report would change from day to day: two answers a day apart would subtract into one
    person's registration (security review of issue 16)."""
    _, headers = monitor
    this_year = timezone.localdate().year
    for year in (this_year, this_year + 1):
        response = Client().get(url(year), **headers)
        assert response.status_code == 404 and response.json()["title"] == "Niet gevonden", year
    assert Client().get(url(this_year - 1), **headers).status_code == 200
    assert Client().get(url(1990), **headers).json()["year"] == 1990


def test_the_api_adds_a_fixed_number_of_queries_to_the_report(db, tmp_path, issue_client):
    """The report reads with REPORT_QUERIES whatever the data; the call adds the same few on top (the token, the
    client, the rate limit, the names of the reference data, the access log), whatever the data."""
    issued = issue_client(f.OrganisationFactory(code="monitor-landelijk"), ApiScope.REPORTS_READ)
    headers = bearer(token_for(issued))
    used = []
    # One minute for every call (the rate limit counts in one statement either way).
    minute = timezone.now()
    with mock.patch("procesregie.api.throttling.timezone.now", return_value=minute):
        Client().get(url(2024), **headers)
        for copies in (1, 10):
            house(copies).load(tmp_path / str(copies))
            cache.clear()
            with CaptureQueriesContext(connection) as queries:
                response = Client().get(url(2024), **headers)
            assert response.status_code == 200
            used.append(len(queries))
    assert response.json()["approaches"]["topx"]["flow"]["caseload"] == 30  # the data did grow (3 a copy)
    assert used[0] == used[1] == REPORT_QUERIES + ON_TOP[connection.vendor]


# The token with its client (1), the rate limit (1: its counter's upsert), the reference
# data's names for the secondary suppression (6), the access log (its chain head and the entry, in a savepoint: 6;
# the entry one statement on either database, `core.inserting`).
ON_TOP = {"sqlite": 14, "postgresql": 14}


@pytest.mark.parametrize(("value", "refused"), [("1", True), ("101", True), ("2", False)])
def test_the_threshold_setting_is_from_2_to_100(value, refused):
    """A threshold of 1 would publish every count: the settings refuse it rather than publish unprotected figures."""
    environment = {**os.environ, "PROCESREGIE_PUBLICATION_THRESHOLD": value}
    run = subprocess.run([sys.executable, "-c", "import procesregie.config.settings as s; print(s.PUBLICATION_THRESHOLD)"],
                         env=environment, capture_output=True, text=True)
    assert (run.returncode != 0) == refused
    assert ("PROCESREGIE_PUBLICATION_THRESHOLD" in run.stderr) == refused and (run.stdout.strip() == value) != refused
