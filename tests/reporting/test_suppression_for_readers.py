"""Hidden counts as a reader meets them (issue 14 §5, UX review): no bare marker in the summary's sentences, a marker
that cannot be taken for part of a name ("Top X"), a word instead of a marker in the charts, and a short legend
under every table that shows a hidden count."""

from __future__ import annotations

import csv
import html as html_module
import io
import re

import pytest

from procesregie.reporting.formats import render_csv
from procesregie.reporting.rendering import annual_report_context, charts, publish, render_html
from tests.reporting.rendering_sample import sample_comparison, sample_labels, sample_report

MARKER = "afg."


def test_the_summary_says_in_words_what_the_tables_hide():
    """A total hidden as "afg." (or "<5") is written out in the sentences, never as the bare marker."""
    report = sample_report()
    report["totals"]["person"].update(start="<5", inflow=MARKER, outflow=MARKER, end=MARKER)
    paragraph = annual_report_context(report, labels=sample_labels())["summary"].paragraphs[0]
    assert paragraph.startswith("Op 1 januari 2024 had het huis minder dan 5 personen in regie, op 31 december "
                                "een afgeschermd aantal.")
    assert ("De instroom in 2024 was een afgeschermd aantal personen en de uitstroom een afgeschermd aantal."
            in paragraph)
    assert MARKER not in paragraph and "<" not in paragraph


@pytest.mark.parametrize("n", [3, 5, 10])
def test_a_count_hidden_to_protect_a_sum_is_marked_afg_in_every_rendering(n):
    """Not "x": beside "Top X" and "Top X Oost" readers took it for part of the name. The CSV (plain ASCII) says
    the same."""
    published = publish(sample_report(), n, labels=sample_labels(), comparison=sample_comparison())
    assert published.secondary  # the sample needs secondary suppression at every threshold
    rows = list(csv.reader(io.StringIO(render_csv(sample_report(), suppress_below=n, labels=sample_labels())
                                       .decode("utf-8"))))
    values = {row[-1] for row in rows[1:]}
    assert MARKER in values and "x" not in values
    document = render_html(sample_report(), labels=sample_labels(), comparison=sample_comparison(),
                           suppress_below=n, standalone=False)
    cells = set(re.findall(r'<td class="[^"]*">([^<]*)</td>', document))
    assert MARKER in cells and "x" not in cells


def test_a_hidden_count_in_a_chart_is_labelled_afgeschermd():
    chart = charts.flow_chart({"start": 20, "inflow": MARKER, "outflow": "<5", "end": 30, "caseload": 40})
    svg = chart.svg
    assert ">afgeschermd<" in svg and f">{MARKER}<" not in svg
    assert "afgeschermd instroom" in chart.alt and "<5 uitstroom" in chart.alt


TABLE = re.compile(r'<table [^>]*id="([^"]+)">(.*?)</table>\s*</div>\s*'
                   r'(?:<p class="[^"]*procesregie-report__legend--table">([^<]*)</p>)?', re.S)


def test_every_table_with_a_hidden_count_has_its_own_legend_and_no_other_table_has_one():
    document = render_html(sample_report(), labels=sample_labels(), comparison=sample_comparison(),
                           suppress_below=10, standalone=False)
    tables = TABLE.findall(document)
    assert len(tables) > 20
    below = "„<10”: minder dan 10 (kan ook 0 zijn)"
    secondary = "„afg.”: afgeschermd (10 of meer), zodat u geen klein aantal kunt terugrekenen"
    with_legend = 0
    for table_id, body, legend in tables:
        cells = [html_module.unescape(cell) for cell in re.findall(r"<td[^>]*>([^<]*)</td>", body)]
        legend = html_module.unescape(legend)
        expected = [part for part, shown in ((below, any(c.startswith("<") for c in cells)),
                                             (secondary, MARKER in cells)) if shown]
        assert legend == ("; ".join(expected) + "." if expected else ""), table_id
        with_legend += bool(expected)
    assert with_legend > 10
    header = html_module.unescape(re.search(r'procesregie-report__suppression">(.*?)</p>', document, re.S).group(1))
    assert "een 0 als" not in header and "dat kan ook 0 zijn" in header and "„afg.” (10 of meer)" in header


def test_without_suppression_no_legend():
    document = render_html(sample_report(), labels=sample_labels(), standalone=False)
    assert "procesregie-report__legend" not in document
