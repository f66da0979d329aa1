"""Small-number suppression for the renderings meant for publication (HTML, PDF, XLSX, CSV, the web page).

A published table must not single out a person: a count `c` with `0 < c < N` is replaced by the
text "<N" (primary suppression, `suppress`). Zero stays zero (it reveals nobody). Because the tables
also show sums, `publish` adds secondary suppression: the fewest, smallest extra counts are hidden too, a
zero as "<N" (it is less than N) and a larger count as "afg.", so that no hidden count can be recomputed from a
row, a column, a district, a parent approach or the totals (secondary.py, annual_tables.py; decision 0021).
So "<N" means 0…N-1 and "afg." means N or more. Every rendering uses `publish`. The
machine-readable JSON is never suppressed here; whoever prints JSON decides for itself.

Only counts are touched. The report's own identifiers (`report`, `version`, `year`), the unit of an
approach and the keys of every map stay exactly as they were.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from . import annual_tables
from .secondary import holding, protect

logger = logging.getLogger(__name__)

# Per approach: the keys whose value is a mapping of name -> count (one level deep).
_COUNT_MAPS = (
    "flow",
    "outflow_by_reason",
    "inflow_by_reporter",
    "inflow_by_reporter_kind",
    "durations",
    "discussions",
    "interventions",
)
# Per approach: the keys whose value is a mapping of name -> mapping of name -> count (two levels deep).
_NESTED_COUNT_MAPS = ("by_municipality", "by_district", "domain_progress")
# Per approach: the keys whose value is a single count.
_SINGLE_COUNTS = ("declined", "persons_involved")
# Per approach: the keys whose value mixes single counts and count maps (version 2).
_MIXED_COUNTS = ("signals", "escalations")


# The text of a count of N or more hidden by secondary suppression (a zero hidden so is "<N"): "afg." for
# "afgeschermd". Not "x" (Statistics Netherlands' "geheim"): beside approach names such as "Top X" readers took it
# for part of the name (UX review, issue 14 §5). Plain ASCII, so it reads the same in HTML, PDF, XLSX and CSV.
SECONDARY_TEXT = "afg."


# Part of the keys under which rendered files and pages are kept (builds.fingerprint, the report page's cache):
# change it whenever `publish` would hide other counts, so that nothing rendered before is served again.
METHOD = "secondary-3"  # 2: the marker "afg." instead of "x"; 3: outcomes' interval and overdue (security review)


def suppression_text(n: int) -> str:
    """The text that stands in for a suppressed count."""
    return f"<{n}"


def is_suppressed(value: Any) -> bool:
    """True when `value` is the text of a suppressed count (primary "<N" or secondary "afg.") rather than a
    number."""
    return isinstance(value, str) and (value.startswith("<") or value == SECONDARY_TEXT)


def _hide(value: Any, n: int) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return suppression_text(n) if 0 < value < n else value


def _hide_map(counts: Any, n: int) -> Any:
    if not isinstance(counts, Mapping):
        return counts
    return {key: _hide(value, n) for key, value in counts.items()}


def _hide_nested(groups: Any, n: int) -> Any:
    if not isinstance(groups, Mapping):
        return groups
    return {key: _hide_map(counts, n) for key, counts in groups.items()}


def _hide_all(value: Any, n: int) -> Any:
    """Every count in `value`, however deeply nested in mappings."""
    if isinstance(value, Mapping):
        return {key: _hide_all(item, n) for key, item in value.items()}
    return _hide(value, n)


def _suppress_approach(block: Mapping[str, Any], n: int) -> dict[str, Any]:
    result = dict(block)
    for key in _COUNT_MAPS:
        if key in result:
            result[key] = _hide_map(result[key], n)
    for key in _NESTED_COUNT_MAPS:
        if key in result:
            result[key] = _hide_nested(result[key], n)
    for key in _SINGLE_COUNTS:
        if key in result:
            result[key] = _hide(result[key], n)
    for key in _MIXED_COUNTS:
        if key in result:
            result[key] = _hide_all(result[key], n)
    return result


def suppress(report: Mapping[str, Any], n: int | None) -> dict[str, Any]:
    """A deep copy of `report` with every count `0 < c < n` replaced by "<n".

    `n` of None (or below 2, where no whole count can fall under it) returns an unchanged copy.
    The argument itself is never modified.
    """
    result = copy.deepcopy(dict(report))
    if not n or n < 2:
        return result
    result["approaches"] = {
        code: _suppress_approach(block, n) for code, block in (report.get("approaches") or {}).items()
    }
    if "totals" in result:
        result["totals"] = _hide_nested(result["totals"], n)
    return result


def suppress_comparison(comparison: Mapping[str, Any] | None, n: int | None) -> dict[str, Any] | None:
    """The same rule for the output of `flow_comparison`: {approach: {"current": flow, "previous": flow,
    "signals": {"current": n, "previous": n}, "escalations": {…}}}."""
    if comparison is None:
        return None
    result = copy.deepcopy(dict(comparison))
    if not n or n < 2:
        return result
    return {code: _hide_nested(years, n) for code, years in result.items()}


@dataclass(frozen=True)
class Publication:
    """What a rendering shows: the report and the comparison with every hidden count replaced by its text."""

    report: dict[str, Any]
    comparison: dict[str, Any] | None
    secondary: frozenset  # paths of the counts hidden by secondary suppression (see annual_tables.cells)
    comparison_left_out: bool = False  # last year's figures could not be shown without revealing a count


def _replace(document: dict[str, Any], path: tuple, text: str) -> None:
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = text


def _protected(values, report, labels, comparison, n):
    """(this year's protection, the whole protection) where this year's hidden cells do not depend on whether
    last year's figures are shown (a CSV without them and an HTML with them must hide the same counts)."""
    this_year = {cell: value for cell, value in values.items() if cell[0] != "comparison"}
    current = protect(this_year, holding(annual_tables.equations(report, labels), this_year), n)
    if comparison is None:
        return current, current
    both = holding(annual_tables.equations(report, labels, comparison), values)
    # Last year's cells may be chosen, this year's are fixed; a cell of last year that equals a shown cell
    # of this year (last year's end is this year's start) cannot be hidden either.
    tied = {cell for equation in both if len(equation.cells) == 2 for cell in equation.cells
            if cell[0] == "comparison" and any(other[0] != "comparison" and other not in current.hidden
                                               for other in equation.cells)}
    whole = protect(values, both, n, hidden=current.hidden,
                    eligible=lambda cell: cell[0] == "comparison" and cell not in tied)
    return current, whole


def publish(report: Mapping[str, Any], n: int | None, *, labels: Mapping[str, Any] | None,
            comparison: Mapping[str, Any] | None = None) -> Publication:
    """The report (and comparison) as published with `--suppress-below n`: primary and secondary
    suppression. `labels` give the approach tree, the districts of municipalities and the kinds of
    organisations (the roll-ups a reader can add up). Deterministic; the arguments are never modified.

    When last year's figures cannot be shown next to this year's without revealing a hidden count (which the
    secondary suppression of last year's own cells normally prevents), the comparison is left out."""
    if not n or n < 2:
        return Publication(suppress(report, n), suppress_comparison(comparison, n), frozenset())
    values = annual_tables.cells(report, comparison)
    current, whole = _protected(values, report, labels, comparison, n)
    left_out = bool(whole.exposed) and comparison is not None and not current.exposed
    if current.exposed:  # not seen on any data so far (decision 0021); say so rather than fail the page
        logger.warning("secondary suppression left %d hidden counts of %s that a sum gives away (first: %s)",
                       len(current.exposed), report.get("year"), current.exposed[0])
    shown = suppress(report, n)
    def text(path: tuple) -> str:
        return suppression_text(n) if values[path] < n else SECONDARY_TEXT

    for path in current.secondary:
        _replace(shown, path, text(path))
    shown_comparison = None
    if comparison is not None and not left_out:
        shown_comparison = suppress_comparison(comparison, n)
        for path in whole.secondary - current.secondary:
            _replace(shown_comparison, path[1:], text(path))
        for code, years in shown_comparison.items():  # this year's figures exactly as the report shows them
            block = shown["approaches"].get(code) or {}
            if "current" in years:
                years["current"] = copy.deepcopy(block.get("flow") or {})
            for figure in ("signals", "escalations"):
                if isinstance(years.get(figure), dict) and "current" in years[figure]:
                    years[figure]["current"] = (block.get(figure) or {}).get("count", 0)
    return Publication(shown, shown_comparison, current.secondary | whole.secondary, comparison_left_out=left_out)
