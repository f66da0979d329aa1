"""Output formats of a computed report: FORMATS maps a format name to
`render(report, suppress_below=None, comparison=None) -> bytes`.

This is the extension point for other renderings (html, pdf, xlsx): add an entry whose function takes the
report dict (as returned by `annual_report`), the small-count threshold and the year-over-year comparison (as
returned by `annual_report_with_comparison`, or None), and returns the file's bytes. Renderers compute nothing:
the formats in `COMPARISON_FORMATS` show last year's flow when given the comparison (without it they leave that
column out); the others ignore it. `TEXT_FORMATS` lists the formats that may be written to a terminal.

Small-count suppression (`suppress_below=N`) replaces every count `0 < value < N` by the string `"<N"` in
renderings meant for publication, and (secondary suppression) the fewest, smallest other counts by `"afg."` so
that no hidden count can be recomputed from a sum. JSON is for internal use and ignores it (the command says
so).
"""

import csv
import io
import json
import re
from collections.abc import Callable, Iterator

CSV_COLUMNS = ("approach", "table", "key", "subkey", "value")

# A cell a spreadsheet would evaluate (as in the interchange exports), unless it is a plain signed integer
# such as the domain_progress delta "+2".
_FORMULA_START = re.compile(r"^[=+\-@\t\r]")
_SIGNED_INTEGER = re.compile(r"^[+-]\d+$")


def suppressed(value, suppress_below: int | None):
    """`value`, or `"<N"` when it is a count below N but above 0."""
    if suppress_below and isinstance(value, int) and not isinstance(value, bool) and 0 < value < suppress_below:
        return f"<{suppress_below}"
    return value


def long_rows(report: dict) -> Iterator[tuple[str, str, str, str, object]]:
    """The report as (approach, table, key, subkey, value) rows, in document order.

    A figure of a block is a row without key (`declined`, `persons_involved`, `unit`); a count map gives one row
    per key (`flow,start`; `outflow_by_reason,positief`); a nested map one row per key and subkey
    (`by_municipality,GM0344,start`; `domain_progress,huisvesting,+2`). Totals come last with an empty
    approach, the unit as key and the figure as subkey (`,totals,person,start,…`).
    """
    for code, block in report["approaches"].items():
        for table, content in block.items():
            if not isinstance(content, dict):
                yield code, table, "", "", content
                continue
            for key, value in content.items():
                if isinstance(value, dict):
                    for subkey, figure in value.items():
                        yield code, table, key, subkey, figure
                else:
                    yield code, table, key, "", value
    for unit, figures in report["totals"].items():
        for key, value in figures.items():
            yield "", "totals", unit, key, value


def _safe_cell(value) -> str:
    text = str(value)
    if _FORMULA_START.match(text) and not _SIGNED_INTEGER.match(text):
        return "'" + text
    return text


def render_json(report: dict, suppress_below: int | None = None, comparison: dict | None = None) -> bytes:
    """UTF-8 JSON, indent 1, keys in document order (stable). Never suppressed: for internal use."""
    return (json.dumps(report, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def render_csv(report: dict, suppress_below: int | None = None, comparison: dict | None = None,
               labels: dict | None = None) -> bytes:
    """One long table `approach,table,key,subkey,value` (UTF-8, `\\n` line ends, formula-escaped cells).

    With `suppress_below` the counts are published as every other rendering publishes them ("<N" and, so that
    no sum reveals one, "afg."; `rendering.publish`); the roll-ups come from `labels` (default: the reference
    data). Without last year's figures, so the hidden counts are exactly those of the other renderings."""
    if suppress_below and suppress_below > 1:
        from procesregie.reporting import rendering

        report = rendering.publish(report, suppress_below, labels=labels if labels is not None
                                   else rendering.labels_from_reference()).report
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for *names, value in long_rows(report):
        writer.writerow([_safe_cell(cell) for cell in (*names, suppressed(value, suppress_below))])
    return buffer.getvalue().encode("utf-8")


Renderer = Callable[[dict, int | None, dict | None], bytes]


def _publication(render_name: str) -> Renderer:
    """A rendering for readers: names from the reference data and, given the comparison, the previous year's
    flow next to this year's; given `outcomes` (an outcomes report; html and pdf), the chapter 'Resultaten'."""

    def render(report: dict, suppress_below: int | None = None, comparison: dict | None = None, *,
               outcomes: dict | None = None) -> bytes:
        from procesregie.reporting import rendering

        chapter = {"outcomes": outcomes} if outcomes is not None else {}
        output = getattr(rendering, render_name)(
            report, labels=rendering.labels_from_reference(), comparison=comparison, suppress_below=suppress_below,
            **chapter,
        )
        return output.encode("utf-8") if isinstance(output, str) else output

    return render


FORMATS: dict[str, Renderer] = {
    "json": render_json,
    "csv": render_csv,
    "html": _publication("render_html"),
    "pdf": _publication("render_pdf"),
    "xlsx": _publication("render_xlsx"),
}
TEXT_FORMATS = {"json", "csv", "html"}
# Formats that show the year-over-year comparison (pass it: `annual_report_with_comparison`).
COMPARISON_FORMATS = {"html", "pdf", "xlsx"}
# Formats whose output is never suppressed (the command warns when --suppress-below is given with one).
UNSUPPRESSED_FORMATS = {"json"}
