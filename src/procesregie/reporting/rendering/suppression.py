"""Small-number suppression for the human renderings (HTML, PDF, XLSX).

A published table must not single out a person: a count `c` with `0 < c < N` is replaced by the
text "<N". Zero stays zero (it reveals nobody) and counts of N or more stay as they are. The
machine-readable JSON is never suppressed here; whoever prints JSON decides for itself.

Only counts are touched. The report's own identifiers (`report`, `version`, `year`), the unit of an
approach and the keys of every map stay exactly as they were.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

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


def suppression_text(n: int) -> str:
    """The text that stands in for a suppressed count."""
    return f"<{n}"


def is_suppressed(value: Any) -> bool:
    """True when `value` is the text of a suppressed count rather than a number."""
    return isinstance(value, str) and value.startswith("<")


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
