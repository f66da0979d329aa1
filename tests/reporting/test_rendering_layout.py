"""How an approach's sections share the page (rendering/layout.py): every section once, wide ones with their chart
beside the table, short ones in two balanced columns, and nothing too tall held together on one page."""

from __future__ import annotations

import copy

import pytest

from procesregie.reporting.rendering import annual_report_context
from procesregie.reporting.rendering.layout import KEEP_WIDE_LINES, estimated_lines
from tests.reporting.rendering_sample import sample_comparison, sample_labels, sample_report


@pytest.fixture(scope="module")
def pages():
    return annual_report_context(sample_report(), labels=sample_labels(), comparison=sample_comparison())[
        "approach_pages"]


def _kinds(band):
    return [[section.kind for section in column] for column in band.columns]


def test_every_section_is_laid_out_once_in_reading_order(pages):
    for page in pages:
        laid_out = [section for band in page.bands for column in band.columns for section in column]
        assert sorted(map(id, laid_out)) == sorted(map(id, page.sections)), page.code
        assert _kinds(page.bands[0]) == [["flow"]], page.code


def test_flow_municipalities_and_domains_stand_across_the_page_with_their_chart_beside(pages):
    mda = next(page for page in pages if page.code == "mda")
    wide = [band for band in mda.bands if band.wide]
    assert [_kinds(band) for band in wide] == [[["flow"]], [["municipalities"]], [["domains"]]]
    assert all(band.columns[0][0].beside and band.columns[0][0].chart for band in wide)


def test_the_short_sections_share_two_balanced_columns(pages):
    mda = next(page for page in pages if page.code == "mda")
    (columns,) = [band for band in mda.bands if not band.wide]
    assert len(columns.columns) == 2
    heights = [sum(estimated_lines(section) for section in column) for column in columns.columns]
    tallest_section = max(estimated_lines(section) for column in columns.columns for section in column)
    assert abs(heights[0] - heights[1]) <= tallest_section
    assert sorted(kind for column in _kinds(columns) for kind in column) == sorted(
        ["reasons", "reporters", "durations", "discussions", "interventions", "signals", "escalations", "districts"])


def test_an_approach_without_cases_has_no_wide_chart_bands(pages):
    levensloop = next(page for page in pages if page.code == "levensloop")
    assert _kinds(levensloop.bands[0]) == [["flow"]]
    assert not levensloop.bands[0].columns[0][0].beside  # nothing to draw
    assert all(not band.wide for band in levensloop.bands[1:])


def test_a_band_taller_than_a_page_may_break():
    """A house with many municipalities and reporters: their tables start where the page has room and run on
    to the next, rather than first moving to a new page and leaving most of the last one empty."""
    report = copy.deepcopy(sample_report())
    block = report["approaches"]["mda"]
    block["by_municipality"] = {f"GM{n:04d}": {"start": n, "end": n, "plus": 1, "minus": 1} for n in range(80)}
    block["inflow_by_reporter"] = {f"org-{n}": n + 1 for n in range(80)}
    mda = next(page for page in annual_report_context(report, labels=sample_labels())["approach_pages"]
               if page.code == "mda")
    municipalities = next(band for band in mda.bands if _kinds(band) == [["municipalities"]])
    assert estimated_lines(municipalities.columns[0][0]) > KEEP_WIDE_LINES
    assert not municipalities.keep
    assert not next(band for band in mda.bands if not band.wide).keep
    assert next(band for band in mda.bands if _kinds(band) == [["domains"]]).keep  # short: kept whole
