"""The annual report's charts as SVG: what a reader sees (bars in proportion, suppressed counts labelled, last
year beside this year) and what an attacker would try (a name with markup stays text)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.utils import translation

from procesregie.reporting.rendering import charts

SVG = "{http://www.w3.org/2000/svg}"
FLOW = {"start": 10, "inflow": 20, "transfer_in": 0, "outflow": 5, "transfer_out": 0, "end": 25, "caseload": 30}
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def parse(chart: charts.Chart) -> ET.Element:
    return ET.fromstring(chart.svg.encode("utf-8"))


def bars(root: ET.Element, *modifiers: str) -> list[ET.Element]:
    """The bars (not the legend's swatches), optionally only those with every one of `modifiers` as class."""
    found = [rect for rect in root.iter(f"{SVG}rect") if "bar" in rect.get("class", "").split()]
    return [rect for rect in found if all(f"bar--{m}" in rect.get("class").split() for m in modifiers)]


def bar(root: ET.Element, key: str, *, previous: bool = False) -> ET.Element:
    found = [rect for rect in bars(root) if rect.get("data-key") == key
             and ("bar--previous" in rect.get("class").split()) == previous]
    assert len(found) == 1, (key, found)
    return found[0]


def size(rect: ET.Element, attribute: str) -> float:
    return float(rect.get(attribute))


def texts(root: ET.Element, kind: str | None = None) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text") if kind is None or t.get("class") == kind]


def test_vertical_bars_are_proportional_to_their_figures():
    root = parse(charts.flow_chart(FLOW))
    start, inflow, outflow, end = (bar(root, key) for key in ("start", "inflow", "outflow", "end"))
    assert size(inflow, "height") == pytest.approx(2 * size(start, "height"), rel=0.01)
    assert size(end, "height") == pytest.approx(5 * size(outflow, "height"), rel=0.01)
    # all standing on the same axis
    assert len({round(size(r, "y") + size(r, "height"), 1) for r in (start, inflow, outflow, end)}) == 1
    duration = parse(charts.duration_chart([("< 1 jaar", 10), ("1–2 jaar", 20), ("> 4 jaar", 0)]))
    assert size(bar(duration, "1–2 jaar"), "height") == pytest.approx(2 * size(bar(duration, "< 1 jaar"), "height"),
                                                                        rel=0.01)
    assert [r.get("data-key") for r in bars(duration)] == ["< 1 jaar", "1–2 jaar"]  # a zero draws nothing


def test_horizontal_bars_are_proportional_to_their_figures():
    root = parse(charts.area_chart([("Amersfoort", {"start": 10, "end": 20}), ("Soest", {"start": 5, "end": 40})]))
    widths = [size(r, "width") for r in bars(root)]
    assert widths == pytest.approx([10 * widths[0] / 10, 2 * widths[0], widths[0] / 2, 4 * widths[0]], rel=0.01)
    assert len({r.get("x") for r in bars(root)}) == 1  # all from the same axis
    overview = parse(charts.overview_chart([("Top X", 0, {"start": 30, "end": 15})]))
    assert size(bar(overview, "start"), "width") == pytest.approx(2 * size(bar(overview, "end"), "width"), rel=0.01)


def test_diverging_bars_are_proportional_and_go_both_ways():
    root = parse(charts.domain_progress_chart([("Huisvesting", {"n": 45, "-1": 10, "0": 5, "+1": 10, "+2": 20})]))
    down, up, further = bar(root, "-1"), bar(root, "+1"), bar(root, "+2")
    assert size(down, "width") == pytest.approx(size(up, "width"), rel=0.01)
    assert size(further, "width") == pytest.approx(2 * size(up, "width"), rel=0.01)
    zero = size(down, "x") + size(down, "width")  # going back ends where going forward begins
    assert size(up, "x") == pytest.approx(zero, abs=0.1)
    assert size(further, "x") == pytest.approx(zero + size(up, "width"), abs=0.1)
    assert "n = 45, gelijk 5" in texts(root, "detail")


def test_the_domain_legend_has_the_eight_colours():
    root = parse(charts.domain_progress_chart([("Huisvesting", {"n": 3, "+1": 3})]))
    swatches = [r.get("fill") for r in root.iter(f"{SVG}rect") if not r.get("class") and r.get("width") == "12"]
    assert swatches == [*reversed(charts.NEGATIVE), *charts.POSITIVE]
    assert texts(root, "legend")[-8:] == ["−4", "−3", "−2", "−1", "+1", "+2", "+3", "+4"]
    assert "verschil eindmeting − nulmeting" in texts(root, "legend")


def test_a_suppressed_count_is_drawn_as_nothing_and_labelled():
    root = parse(charts.flow_chart({**FLOW, "inflow": "<5", "transfer_in": "<5"}))
    assert [r.get("data-key") for r in bars(root)] == ["start", "outflow", "end"]
    assert "<5 + <5" in texts(root, "value")
    area = parse(charts.area_chart([("Soest", {"start": "<5", "end": 12})]))
    assert [r.get("data-key") for r in bars(area)] == ["end"]
    assert texts(area, "value") == ["<5", "12"]
    domain = parse(charts.domain_progress_chart([("Huisvesting", {"n": 15, "0": "<5", "+1": 10, "+2": "<5"})]))
    assert [r.get("data-key") for r in bars(domain)] == ["+1"]
    assert "+ <5" in texts(domain, "value")
    assert "n = 15, gelijk <5" in texts(domain, "detail")
    duration = parse(charts.duration_chart([("< 1 jaar", "<5"), ("1–2 jaar", 7)]))
    assert [r.get("data-key") for r in bars(duration)] == ["1–2 jaar"]
    assert texts(duration, "value") == ["<5", "7"]


def test_transfers_are_a_hatched_part_only_when_there_are_transfers():
    plain = charts.flow_chart(FLOW)
    assert bars(parse(plain), "transfer") == [] and "<pattern" not in plain.svg
    assert "overdracht tussen aanpakken" not in plain.svg

    root = parse(charts.flow_chart({**FLOW, "transfer_in": 10}))
    inflow, transfer = bar(root, "inflow"), bar(root, "transfer_in")
    assert bars(root, "transfer") == [transfer]
    assert size(transfer, "height") == pytest.approx(size(inflow, "height") / 2, rel=0.01)
    assert size(transfer, "y") + size(transfer, "height") == pytest.approx(size(inflow, "y"), abs=0.1)  # on top
    pattern = re.fullmatch(r"url\(#(.+)\)", transfer.get("fill")).group(1)
    assert pattern in [p.get("id") for p in root.iter(f"{SVG}pattern")]
    assert "20 + 10" in texts(root, "value") and "overdracht tussen aanpakken" in texts(root, "legend")
    # a suppressed transfer is named in the legend and the label, and drawn as nothing
    hidden = parse(charts.flow_chart({**FLOW, "transfer_out": "<5"}))
    assert bars(hidden, "transfer") == [] and "5 + <5" in texts(hidden, "value")
    assert "overdracht tussen aanpakken" in texts(hidden, "legend")


def test_last_years_bars_only_with_previous():
    alone = parse(charts.flow_chart(FLOW, year=2024))
    assert bars(alone, "previous") == [] and "2023" not in texts(alone)
    assert texts(alone, "value") == ["10", "20", "5", "25"]
    previous = {"start": 8, "inflow": 4, "transfer_in": 0, "outflow": 2, "transfer_out": 0, "end": 10}
    root = parse(charts.flow_chart(FLOW, previous, year=2024))
    assert [r.get("data-key") for r in bars(root, "previous")] == ["start", "inflow", "outflow", "end"]
    for key in ("start", "inflow", "outflow", "end"):
        before, now = bar(root, key, previous=True), bar(root, key)
        assert size(before, "x") + size(before, "width") <= size(now, "x") + 0.1  # beside it, on its left
        assert _lightness(before.get("fill")) > _lightness(now.get("fill"))  # the same colour, lighter
    assert size(bar(root, "end", previous=True), "height") == pytest.approx(size(bar(root, "end"), "height") * 10 / 25,
                                                                            rel=0.01)
    assert texts(root, "legend") == ["2023", "2024"]


def _lightness(colour: str) -> int:
    return sum(int(colour[i:i + 2], 16) for i in (1, 3, 5))


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "Bunnik & Co <b>", "O'Neill \"Q\" ]]> &amp;"])
def test_names_from_the_database_stay_text(name):
    drawn = [
        charts.area_chart([(name, {"start": 3, "end": 4})]),
        charts.overview_chart([(name, 0, {"start": 3, "end": 4})]),
        charts.domain_progress_chart([(name, {"n": 3, "+1": 3})]),
        charts.duration_chart([(name, 3)]),
        charts.flow_chart(FLOW, {"start": name}),  # a figure that is text is drawn as nothing, written as text
    ]
    for chart in drawn:
        root = parse(chart)  # still well-formed XML
        assert {element.tag for element in root.iter()} <= {f"{SVG}{tag}" for tag in (
            "svg", "title", "defs", "pattern", "path", "rect", "g", "line", "text")}
        assert "<script" not in chart.svg and "<b>" not in chart.svg
    for chart in drawn[:4]:
        assert name in " ".join(texts(parse(chart), "category"))


def test_a_name_with_a_control_character_still_gives_xml():
    chart = charts.area_chart([("Zeist\x01\x02", {"start": 3, "end": 4})])
    assert texts(parse(chart), "category") == ["Zeist"]
    assert "Zeist\x01\x02" in chart.alt  # the alt text is an HTML attribute: the page escapes it


def test_the_same_figures_give_the_same_bytes():
    rows = [("Huisvesting", {"n": 15, "-1": 1, "0": 3, "+1": 5, "+2": 6})]
    for draw in (lambda: charts.flow_chart(FLOW, {**FLOW, "transfer_in": 2}, year=2024),
                 lambda: charts.area_chart([("Soest", {"start": 3, "end": 4})]),
                 lambda: charts.overview_chart([("Top X", 0, FLOW), ("Top X Oost", 1, FLOW)]),
                 lambda: charts.duration_chart([("< 1 jaar", 3)]),
                 lambda: charts.domain_progress_chart(rows)):
        first, second = draw(), draw()
        assert first == second and first.data_uri == second.data_uri


def test_coordinates_are_numbers_whatever_the_language():
    root = parse(charts.overview_chart([("Top X", 0, {"start": 7, "end": 3}), ("Oost", 1, {"start": 1, "end": 2})]))
    numbers = [element.get(name) for element in root.iter() for name in ("x", "y", "width", "height", "x1", "y2")
               if element.get(name) is not None]
    assert any("." in n for n in numbers)  # fractions are written with a dot, not the Dutch comma
    for number in numbers:
        float(number)


def test_alt_texts_state_the_figures():
    flow = charts.flow_chart(FLOW, {**FLOW, "start": 8}, year=2024)
    assert flow.alt == ("Staafdiagram van de stroom: 10 1 januari, 20 instroom, 5 uitstroom, 25 31 december. "
                        "Vorig jaar: 8 1 januari, 20 instroom, 5 uitstroom, 25 31 december.")
    area = charts.area_chart([("Soest", {"start": "<5", "end": 12})])
    assert area.alt.endswith(": Soest: <5 → 12.")
    assert "Top X: 10 → 25" in charts.overview_chart([("Top X", 0, FLOW)]).alt
    assert "< 1 jaar: 3, 1–2 jaar: <5" in charts.duration_chart([("< 1 jaar", 3), ("1–2 jaar", "<5")]).alt
    domain = charts.domain_progress_chart([("Huisvesting", {"n": 15, "-1": 1, "0": 3, "+1": 5, "+2": "<5"})])
    assert "Huisvesting: 5 en afgeschermde aantallen (<5) vooruit, 3 gelijk, 1 achteruit" in domain.alt
    assert parse(domain).find(f"{SVG}title").text == domain.alt  # the name of the image opened on its own


def test_integer_ticks_at_nice_steps():
    for highest, expected in ((52, [0, 10, 20, 30, 40, 50, 60]), (7, [0, 2, 4, 6, 8]), (0, [0, 1]),
                              (1234, [0, 500, 1000, 1500])):
        root = parse(charts.flow_chart({"start": highest}))
        assert [int(t) for t in texts(root, "tick")] == expected
    root = parse(charts.domain_progress_chart([("Huisvesting", {"n": 23, "-1": 3, "+1": 20})]))
    assert texts(root, "tick") == ["20", "15", "10", "5", "0", "5", "10", "15", "20"]


@pytest.mark.skipif(not (DEJAVU / "DejaVuSans.ttf").exists(), reason="DejaVu Sans (fonts-dejavu-core) not installed")
def test_long_names_are_not_cut_off():
    """Measured with the real font the PDF uses, every name stays inside the drawing and left of the bars."""
    from fontTools.ttLib import TTFont

    fonts = {weight: TTFont(DEJAVU / f"DejaVuSans{suffix}.ttf") for weight, suffix in (("normal", ""),
                                                                                        ("bold", "-Bold"))}

    def width(element: ET.Element) -> float:
        font = fonts[element.get("font-weight", "normal")]
        cmap, metrics, units = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
        return sum(metrics[cmap[ord(c)]][0] for c in element.text) / units * float(element.get("font-size"))

    long = "Gemeente Súdwest-Fryslân & Waadhoeke WWWWMMMM"
    single = "Hoogheemraadschapsgebiedsvertegenwoordigersoverlegcommissievergadering"  # no space: cannot wrap, widens the chart
    drawn = [charts.area_chart([(long, {"start": 3, "end": 4}), ("Zeist", {"start": 30, "end": 40})]),
             charts.overview_chart([(long.upper(), 0, FLOW), (long, 2, FLOW)]),
             charts.domain_progress_chart([(long, {"n": 3, "+1": 3}), (single, {"n": 3, "-1": 3})]),
             charts.area_chart([(single, {"start": 3, "end": 4})])]
    for chart in drawn:
        root = parse(chart)
        axis = min(size(r, "x") for r in bars(root))
        for label in (t for t in root.iter(f"{SVG}text") if t.get("class") in ("category", "detail")):
            x = float(label.get("x"))
            start, end = {"start": (x, x + width(label)), "end": (x - width(label), x)}[label.get("text-anchor", "start")]
            assert 0 <= start and end < axis, (label.text, start, end, axis)
    assert drawn[0].width == charts.WIDTH and len(texts(parse(drawn[0]), "category")) == 3  # wrapped, not widened
    assert drawn[2].width > charts.WIDTH and drawn[3].width > charts.WIDTH  # a word too long to wrap


def test_the_overview_shows_the_tree():
    root = parse(charts.overview_chart([("Top X", 0, FLOW), ("Top X Oost", 1, FLOW), ("MDA++", 0, FLOW)]))
    labels = {t.text: t for t in root.iter(f"{SVG}text") if t.get("class") == "category"}
    assert labels["Top X"].get("font-weight") == "bold" and labels["MDA++"].get("font-weight") == "bold"
    assert labels["Top X Oost"].get("font-weight") is None
    assert float(labels["Top X Oost"].get("x")) > float(labels["Top X"].get("x"))
    assert texts(root, "legend") == ["1 januari", "31 december"]
