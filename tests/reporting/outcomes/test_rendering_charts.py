"""The outcomes charts as SVG: bars in proportion to the figures (each group on its own scale), the interval as an
error bar around the "after" bar, worse to the left and improved to the right, hidden counts drawn as nothing and
named, and a text alternative with the figures."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from procesregie.reporting.rendering.outcomes.charts import Panel, domain_chart, recidivism_chart

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def rects(chart, key: str) -> list[ET.Element]:
    root = ET.fromstring(chart.svg.encode("utf-8"))
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("data-key") == key]


def one(chart, key: str) -> ET.Element:
    found = rects(chart, key)
    assert len(found) == 1, (key, found)
    return found[0]


def number(rect: ET.Element, attribute: str) -> float:
    return float(rect.get(attribute))


def texts(chart) -> list[str]:
    return [t.text or "" for t in ET.fromstring(chart.svg.encode("utf-8")).iter(f"{SVG}text")]


COHORT = Panel("cohort", "Aanpak (n = 281)", 1943, 1185, [-44.1, -33.6])
COMPARISON = Panel("comparison", "Vergelijkingsgroep (n = 40)", 200, 170, [-30.2, 2.1])


def test_before_and_after_bars_follow_the_figures_in_each_group():
    chart = recidivism_chart([COHORT, COMPARISON])
    for panel in (COHORT, COMPARISON):
        before, after = one(chart, f"{panel.key}-before"), one(chart, f"{panel.key}-after")
        assert number(after, "height") / number(before, "height") == pytest.approx(panel.after / panel.before,
                                                                                    rel=0.005)
        assert number(before, "y") + number(before, "height") == pytest.approx(number(after, "y")
                                                                               + number(after, "height"))
    # the comparison group stands beside the cohort, on its own scale (its bars are not 10 times lower)
    assert number(one(chart, "comparison-before"), "x") > number(one(chart, "cohort-after"), "x")
    assert number(one(chart, "comparison-before"), "height") > number(one(chart, "cohort-before"), "height") / 2
    for label in ("1.943", "1.185", "200", "170", "Aanpak (n = 281)", "Vergelijkingsgroep (n = 40)"):
        assert label in texts(chart), label


def test_the_interval_is_an_error_bar_on_the_after_bar_for_both_groups():
    chart = recidivism_chart([COHORT, COMPARISON])
    for panel in (COHORT, COMPARISON):
        before, after, line = (one(chart, f"{panel.key}-{key}") for key in ("before", "after", "ci"))
        baseline = number(before, "y") + number(before, "height")
        per_registration = number(before, "height") / panel.before
        low, high = (panel.before * (1 + bound / 100) for bound in panel.ci)
        assert baseline - number(line, "y") == pytest.approx(high * per_registration, abs=0.2)
        assert baseline - number(line, "y") - number(line, "height") == pytest.approx(low * per_registration, abs=0.2)
        centre = number(after, "x") + number(after, "width") / 2
        assert number(line, "x") + number(line, "width") / 2 == pytest.approx(centre, abs=0.1)
        assert len(rects(chart, f"{panel.key}-ci-cap")) == 2
    alt = chart.alt.replace("\u00a0", " ")
    assert "1.943 in het jaar ervoor, 1.185 in het jaar erna" in alt and "−44,1 % tot −33,6 %" in alt
    assert "−30,2 % tot +2,1 %" in alt


def test_no_interval_no_error_bar_and_hidden_counts_are_named_not_drawn():
    chart = recidivism_chart([Panel("cohort", "Aanpak (n = 3)", 0, 2, None)])
    assert not rects(chart, "cohort-ci") and not rects(chart, "cohort-before")
    assert number(one(chart, "cohort-after"), "height") > 0
    hidden = recidivism_chart([Panel("cohort", "Aanpak (n = <5)", "<5", "afg.", "afg.")])
    assert not rects(hidden, "cohort-before") and not rects(hidden, "cohort-after") and not rects(hidden, "cohort-ci")
    assert "<5" in texts(hidden) and "afgeschermd" in texts(hidden)
    assert "<5 in het jaar ervoor, afgeschermd in het jaar erna" in hidden.alt


def test_an_interval_above_the_highest_bar_widens_the_scale_instead_of_leaving_the_chart():
    chart = recidivism_chart([Panel("cohort", "Aanpak (n = 7)", 19, 16, [-62.5, 138.9])])
    line, before = one(chart, "cohort-ci"), one(chart, "cohort-before")
    assert number(line, "y") >= 0
    baseline = number(before, "y") + number(before, "height")
    assert (baseline - number(line, "y")) / (number(before, "height") / 19) == pytest.approx(19 * 2.389, abs=0.1)


def test_life_domains_diverge_worse_to_the_left_improved_to_the_right():
    chart = domain_chart([("Huisvesting", {"n": 34, "improved": 21, "same": 10, "worse": 3}),
                          ("Financiën", {"n": 24, "improved": 8, "same": 12, "worse": 4})])
    improved, worse = rects(chart, "improved"), rects(chart, "worse")
    assert len(improved) == 2 and len(worse) == 2
    for right, left in zip(improved, worse, strict=True):
        zero = number(right, "x")
        assert number(left, "x") + number(left, "width") == pytest.approx(zero, abs=0.15)  # they meet at the axis
    assert number(improved[0], "width") / number(improved[1], "width") == pytest.approx(21 / 8, rel=0.01)
    assert number(worse[1], "width") / number(worse[0], "width") == pytest.approx(4 / 3, rel=0.01)
    assert number(improved[0], "width") / number(worse[0], "width") == pytest.approx(7, rel=0.01)
    assert "n = 34, gelijk 10" in texts(chart)
    assert "Huisvesting: 21 vooruit, 10 gelijk, 3 achteruit" in chart.alt


def test_a_hidden_domain_count_is_drawn_as_nothing_and_named():
    chart = domain_chart([("Huisvesting", {"n": 7, "improved": "<5", "same": "<5", "worse": "<5"})])
    assert not rects(chart, "improved") and not rects(chart, "worse")
    assert texts(chart).count("<5") == 2 and "n = 7, gelijk <5" in texts(chart)


def test_a_name_with_markup_stays_text():
    chart = domain_chart([("<script>alert(1)</script>", {"n": 2, "improved": 1, "same": 1, "worse": 0})])
    assert "<script>" not in chart.svg and "<script>alert(1)</script>" in texts(chart)
    root = ET.fromstring(chart.svg.encode("utf-8"))
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == chart.alt
