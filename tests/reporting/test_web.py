"""The annual report in the web application: aggregates for managers, downloads, access-logged."""

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from procesregie.audit.models import AccessLogEntry
from procesregie.reporting.annual import annual_report

from ..logins import verified_client

pytestmark = pytest.mark.django_db


def test_manager_reads_the_figures_without_personal_data(world):
    year = world.case.start_date.year
    response = verified_client(world.users["manager"]).get(reverse("reporting:annual-report"), {"jaar": year})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Aanpak A" in html and f"Jaarverslag {year}" in html
    assert "Geheime" not in html and world.case.registration.ref not in html
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert (entry.actor_username, entry.action, entry.object_type, entry.subject_key) == ("manager", "read", "reference.approach", None)


def test_partners_do_not_get_the_report(world):
    assert verified_client(world.users["participant"]).get(reverse("reporting:annual-report")).status_code == 404
    download = verified_client(world.users["participant"]).get(reverse("reporting:annual-report-download"), {"formaat": "json"})
    assert download.status_code == 404


@pytest.mark.parametrize("params", [{"jaar": "twintig"}, {"jaar": "99999"}, {"klein": "-3"}, {"jaar": "2024\x00"}])
def test_bad_choices_are_ignored_not_fatal(world, params):
    assert verified_client(world.users["manager"]).get(reverse("reporting:annual-report"), params).status_code == 200


def test_downloads_carry_the_same_figures(world):
    year = world.case.start_date.year
    client = verified_client(world.users["manager"])
    url = reverse("reporting:annual-report-download")
    as_json = client.get(url, {"jaar": year, "formaat": "json"})
    assert as_json["Content-Type"] == "application/json"
    assert json.loads(as_json.content) == json.loads(json.dumps(annual_report(year=year)))
    pdf = client.get(url, {"jaar": year, "formaat": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = client.get(url, {"jaar": year, "formaat": "xlsx", "klein": 5})
    assert xlsx.content.startswith(b"PK")  # a zip container, as every XLSX
    headers = [cell.value for cell in next(load_workbook(io.BytesIO(xlsx.content)).worksheets[0].iter_rows())]
    assert f"Instroom ({year - 1})" in headers  # last year's flow beside this year's, as in the PDF
    assert client.get(url, {"jaar": year, "formaat": "exe"}).status_code == 404
    exports = AccessLogEntry.objects.filter(actor_username="manager", action="export")
    assert exports.count() == 3 and not exports.filter(subject_key__isnull=False).exists()
