"""Issue 12 §5: the measurement form has one row per life domain (each radio button before its own label, a note
field), every level keeps who scored it and its note, and the chart has a legend and says who scored."""

import base64
import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from procesregie.core.errors import DomainError
from procesregie.monitoring.models import Measurement, MeasurementKind
from procesregie.monitoring.services import measurement_record

from ..logins import verified_login
from ..personas import make_user

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
TODAY = timezone.localdate


@pytest.fixture
def regie(regisseur) -> Client:
    client = Client()
    verified_login(client, regisseur)
    return client


def add_url(case) -> str:
    return reverse("monitoring:measurement-add", args=[case.pk])


def case_url(case) -> str:
    return reverse("casework:case-detail", args=[case.pk])


def section(html: str) -> str:
    return re.search(r'<section id="metingen".*?</section>', html, re.S).group(0)


def chart_of(html: str) -> ET.Element:
    encoded = re.search(r'<img [^>]*src="data:image/svg\+xml;base64,([^"]+)"', html).group(1)
    return ET.fromstring(base64.b64decode(encoded))


def test_each_domain_is_one_row_with_its_levels_radio_before_label_and_a_note(world, regie, domains):
    html = regie.get(add_url(world.case)).content.decode()
    rows = re.findall(r'<fieldset [^>]*procesregie-measurement-row[^>]*data-domain="([^"]+)">(.*?)</fieldset>', html, re.S)
    assert [code for code, _ in rows] == ["huisvesting", "financien", "middelengebruik"]
    for code, row in rows:
        options = re.findall(r'<div class="utrecht-form-field utrecht-form-field--radio">(.*?)</label>', row, re.S)
        assert len(options) == 6
        for option in options:  # in the document, each button comes before the label that names it
            button = re.search(r'<input type="radio"[^>]*id="([^"]+)"', option)
            label = re.search(r'<label [^>]*for="([^"]+)"', option)
            assert button and label and button.start() < label.start() and button.group(1) == label.group(1)
        assert f'name="meting-note_{code}"' in row and f'for="id_meting-note_{code}"' in row


def test_the_level_and_its_note_are_kept_with_who_scored_them(world, regie, regisseur, domains):
    data = {"meting-date": TODAY().isoformat(), "meting-kind": "nulmeting", "meting-level_huisvesting": "2",
            "meting-note_huisvesting": "  Huurachterstand, woning in gevaar  ", "meting-level_financien": "3"}
    assert regie.post(add_url(world.case), data).status_code == 302
    stored = {m.domain.code: (m.level, m.note, m.recorded_by) for m in Measurement.objects.all()}
    assert stored == {"huisvesting": (2, "Huurachterstand, woning in gevaar", regisseur),
                      "financien": (3, "", regisseur)}


def test_a_note_without_a_level_is_refused_and_nothing_is_stored(world, regie, domains):
    data = {"meting-date": TODAY().isoformat(), "meting-kind": "nulmeting", "meting-level_huisvesting": "2",
            "meting-note_financien": "Niet gesproken"}
    response = regie.post(add_url(world.case), data)
    html = response.content.decode()
    assert response.status_code == 200 and "Kies bij Financiën ook een niveau, of laat de notitie leeg." in html
    assert 'href="#id_meting-note_financien"' in html  # the error summary links to the note
    assert not Measurement.objects.exists()


def test_the_service_refuses_a_note_on_a_domain_that_was_not_measured(world, regisseur, domains):
    with pytest.raises(DomainError):
        measurement_record(actor=regisseur, case=world.case, date=TODAY(), kind=MeasurementKind.NULMETING,
                           levels={domains[0]: 3}, notes={domains[1]: "los"})
    with pytest.raises(DomainError):
        measurement_record(actor=regisseur, case=world.case, date=TODAY(), kind=MeasurementKind.NULMETING,
                           levels={domains[0]: 3}, notes={domains[0]: "x" * 501})
    assert not Measurement.objects.exists()


@pytest.fixture
def scored(world, regisseur, domains):
    """A nulmeting by the regisseur, a tussenmeting by a colleague who took over, an eindmeting imported."""
    successor = make_user("opvolger", regisseur.organisation)
    successor.first_name, successor.last_name = "Olga", "Opvolger"
    successor.save()
    regisseur.first_name, regisseur.last_name = "Rita", "Regisseur"
    regisseur.save()
    start = world.case.start_date
    for offset, kind, user, note in [(0, "nulmeting", regisseur, "Begin"), (60, "tussenmeting", successor, ""),
                                     (120, "eindmeting", None, "")]:
        Measurement.objects.create(case=world.case, date=start + datetime.timedelta(days=offset), kind=kind,
                                   domain=domains[0], level=2 + offset // 60, recorded_by=user, note=note)
    return world


def test_the_table_says_who_scored_each_moment_and_lists_the_notes(scored, regie):
    html = section(regie.get(case_url(scored.case)).content.decode())
    scorers = re.findall(r'<td class="utrecht-table__cell procesregie-measurements__by">([^<]*)</td>', html)
    assert scorers == ["–", "Olga Opvolger", "Rita Regisseur"]  # newest first; the eindmeting was imported
    assert re.search(r"nulmeting, Huisvesting \(2\), door Rita Regisseur: Begin</li>", html)


def test_the_chart_has_a_legend_of_the_three_kinds_and_a_marker_per_kind(scored, regie):
    svg = chart_of(section(regie.get(case_url(scored.case)).content.decode()))
    legend = svg.find(f"{SVG}g[@class='legend']")
    assert [t.text for t in legend.iter(f"{SVG}text")] == ["nulmeting", "tussenmeting", "eindmeting"]
    assert [m.get("data-marker") for m in legend.iter() if m.get("class") == "legend-marker"] == [
        "circle", "square", "diamond"]
    points = [p for p in svg.iter() if p.get("class") == "point"]
    assert [(p.tag.removeprefix(SVG), p.get("data-date")) for p in points] == [
        ("circle", scored.case.start_date.isoformat()),
        ("rect", (scored.case.start_date + datetime.timedelta(days=60)).isoformat()),
        ("polygon", (scored.case.start_date + datetime.timedelta(days=120)).isoformat()),
    ]


def test_the_chart_and_its_text_alternative_say_who_scored(scored, regie):
    html = section(regie.get(case_url(scored.case)).content.decode())
    notes = [t.text for t in chart_of(html).find(f"{SVG}g[@class='notes']").iter(f"{SVG}text")]
    assert [line.split(":")[0] for line in notes] == [
        "Gescoord door Rita Regisseur", "Gescoord door Olga Opvolger", "Gescoord door onbekend (ingelezen)"]
    alt = re.search(r'<img [^>]*alt="([^"]+)"', html).group(1)
    assert "Gescoord door Rita Regisseur" in alt and "Gescoord door Olga Opvolger" in alt
