"""Measurements on the case page: the form (htmx and without), the chart and table, scope, and query counts."""

import base64
import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from procesregie.audit.models import AccessLogEntry
from procesregie.monitoring.models import Measurement, MeasurementKind

from ..days import days, on_the_day
from ..factories import LifeDomainFactory, closing_reason
from ..logins import verified_login

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
TODAY = timezone.localdate


def logged_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    verified_login(client, user)
    return client


@pytest.fixture
def regie(regisseur):
    return logged_in(regisseur)


def add_url(case) -> str:
    return reverse("monitoring:measurement-add", args=[case.pk])


def case_url(case) -> str:
    return reverse("casework:case-detail", args=[case.pk])


def section(html: str) -> str:
    return re.search(r'<section id="metingen".*?</section>', html, re.S).group(0)


def chart_svg(html: str) -> ET.Element:
    encoded = re.search(r'<img [^>]*src="data:image/svg\+xml;base64,([^"]+)"', html).group(1)
    return ET.fromstring(base64.b64decode(encoded))


def form_data(domains, levels, *, date=None, kind="nulmeting") -> dict:
    data = {"meting-date": (date or TODAY()).isoformat(), "meting-kind": kind}  # the form's prefix: "meting-"
    for domain, level in zip(domains, levels, strict=False):
        data[f"meting-level_{domain.code}"] = "" if level is None else str(level)
    return data


def test_the_form_has_a_radio_group_per_life_domain_in_display_order(world, regie, domains):
    html = regie.get(add_url(world.case)).content.decode()
    legends = re.findall(r"<legend[^>]*>([^<]+)</legend>", html)
    assert legends == ["Soort meting", "Huisvesting", "Financiën", "Middelengebruik"]
    for domain in domains:
        values = re.findall(rf'<input type="radio" name="meting-level_{domain.code}" value="(\d?)"', html)
        assert values == ["", "1", "2", "3", "4", "5"]
    assert 'value="" class="utrecht-radio-button utrecht-radio-button--html-input" id="id_meting-level_huisvesting_0" checked' in html
    assert "1 acuut" in html and "5 volledig zelfredzaam" in html


def test_recording_without_htmx_redirects_to_the_case_page(world, regie, domains):
    response = regie.post(add_url(world.case), form_data(domains, [2, None, 4]))
    assert response.status_code == 302 and response["Location"] == case_url(world.case) + "#metingen"
    assert sorted(Measurement.objects.values_list("domain__code", "level")) == [("huisvesting", 2), ("middelengebruik", 4)]
    assert "De meting is vastgelegd." in regie.get(response["Location"]).content.decode()


def test_recording_with_htmx_answers_with_the_updated_section(world, regie, domains):
    response = regie.post(add_url(world.case), form_data(domains, [2, 3, 4]), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and html.lstrip().startswith('<section id="metingen"') and "<html" not in html
    assert "De meting is vastgelegd." in html and "<form" not in html
    assert len(chart_svg(html).findall(".//*[@class='point']")) == 3


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
@pytest.mark.parametrize("change, error", [
    ({"levels": [None, None, None]}, "Kies bij ten minste één leefgebied een niveau."),
    ({"levels": [7, None, None]}, "Selecteer een geldige keuze"),
    ({"kind": "halve meting"}, "Selecteer een geldige keuze"),
    ({"date": days(3)}, "De datum van de meting ligt in de toekomst."),
])
def test_bad_input_shows_the_errors_and_saves_nothing(world, regie, domains, headers, change, error):
    change = on_the_day(change)  # a copy: the parameters are shared by both header variants
    data = form_data(domains, change.pop("levels", [3, None, None]), **change)
    response = regie.post(add_url(world.case), data, **headers)
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html and 'role="alert"' in html
    assert not Measurement.objects.exists()


def test_the_case_page_shows_a_chart_with_one_point_per_measurement_and_the_table(world, regie, domains):
    start = world.case.start_date
    for day, kind, levels in [(start, "nulmeting", [1, 2, 3]), (start + datetime.timedelta(days=120), "tussenmeting", [2, None, 3])]:
        for domain, level in zip(domains, levels, strict=False):
            if level:
                Measurement.objects.create(case=world.case, date=day, kind=kind, domain=domain, level=level)
    html = section(regie.get(case_url(world.case)).content.decode())
    svg = chart_svg(html)
    assert len(svg.findall(".//*[@class='point']")) == Measurement.objects.count() == 5
    alt = re.search(r'<img [^>]*alt="([^"]+)"', html).group(1)
    assert "Huisvesting: van 1 naar 2" in alt and "Financiën: 2 (één meting)" in alt and "2 meetmomenten" in alt
    assert "style=" not in html and "<script" not in html
    # the table stays, for every reader: one row per moment (newest first), one column per domain
    header = re.search(r"<thead.*?</thead>", html, re.S).group(0)
    assert re.findall(r'scope="col">([^<]+)</th>', header) == [
        "Meting", "Gescoord door", "Huisvesting", "Financiën", "Middelengebruik"]
    rows = re.findall(r'<tr class="utrecht-table__row" data-date="([^"]+)">(.*?)</tr>', html, re.S)
    assert [day for day, _ in rows] == [(start + datetime.timedelta(days=120)).isoformat(), start.isoformat()]
    levels = [re.findall(r'<td class="utrecht-table__cell utrecht-table__cell--numeric-data">(?:<data [^>]*value="(\d)")?', row)
              for _, row in rows]
    assert levels == [["2", "", "3"], ["1", "2", "3"]]


def test_only_the_procesregisseur_is_offered_the_form(world, regie, domains):
    assert "Meting vastleggen" in section(regie.get(case_url(world.case)).content.decode())
    partner = logged_in(world.users["participant"])
    assert "Meting vastleggen" not in section(partner.get(case_url(world.case)).content.decode())


@pytest.mark.parametrize("persona", ["participant", "regisseur_elsewhere", "other_org", "removed", "colleague", "manager"])
def test_others_get_not_found_and_nothing_is_stored(world, domains, persona):
    client = logged_in(world.users[persona])
    for method in ("get", "post"):
        response = getattr(client, method)(add_url(world.case), form_data(domains, [3, 3, 3]) if method == "post" else None)
        assert response.status_code == 404
        assert "Geheime" not in response.content.decode()
    assert not Measurement.objects.exists()


def test_the_section_alone_with_htmx_and_the_case_page_without(world, regie, domains):
    url = reverse("monitoring:measurements", args=[world.case.pk])
    assert regie.get(url, **HTMX).content.decode().lstrip().startswith('<section id="metingen"')
    response = regie.get(url)
    assert response.status_code == 302 and response["Location"] == case_url(world.case) + "#metingen"
    assert logged_in(world.users["other_org"]).get(url, **HTMX).status_code == 404


def close(case) -> None:
    type(case).objects.filter(pk=case.pk).update(status="closed", end_date=TODAY() - datetime.timedelta(days=3),
                                                 end_reason=closing_reason("positief"))


def test_a_closed_case_offers_no_measurement_form_and_takes_none(world, regie, domains):
    close(world.case)
    assert "Meting vastleggen" not in section(regie.get(case_url(world.case)).content.decode())
    url = reverse("monitoring:measurements", args=[world.case.pk])
    assert "Meting vastleggen" not in regie.get(url, **HTMX).content.decode()  # the section after "Annuleren"
    response = regie.get(add_url(world.case))
    assert response.status_code == 302 and response["Location"] == case_url(world.case) + "#metingen"
    assert "Deze casus is afgesloten; er kunnen geen metingen meer bij." in regie.get(response["Location"]).content.decode()
    html = regie.get(add_url(world.case), **HTMX).content.decode()
    assert html.lstrip().startswith('<section id="metingen"') and "<form" not in html and "Meting vastleggen" not in html
    for headers in ({}, HTMX):
        response = regie.post(add_url(world.case), form_data(domains, [3, 3, 3], kind="eindmeting"), **headers)
        assert response.status_code in (200, 302) and "<form" not in response.content.decode()
    assert not Measurement.objects.exists()
    assert logged_in(world.users["other_org"]).get(add_url(world.case)).status_code == 404  # still no answer to others


def _count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_the_measurements(world, regie):
    def grow(moments, domains):
        for i in range(moments):
            for domain in domains:
                Measurement.objects.create(case=world.case, date=world.case.start_date + datetime.timedelta(days=30 * i),
                                           kind=MeasurementKind.TUSSENMETING, domain=domain, level=1 + i % 5)

    grow(1, [LifeDomainFactory()])
    small_page, small_form = _count(regie, case_url(world.case)), _count(regie, add_url(world.case))
    grow(6, [LifeDomainFactory() for _ in range(12)])
    assert _count(regie, case_url(world.case)) == small_page
    assert _count(regie, add_url(world.case)) == small_form


def test_a_post_without_the_csrf_token_is_refused(world, regisseur, domains):
    client = logged_in(regisseur, enforce_csrf_checks=True)
    assert client.post(add_url(world.case), form_data(domains, [3, 3, 3])).status_code == 403
    assert not Measurement.objects.exists() and not AccessLogEntry.objects.filter(action="create").exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_not_allowed(world, regie, method):
    assert getattr(regie, method)(add_url(world.case)).status_code == 405


def test_an_open_measurement_form_keeps_the_ids_on_the_case_page_unique(world, regie, domains):
    page = regie.get(case_url(world.case)).content.decode()
    swapped = page.replace(section(page), regie.get(add_url(world.case), **HTMX).content.decode())
    ids = re.findall(r'\sid="([^"]+)"', swapped)
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
    assert 'id="id_meting-date"' in swapped
