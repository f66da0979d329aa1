"""Output formats of the outcomes report (shared/spec/outcomes.md): OUTCOME_FORMATS maps a format name to
`render(report, suppress_below, labels=None) -> bytes`, for `procesregie report outcomes --format` and the downloads of
the managers' page.

JSON is the exact document, never suppressed. The others are for readers: names from `labels` (read with
`rendering.labels_from_reference()` when not given, and only by a format that needs them), and with `suppress_below=N` the published figures of
`rendering.outcomes.publish_outcomes` (counts below N as "<N", secondary suppression "afg.", percentages and
intervals of a hidden count hidden too), the same in every format.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from .formats import CSV_COLUMNS, _safe_cell, render_json

CSV_HELP = """\
CSV (one long table, UTF-8, a header line): approach,table,key,subkey,value
  ,window,from|to|as_of,,YYYY-MM-DD          the window of first discussions and the peildatum
  A,recidivism,FIGURE,,VALUE                 FIGURE: n, not_eligible, excluded_deceased, registrations_before,
                                             registrations_after, change_pct, persons_any_before,
                                             persons_any_after (change_pct empty when before is 0)
  A,recidivism,ci95_change_pct,low|high,%    the 95 % bootstrap interval of change_pct (empty: none)
  A,recidivism_by_kind,KIND,before|after,N   police registrations per kind
  A,comparison,...  A,comparison_by_kind,... the same for the comparison group (declined registrations)
  A,domain_progress,DOMAIN,FIGURE,VALUE      FIGURE: n, improved, same, worse, improved_pct,
                                             wilson95_low, wilson95_high
  A,follow_through,ORGANISATION,FIGURE,N     FIGURE: agreed, running, done, cancelled, total (of the four),
                                             overdue
A is the approach code; zeros are written out. With --suppress-below N a count below N is "<N", a count hidden
so that no sum gives a small one away is "afg.", and so is a percentage or interval computed from a hidden count.
Cells a spreadsheet would read as a formula start with a quote."""


def _group_rows(code: str, table: str, figures: Mapping[str, Any]) -> Iterator[tuple]:
    from .rendering.outcomes.figures import GROUP_COUNTS, PAIR

    for key in (*GROUP_COUNTS[:5], "change_pct", *GROUP_COUNTS[5:]):
        yield code, table, key, "", figures[key]
    interval = figures["ci95_change_pct"]
    for index, bound in enumerate(("low", "high")):
        yield code, table, "ci95_change_pct", bound, interval[index] if isinstance(interval, list) else interval
    for kind, pair in figures["by_kind"].items():
        for side in PAIR:
            yield code, f"{table}_by_kind", kind, side, pair[side]


def outcome_rows(document: Mapping[str, Any]) -> Iterator[tuple[str, str, str, str, Any]]:
    """A normalised (and possibly published) document as (approach, table, key, subkey, value) rows."""
    from .rendering.outcomes.figures import DOMAIN_COUNTS, FOLLOW_THROUGH_COUNTS

    for key in ("from", "to", "as_of"):
        yield "", "window", key, "", document[key]
    for code, block in document["approaches"].items():
        yield from _group_rows(code, "recidivism", block["recidivism"])
        yield from _group_rows(code, "comparison", block["recidivism"]["comparison"])
        for name, figures in block["domain_progress"].items():
            for key in (*DOMAIN_COUNTS, "improved_pct"):
                yield code, "domain_progress", name, key, figures[key]
            interval = figures["wilson95"]
            for index, bound in enumerate(("low", "high")):
                yield (code, "domain_progress", name, f"wilson95_{bound}",
                       interval[index] if isinstance(interval, list) else interval)
        for organisation, figures in block["follow_through"].items():
            for key in FOLLOW_THROUGH_COUNTS:
                yield code, "follow_through", organisation, key, figures[key]


def render_outcomes_csv(report: dict, suppress_below: int | None = None, labels: dict | None = None) -> bytes:
    """One long table `approach,table,key,subkey,value` (CSV_HELP), `\\n` line ends, formula-escaped names."""
    from .rendering import labels_from_reference
    from .rendering.outcomes import publish_outcomes

    if labels is None and suppress_below and suppress_below > 1:
        labels = labels_from_reference()  # the approach tree: a parent over its children is a sum to protect
    document = publish_outcomes(report, suppress_below, labels=labels).document
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for *names, value in outcome_rows(document):
        writer.writerow([_safe_cell(name) for name in names] + ["" if value is None else _safe_cell(value)
                                                                 if isinstance(value, str) else value])
    return buffer.getvalue().encode("utf-8")


def render_outcomes_json(report: dict, suppress_below: int | None = None, labels: dict | None = None) -> bytes:
    """The exact document (rendering the annual report's JSON way: UTF-8, indent 1, document order)."""
    return render_json(report)


OutcomeRenderer = Callable[..., bytes]  # (report, suppress_below=None, labels=None)


def _publication(render_name: str) -> OutcomeRenderer:
    def render(report: dict, suppress_below: int | None = None, labels: dict | None = None) -> bytes:
        from .rendering import labels_from_reference, outcomes

        output = getattr(outcomes, render_name)(report, labels=labels if labels is not None
                                                else labels_from_reference(), suppress_below=suppress_below)
        return output.encode("utf-8") if isinstance(output, str) else output

    return render


OUTCOME_FORMATS: dict[str, OutcomeRenderer] = {
    "json": render_outcomes_json,
    "csv": render_outcomes_csv,
    "html": _publication("render_outcomes_html"),
    "pdf": _publication("render_outcomes_pdf"),
    "xlsx": _publication("render_outcomes_xlsx"),
}
TEXT_OUTCOME_FORMATS = {"json", "csv", "html"}
# Formats whose output is never suppressed (the command warns when --suppress-below is given with one).
UNSUPPRESSED_OUTCOME_FORMATS = {"json"}

__all__ = ["CSV_HELP", "OUTCOME_FORMATS", "TEXT_OUTCOME_FORMATS", "UNSUPPRESSED_OUTCOME_FORMATS", "outcome_rows",
           "render_outcomes_csv"]
