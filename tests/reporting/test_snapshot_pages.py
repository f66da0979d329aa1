"""Report snapshots in the web application: the list and each stored JSON, exactly as stored, access-logged."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from procesregie.audit.models import AccessLogEntry
from procesregie.reporting.annual import annual_report
from procesregie.reporting.formats import render_json
from procesregie.reporting.models import ReportSnapshot
from procesregie.retention.erasure import erase_person
from procesregie.retention.models import DestructionList
from procesregie.retention.safeguard import reports_unchanged

from .. import factories as f
from ..logins import verified_client

pytestmark = pytest.mark.django_db


def _snapshots(n: int, *, destruction_list=None, start: int = 2000, on=datetime.date(2026, 12, 1)) -> None:
    for year in range(start, start + n):
        ReportSnapshot.objects.create(kind="annual", parameters={"year": year}, document=f'{{"year": {year}}}\n',
                                      sha256=f"{year:064d}", destruction_list=destruction_list,
                                      taken_at=datetime.datetime(on.year, on.month, on.day, 12, tzinfo=datetime.UTC))


def _destruction(as_of: datetime.date) -> DestructionList:
    return DestructionList.objects.create(as_of=as_of)


def test_the_privacy_officer_opens_the_annual_report_as_it_was_before_a_destruction(world):
    case = f.CaseFactory(closed=True, registration__registered_on=datetime.date(2018, 1, 10))
    before = render_json(annual_report(year=2018))
    with reports_unchanged():
        erase_person(actor=None, person=case.registration.person, on=datetime.date(2026, 12, 1))
    client = verified_client(world.users["privacy_officer"])

    page = client.get(reverse("reporting:snapshots"))
    snapshot = ReportSnapshot.objects.get(kind="annual", parameters__year=2018)
    assert page.status_code == 200
    assert reverse("reporting:snapshot-file", args=[snapshot.pk]) in page.content.decode()

    download = client.get(reverse("reporting:snapshot-file", args=[snapshot.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/json"
    assert download.content == before
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert (entry.actor_username, entry.action, entry.object_type, entry.object_id, entry.subject_key) == (
        "privacy", "export", "reporting.reportsnapshot", str(snapshot.pk), None)


@pytest.mark.parametrize("persona", ["participant", "functional_admin"])
def test_who_does_not_see_the_figures_gets_no_snapshot_and_is_logged_as_denied(world, persona):
    """Snapshots are the exact, unsuppressed figures: not for a partner, nor for the functional administrator (who
    sees the retention records, but never the house's figures). The refusal is in the access log, without a
    subject."""
    _snapshots(1)
    client = verified_client(world.users[persona])
    snapshot = ReportSnapshot.objects.get()
    start = AccessLogEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    listed = client.get(reverse("reporting:snapshots"))
    download = client.get(reverse("reporting:snapshot-file", args=[snapshot.pk]))
    assert listed.status_code == download.status_code == 404
    assert "2000" not in download.content.decode()
    denied = list(AccessLogEntry.objects.filter(sequence__gt=start).order_by("sequence").values_list(
        "actor_username", "action", "outcome", "object_type", "object_id", "subject_key"))
    assert denied == [(world.users[persona].username, "read", "denied", "reporting.reportsnapshot", "", None),
                      (world.users[persona].username, "export", "denied", "reporting.reportsnapshot", "", None)]


def test_without_snapshots_the_page_says_so(world):
    page = verified_client(world.users["manager"]).get(reverse("reporting:snapshots"))
    assert "nog geen momentopnamen" in page.content.decode()


def test_the_list_reads_the_same_number_of_queries_for_any_number_of_snapshots(world):
    """Also for any number of destruction lists: each entry shows its list's peildatum."""
    client = verified_client(world.users["manager"])
    _snapshots(2, destruction_list=_destruction(datetime.date(2026, 1, 1)))
    client.get(reverse("reporting:snapshots"))  # warm the session and the menu's caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reporting:snapshots"))
    for number in range(10):
        _snapshots(3, destruction_list=_destruction(datetime.date(2026, 2, 1 + number)), start=2010 + 3 * number)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("reporting:snapshots"))
    assert response.content.decode().count("JSON downloaden") == 32
    assert response.content.decode().count("Vernietiging met peildatum") == 11
    assert len(many.captured_queries) == len(few.captured_queries)


def _entries(page: str) -> list[tuple[str, list[str]]]:
    """(heading, the years listed under it) per destruction, in the page's order."""
    sections = re.findall(r'<h2 class="utrecht-heading-2" id="vernietiging-\d+">([^<]*)</h2>(.*?)</section>', page,
                          re.S)
    return [(heading, re.findall(r'<td class="utrecht-table__cell">([^<]*)</td>', body)) for heading, body in sections]


def test_the_list_has_one_entry_per_destruction_with_its_peildatum_and_years(world):
    _snapshots(1, destruction_list=_destruction(datetime.date(2026, 6, 1)), start=2018, on=datetime.date(2026, 6, 2))
    _snapshots(3, destruction_list=_destruction(datetime.date(2026, 12, 6)), start=2017, on=datetime.date(2026, 12, 7))
    _snapshots(1, start=2015, on=datetime.date(2026, 3, 1))
    page = verified_client(world.users["manager"]).get(reverse("reporting:snapshots")).content.decode()
    assert _entries(page) == [("Vernietiging met peildatum 6 december 2026", ["2017", "2018", "2019"]),
                              ("Vernietiging met peildatum 1 juni 2026", ["2018"]),
                              ("Zonder vernietigingslijst", ["2015"])]
    assert "Vastgelegd op 7 december 2026" in page
    assert "Parameters" not in page and '<th class="utrecht-table__header-cell" scope="col">Jaar</th>' in page
    crumbs = re.search(r'<nav class="utrecht-breadcrumb-nav[^>]*aria-label="Kruimelpad">(.*?)</nav>', page, re.S)
    assert f'href="{reverse("reporting:annual-report")}">Jaarverslag</a>' in crumbs.group(1)


def test_the_annual_report_of_a_snapshot_reads_as_a_page_and_is_logged(world):
    case = f.CaseFactory(closed=True, registration__registered_on=datetime.date(2018, 1, 10))
    before = annual_report(year=2018)
    with reports_unchanged():
        erase_person(actor=None, person=case.registration.person, on=datetime.date(2026, 12, 1))
    snapshot = ReportSnapshot.objects.get(kind="annual", parameters__year=2018)
    client = verified_client(world.users["privacy_officer"])
    listed = client.get(reverse("reporting:snapshots")).content.decode()
    assert reverse("reporting:snapshot-page", args=[snapshot.pk]) in listed

    page = client.get(reverse("reporting:snapshot-page", args=[snapshot.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert re.search(r'<h1 [^>]*id="jaarverslag-titel">\s*Jaarverslag 2018\s*</h1>', content)
    assert before["totals"]["person"]["inflow"] == 1  # the stored figure (gone from today's report), unsuppressed
    assert "De instroom in 2018 was 1 persoon" in content
    assert reverse("reporting:snapshot-file", args=[snapshot.pk]) in content
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert (entry.actor_username, entry.action, entry.object_type, entry.object_id, entry.subject_key) == (
        "privacy", "read", "reporting.reportsnapshot", str(snapshot.pk), None)


def test_a_snapshot_the_renderings_cannot_read_says_so(world):
    _snapshots(1)
    snapshot = ReportSnapshot.objects.get()
    page = verified_client(world.users["manager"]).get(reverse("reporting:snapshot-page", args=[snapshot.pk]))
    assert page.status_code == 200
    assert "kan niet als pagina worden getoond" in page.content.decode()


def test_who_does_not_see_the_figures_gets_no_snapshot_page(world):
    _snapshots(1)
    snapshot = ReportSnapshot.objects.get()
    client = verified_client(world.users["functional_admin"])
    assert client.get(reverse("reporting:snapshot-page", args=[snapshot.pk])).status_code == 404
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert (entry.action, entry.outcome, entry.object_id, entry.subject_key) == ("read", "denied", "", None)
