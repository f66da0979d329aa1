"""Report snapshots in the web application: the list and each stored JSON, exactly as stored, access-logged."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from procesregie.audit.models import AccessLogEntry
from procesregie.reporting.annual import annual_report
from procesregie.reporting.formats import render_json
from procesregie.reporting.models import ReportSnapshot
from procesregie.retention.erasure import erase_person
from procesregie.retention.safeguard import reports_unchanged

from .. import factories as f
from ..logins import verified_client

pytestmark = pytest.mark.django_db


def _snapshots(n: int) -> None:
    for year in range(2000, 2000 + n):
        ReportSnapshot.objects.create(kind="annual", parameters={"year": year}, document=f'{{"year": {year}}}\n',
                                      sha256=f"{year:064d}", taken_at=datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC))


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
    client = verified_client(world.users["manager"])
    _snapshots(2)
    client.get(reverse("reporting:snapshots"))  # warm the session and the menu's caches
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reporting:snapshots"))
    _snapshots(30)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("reporting:snapshots"))
    assert response.content.decode().count("JSON downloaden") == 32
    assert len(many.captured_queries) == len(few.captured_queries)
