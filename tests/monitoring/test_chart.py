"""The SVG chart: valid SVG, one point per measurement, no script or style, a text alternative that says what it shows."""

import base64
import datetime
import xml.etree.ElementTree as ET

from procesregie.monitoring.chart import Point, Series, line_chart

SVG = "{http://www.w3.org/2000/svg}"
D = datetime.date


def chart_of(series):
    return line_chart(series, title="Titel", description="Beschrijving", alt="Alternatieve tekst")


def parse(chart) -> ET.Element:
    return ET.fromstring(chart.svg)


def test_the_chart_is_valid_svg_with_one_point_per_measurement():
    series = [
        Series("Huisvesting", (Point(D(2024, 1, 1), 2), Point(D(2024, 7, 1), 3), Point(D(2025, 1, 1), 4))),
        Series("Financiën", (Point(D(2024, 1, 1), 1),)),
        Series("Middelen & <gebruik>", (Point(D(2024, 1, 1), 5), Point(D(2025, 1, 1), 5))),
    ]
    root = parse(chart_of(series))
    assert root.tag == f"{SVG}svg"
    points = root.findall(f".//{SVG}circle")
    assert len(points) == 6
    assert [(p.get("data-date"), p.get("data-level")) for p in points[:3]] == [
        ("2024-01-01", "2"), ("2024-07-01", "3"), ("2025-01-01", "4")
    ]
    assert len(root.findall(f".//{SVG}polyline")) == 2  # a line only where there are two points or more
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Middelen & <gebruik>" in texts  # escaped in the SVG, intact once parsed
    assert root.find(f"{SVG}title").text == "Titel" and root.find(f"{SVG}desc").text == "Beschrijving"


def test_higher_levels_are_drawn_higher_and_later_dates_further_right():
    root = parse(chart_of([Series("A", (Point(D(2024, 1, 1), 1), Point(D(2024, 6, 1), 5)))]))
    first, last = root.findall(f".//{SVG}circle")
    assert float(last.get("cx")) > float(first.get("cx"))
    assert float(last.get("cy")) < float(first.get("cy"))  # SVG's y grows downwards


def test_the_svg_has_no_script_no_style_and_no_links():
    svg = chart_of([Series("A", (Point(D(2024, 1, 1), 3),))]).svg
    root = ET.fromstring(svg)
    elements = list(root.iter())
    assert not [e for e in elements if e.tag in (f"{SVG}script", f"{SVG}style", f"{SVG}a", f"{SVG}foreignObject")]
    assert not [e for e in elements if "style" in e.attrib or any(a.startswith("on") for a in e.attrib)]
    assert "href" not in svg


def test_one_moment_only_is_drawn_in_the_middle():
    root = parse(chart_of([Series("A", (Point(D(2024, 1, 1), 3),)), Series("B", (Point(D(2024, 1, 1), 4),))]))
    xs = {p.get("cx") for p in root.findall(f".//{SVG}circle")}
    assert len(xs) == 1 and float(xs.pop()) > 0


def test_the_data_uri_holds_the_svg_and_the_alt_text_is_kept():
    chart = chart_of([Series("A", (Point(D(2024, 1, 1), 3),))])
    prefix = "data:image/svg+xml;base64,"
    assert chart.data_uri.startswith(prefix)
    assert base64.b64decode(chart.data_uri[len(prefix):]).decode() == chart.svg
    assert chart.alt == "Alternatieve tekst" and chart.width > 0 and chart.height > 0


def test_many_domains_wrap_into_rows_and_nothing_is_drawn_without_measurements():
    series = [Series(f"Leefgebied {i}", (Point(D(2024, 1, 1), 1 + i % 5),)) for i in range(12)]
    chart = chart_of(series)
    root = parse(chart)
    assert len(root.findall(f"{SVG}g")) == 12 and chart.height > chart.width / 2
    assert chart_of([]) is None and chart_of([Series("Leeg", ())]) is None


def test_attribute_values_are_quoted_as_xml_wants_whatever_they_hold():
    from xml.sax.saxutils import quoteattr

    from procesregie.monitoring.chart import _attrs

    values = ["3.5", "#1a1a1a", 'a "b"', "it's", "'both' \"kinds\"", "<g> & </g>", "line\nbreak\ttab"]
    for value in values:
        assert _attrs(data_value=value, class_="x") == f"data-value={quoteattr(value)} class=\"x\""
