"""The outcomes report in the web application ("Resultaten"): for who sees aggregates, access-logged, every bad choice
answered on the page, downloads in every format, a fixed number of queries; and the annual PDF's chapter."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from procesregie.audit.models import AccessLogEntry
from procesregie.reporting.models import ReportBuild
from procesregie.reporting.outcomes import annual_chapter_window, outcomes_report

from ...days import days, on_the_day
from ...logins import verified_client
from ..test_builds import wait_until_done
from .web_cohort import add_cohort, cohort_year

pytestmark = pytest.mark.django_db

PAGE, DOWNLOAD = reverse("reporting:outcomes"), reverse("reporting:outcomes-download")
# Personas of tests/personas.py who may not see the house's aggregates (access.capabilities.SEE_AGGREGATES).
NO_AGGREGATES = ["participant", "removed", "other_org", "privacy_officer", "functional_admin"]


@pytest.fixture
def manager(world):
    return verified_client(world.users["manager"])


@pytest.fixture
def cohort(world):
    add_cohort(world, 6)
    return world


# -- who -----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("persona", NO_AGGREGATES)
def test_who_does_not_see_aggregates_gets_404_on_the_page_and_every_download(world, persona):
    client = verified_client(world.users[persona])
    assert client.get(PAGE).status_code == 404
    for fmt in ("pdf", "xlsx", "json", "csv"):
        assert client.get(DOWNLOAD, {"formaat": fmt}).status_code == 404
    assert "Resultaten" not in client.get(reverse("worklists:home")).content.decode()


def test_the_manager_finds_resultaten_in_the_menu_next_to_the_annual_report(world, manager):
    html = manager.get(reverse("worklists:home")).content.decode()
    assert f'href="{PAGE}"' in html
    assert html.index(reverse("reporting:annual-report")) < html.index(f'href="{PAGE}"')


def test_the_page_is_logged_as_a_read_of_aggregates(cohort, manager):
    response = manager.get(PAGE)
    assert response.status_code == 200
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert (entry.actor_username, entry.action, entry.object_type, entry.subject_key) == (
        "manager", "read", "reference.approach", None)
    assert entry.outcome == "granted"


# -- what the page shows -------------------------------------------------------------------------------------------

def test_by_default_the_latest_cohort_with_a_full_year_of_follow_up(cohort, manager):
    year, today = cohort_year(), timezone.localdate()
    html = manager.get(PAGE).content.decode()
    assert f'<option value="{year}" selected>{year}</option>' in html
    assert (f"personen voor het eerst besproken van 1 januari {year} tot en met 31 december {year}, "
            f"gevolgd tot {today.day} ") in html
    assert "Aanpak A" in html
    assert "Geheime" not in html and cohort.case.registration.ref not in html  # aggregates only


def test_a_window_of_ones_own_and_a_peildatum(cohort, manager):
    html = manager.get(PAGE, {"van": "2023-03-01", "tot": "2023-09-30", "peildatum": "2024-06-30"}).content.decode()
    assert "personen voor het eerst besproken van 1 maart 2023 tot en met 30 september 2023, gevolgd tot 30 juni 2024 (de peildatum)." in html
    assert "de peildatum ligt minder dan een jaar na 30 september 2023" in html  # not everyone followed a full year
    link = f"{DOWNLOAD}?formaat=json&amp;van=2023-03-01&amp;tot=2023-09-30&amp;peildatum=2024-06-30"
    assert link in html


def test_the_figures_are_those_of_the_report(cohort, manager):
    year = cohort_year()
    response = manager.get(PAGE, {"jaar": year})
    report = outcomes_report(first=datetime.date(year, 1, 1), last=datetime.date(year, 12, 31),
                             as_of=timezone.localdate())
    figures = report["approaches"]["aanpak-a"]["recidivism"]
    assert (figures["n"], figures["registrations_before"], figures["registrations_after"]) == (6, 18, 6)
    html = response.content.decode()
    assert "18" in html and "-66,7" in html.replace("−", "-").replace("-66.7", "-66,7")


@pytest.mark.parametrize("params, message", [
    ({"jaar": "twintig"}, "Kies een jaar uit de lijst."),
    ({"jaar": "99999"}, "Kies een jaar uit de lijst."),
    ({"jaar": "1800"}, "Kies een jaar uit de lijst."),
    ({"jaar": "2024\x00"}, "Kies een jaar uit de lijst."),
    ({"van": "2024-13-01", "tot": "2024-12-31"}, "Vul een geldige datum in"),
    ({"van": "morgen", "tot": "2024-12-31"}, "Vul een geldige datum in"),
    ({"van": "2024-06-01", "tot": "2024-01-01"}, "De einddatum ligt vóór de begindatum."),
    ({"van": "2024-06-01"}, "Vul ook"),
    ({"tot": "2024-06-01"}, "Vul ook"),
    ({"van": "0001-01-01", "tot": "0001-12-31"}, "Kies een datum van 1990 tot en met 2100."),
    ({"van": "9999-01-01", "tot": "9999-12-31"}, "Kies een datum van 1990 tot en met 2100."),
    ({"peildatum": "0001-01-01"}, "Kies een datum van 1990 tot en met 2100."),
    ({"peildatum": "31-12-2024x"}, "Vul een geldige datum in"),
    ({"peildatum": days(1, iso=True)},
     "De peildatum ligt na vandaag: wat daarna gebeurt, is nog niet geregistreerd."),
    ({"klein": "-3"}, "Kies een getal van 2 tot en met 100."),
    ({"klein": "1000"}, "Kies een getal van 2 tot en met 100."),
    ({"klein": "veel"}, "Vul een heel getal in."),
])
def test_a_bad_choice_is_explained_on_the_page_without_figures(cohort, manager, params, message):
    response = manager.get(PAGE, on_the_day(params))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is een probleem" in html and message in html
    assert "Er staan nog geen cijfers" in html and "Aanpak A" not in html.split('id="geen-cijfers"')[1]
    download = manager.get(DOWNLOAD, {**params, "formaat": "json"})
    assert download.status_code == 302 and download["Location"].startswith(PAGE + "?")
    assert "formaat" not in download["Location"]


def test_a_peildatum_after_today_offers_no_cohort_year_of_its_own(cohort, manager):
    today = timezone.localdate()
    html = manager.get(PAGE, {"peildatum": (today + datetime.timedelta(days=3 * 366)).isoformat()}).content.decode()
    assert "De peildatum ligt na vandaag" in html
    assert f'<option value="{today.year + 1}"' not in html  # the default cohort of that peildatum: not a real year
    assert f'<option value="{cohort_year()}" selected>' in html  # the default of today instead


# -- downloads -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt, content_type, magic", [
    ("pdf", "application/pdf", b"%PDF-"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
    ("json", "application/json", b"{"),
    ("csv", "text/csv; charset=utf-8", b""),
])
def test_downloads_in_every_format(cohort, manager, fmt, content_type, magic):
    year = cohort_year()
    response = manager.get(DOWNLOAD, {"formaat": fmt, "jaar": year, "peildatum": "2026-01-01"})
    assert response.status_code == 200
    assert response["Content-Type"] == content_type and response.content.startswith(magic)
    assert response["Content-Disposition"] == f'attachment; filename="resultaten-{year}-peildatum-2026-01-01.{fmt}"'
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert (entry.action, entry.object_type, entry.subject_key) == ("export", "reference.approach", None)


def test_a_window_of_ones_own_names_its_dates(cohort, manager):
    response = manager.get(DOWNLOAD, {"formaat": "json", "van": "2023-03-01", "tot": "2023-09-30",
                                      "peildatum": "2024-06-30"})
    assert response["Content-Disposition"] == (
        'attachment; filename="resultaten-2023-03-01-2023-09-30-peildatum-2024-06-30.json"')
    assert json.loads(response.content) == outcomes_report(
        first=datetime.date(2023, 3, 1), last=datetime.date(2023, 9, 30), as_of=datetime.date(2024, 6, 30))


def test_json_is_never_suppressed_csv_carries_the_choice(cohort, manager):
    year = cohort_year()
    query = {"jaar": year, "klein": 10}
    exact = json.loads(manager.get(DOWNLOAD, {**query, "formaat": "json"}).content)
    assert exact["approaches"]["aanpak-a"]["recidivism"]["n"] == 6  # below 10, still exact
    values = [row[-1] for row in csv.reader(io.StringIO(manager.get(DOWNLOAD, {**query, "formaat": "csv"}).content.decode()))]
    assert "<10" in values
    plain = [row[-1] for row in csv.reader(io.StringIO(manager.get(DOWNLOAD, {"jaar": year, "formaat": "csv"}).content.decode()))]
    assert "<10" not in plain
    html = manager.get(PAGE, query).content.decode()
    assert "formaat=csv&amp;van=" in html and "klein=10" in html.split("formaat=csv")[1].split('"')[0]
    assert "klein" not in html.split("formaat=json")[1].split('"')[0]  # the page's JSON link: exact, as it says


def test_an_unknown_format_is_not_found(world, manager):
    assert manager.get(DOWNLOAD, {"formaat": "exe"}).status_code == 404
    assert manager.get(DOWNLOAD, {"formaat": "html"}).status_code == 404  # the page is the HTML


# -- cost ----------------------------------------------------------------------------------------------------------

def page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE, {"jaar": cohort_year()}).status_code == 200
    return len(queries)


def test_the_page_asks_the_database_the_same_number_of_times_for_little_and_much_data(world, manager,
                                                                                     django_assert_num_queries):
    manager.get(PAGE)  # the session's first request (the device, the last login) is not the page's cost
    small = page_queries(manager)
    add_cohort(world, 40)
    add_cohort(world, 10, year=cohort_year() - 1)
    with django_assert_num_queries(small):
        assert manager.get(PAGE, {"jaar": cohort_year()}).status_code == 200


# -- the annual report's chapter -----------------------------------------------------------------------------------

def test_the_annual_pdf_with_the_outcomes_chapter_builds_with_those_figures(cohort, manager):
    year = cohort_year() + 1
    url = reverse("reporting:annual-report-download")
    page = manager.get(reverse("reporting:annual-report"), {"jaar": year}).content.decode()
    assert f"?jaar={year}&amp;formaat=pdf&amp;resultaten=1" in page and "PDF met hoofdstuk Resultaten" in page
    plain = manager.get(url, {"jaar": year, "formaat": "pdf"})
    chapter = manager.get(url, {"jaar": year, "formaat": "pdf", "resultaten": "1"})
    assert plain["Content-Type"] == chapter["Content-Type"] == "application/pdf"
    assert chapter.content.startswith(b"%PDF-") and chapter.content != plain.content
    first, last, as_of = annual_chapter_window(year)
    with_chapter = ReportBuild.objects.get(figures__has_key="outcomes")
    assert with_chapter.figures["outcomes"] == json.loads(json.dumps(outcomes_report(first=first, last=last, as_of=as_of)))
    assert ReportBuild.objects.exclude(figures__has_key="outcomes").count() == 1  # the plain one: as it was


def test_the_annual_chapter_of_a_year_still_running_is_measured_today(cohort, manager):
    """The chapter of this year's annual report follows last year's cohort up to today, not up to a 31 December
    that has not come yet: nobody is counted as followed for a full year whose year is still running."""
    today = timezone.localdate()
    manager.get(reverse("reporting:annual-report-download"), {"jaar": today.year, "formaat": "pdf", "resultaten": "1"})
    chapter = ReportBuild.objects.get(figures__has_key="outcomes").figures["outcomes"]
    assert (chapter["from"], chapter["to"], chapter["as_of"]) == (
        f"{today.year - 1}-01-01", f"{today.year - 1}-12-31", today.isoformat())


# -- the PDF as a background build ---------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_a_slow_outcomes_pdf_shows_its_progress_on_a_page_of_its_own(world, settings):
    settings.REPORT_BUILD_WAIT_SECONDS = 0  # every build counts as slow: the request never waits for it
    add_cohort(world, 3)
    client, year = verified_client(world.users["manager"]), cohort_year()
    query = {"formaat": "pdf", "jaar": year, "peildatum": "2026-01-01", "klein": 5}

    response = client.get(DOWNLOAD, query)
    assert response.status_code == 302
    build = ReportBuild.objects.get()
    status_url = reverse("reporting:outcomes-build", kwargs={"pk": build.pk})
    assert response["Location"] == status_url
    page = client.get(status_url).content.decode()
    assert f"<h1 class=\"utrecht-heading-1\">Resultaten {year} als PDF</h1>" in page
    assert f'href="{PAGE}?van={year}-01-01&amp;tot={year}-12-31&amp;peildatum=2026-01-01&amp;klein=5">Terug naar de resultaten' in page

    html = wait_until_done(client, status_url)
    file_url = reverse("reporting:outcomes-build-file", kwargs={"pk": build.pk})
    assert "Het bestand is klaar." in html and file_url in html and f"Resultaten {year} downloaden (PDF)" in html
    download = client.get(file_url)
    assert download["Content-Type"] == "application/pdf" and download.content.startswith(b"%PDF-")
    assert download["Content-Disposition"] == f'attachment; filename="resultaten-{year}-peildatum-2026-01-01.pdf"'
    # an outcomes build is not an annual report's, nor the other way round
    for name in ("annual-report-build", "annual-report-build-file"):
        assert client.get(reverse(f"reporting:{name}", kwargs={"pk": build.pk})).status_code == 404
    assert verified_client(world.users["participant"]).get(status_url).status_code == 404
    again = client.get(DOWNLOAD, query)  # the same figures: the finished file at once, no second build
    assert again.status_code == 200 and again.content == download.content and ReportBuild.objects.count() == 1


def test_a_failed_outcomes_build_offers_the_same_download_again(cohort, manager, monkeypatch):
    def broken(html, *, stage):
        raise RuntimeError("no fonts")

    monkeypatch.setattr("procesregie.reporting.outcome_views.html_to_pdf", broken)
    response = manager.get(DOWNLOAD, {"formaat": "pdf", "van": "2023-03-01", "tot": "2023-09-30",
                                      "peildatum": "2024-06-30"})
    assert response.status_code == 302
    html = manager.get(response["Location"]).content.decode()
    assert "Resultaten 1 maart 2023 – 30 september 2023 als PDF" in html and "mislukt" in html
    assert f'href="{DOWNLOAD}?formaat=pdf&amp;van=2023-03-01&amp;tot=2023-09-30&amp;peildatum=2024-06-30">Opnieuw proberen' in html


def test_a_failed_annual_build_with_the_chapter_is_tried_again_with_it(cohort, manager, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr("procesregie.reporting.views.BUILT_IN_BACKGROUND", {"pdf": broken})
    year = cohort_year() + 1
    response = manager.get(reverse("reporting:annual-report-download"), {"jaar": year, "formaat": "pdf", "resultaten": "1"})
    html = manager.get(response["Location"]).content.decode()
    assert "mislukt" in html and f"?jaar={year}&amp;formaat=pdf&amp;resultaten=1\">Opnieuw proberen" in html
