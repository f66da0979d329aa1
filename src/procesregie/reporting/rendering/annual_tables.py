"""The annual report's published counts as cells, and every sum a reader can form from its tables.

A cell is the path of a count in the report dict: `("approaches", code, "flow", "start")`,
`("approaches", code, "by_municipality", "GM0344", "plus")`, `("totals", "person", "caseload")`; last year's
figures of the comparison are `("comparison", code, "previous", "start")` and
`("comparison", code, "signals", "previous")`. The equations are the sums of shared/spec/annual-report.md as
the tables show them side by side:

- within an approach: the flow (`caseload = start + inflow + transfer_in = end + outflow + transfer_out`),
  each breakdown against its flow figure (reasons, reporters, reporter kinds, durations), the reporter kinds
  over their organisations, every municipality's and district's row (`end + minus = start + plus`,
  `caseload = start + plus`), the district roll-up of its municipalities, the columns of both area tables
  against the flow, every life domain's `n` over its deltas, signals and escalations over their breakdowns;
- between approaches: a parent over its children, figure by figure (durations also by the coarse buckets
  the two schemes share), the `totals` over the leaf approaches of a unit, and the summary's top-level
  approaches against the totals;
- with the comparison: last year's flow rows and roll-ups, and this year's `start` against last year's `end`.

Only equations that hold for the exact figures are kept (`secondary.holding`): a parent with cases of its
own, or cases without a municipality, make a sum that a reader cannot rely on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .labels import ReportLabels
from .secondary import Equation, sum_equation

FLOW = ("start", "inflow", "transfer_in", "outflow", "transfer_out", "end", "caseload")
TOTAL_FLOW = ("start", "inflow", "outflow", "end", "caseload")
# The duration buckets both schemes can be summed to (a parent may use another scheme than its children).
COARSE_DURATIONS = {"lt_1y": ("lt_1y", "0_6m", "6_12m"), "1_2y": ("1_2y",), "2_4y": ("2_4y",), "gt_4y": ("gt_4y",)}
# Figures whose values are not counts.
NOT_COUNTS = {"report", "version", "year", "unit"}


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def count_cells(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, int]]:
    """(path, count) for every count in a nested dict, in document order."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key not in NOT_COUNTS:
                yield from count_cells(item, (*path, key))
    elif _is_count(value):
        yield path, value


def cells(report: Mapping[str, Any], comparison: Mapping[str, Any] | None = None) -> dict[tuple, int]:
    """Every published count of the report (and of last year, from the comparison) by its path."""
    values = dict(count_cells({"approaches": report.get("approaches") or {}, "totals": report.get("totals") or {}}))
    for code, years in (comparison or {}).items():
        for key, value in count_cells(years.get("previous") or {}, ("comparison", code, "previous")):
            values[key] = value
        for figure in ("signals", "escalations"):
            previous = (years.get(figure) or {}).get("previous")
            if _is_count(previous):
                values[("comparison", code, figure, "previous")] = previous
    return values


def _flow_rows(name: str, flow: tuple) -> list[Equation]:
    def f(key):
        return (*flow, key)

    return [sum_equation(f"{name}: caseload = start + inflow + transfer_in", [f("caseload")],
                         [f("start"), f("inflow"), f("transfer_in")]),
            sum_equation(f"{name}: caseload = end + outflow + transfer_out", [f("caseload")],
                         [f("end"), f("outflow"), f("transfer_out")])]


def _within(code: str, block: Mapping[str, Any], labels: ReportLabels) -> Iterator[Equation]:
    a = ("approaches", code)
    flow = (*a, "flow")
    yield from _flow_rows(code, flow)
    ended = [(*flow, "outflow"), (*flow, "transfer_out")]
    inflow = [(*flow, "inflow")]
    reasons = block.get("outflow_by_reason") or {}
    yield sum_equation(f"{code}: reasons = outflow + transfer_out", [(*a, "outflow_by_reason", r) for r in reasons],
                       ended)
    yield sum_equation(f"{code}: overdracht_intern = transfer_out", [(*a, "outflow_by_reason", "overdracht_intern")],
                       [(*flow, "transfer_out")])
    reporters = block.get("inflow_by_reporter") or {}
    kinds = block.get("inflow_by_reporter_kind") or {}
    yield sum_equation(f"{code}: reporters = inflow", [(*a, "inflow_by_reporter", o) for o in reporters], inflow)
    yield sum_equation(f"{code}: reporter kinds = inflow", [(*a, "inflow_by_reporter_kind", k) for k in kinds], inflow)
    for kind in {*kinds, *(labels.organisation_kind(o) for o in reporters)}:
        yield sum_equation(f"{code}: kind {kind} = its organisations", [(*a, "inflow_by_reporter_kind", kind)],
                           [(*a, "inflow_by_reporter", o) for o in reporters if labels.organisation_kind(o) == kind])
    durations = block.get("durations") or {}
    yield sum_equation(f"{code}: durations = outflow + transfer_out", [(*a, "durations", b) for b in durations], ended)
    # The two area tables: rows, columns and the district roll-up of its municipalities.
    areas = block.get("by_municipality") or {}
    districts = block.get("by_district") or {}
    for m in areas:
        yield sum_equation(f"{code}: {m} end + minus = start + plus",
                           [(*a, "by_municipality", m, "end"), (*a, "by_municipality", m, "minus")],
                           [(*a, "by_municipality", m, "start"), (*a, "by_municipality", m, "plus")])
    for d in districts:
        row = (*a, "by_district", d)
        yield sum_equation(f"{code}: {d} end + minus = start + plus", [(*row, "end"), (*row, "minus")],
                           [(*row, "start"), (*row, "plus")])
        yield sum_equation(f"{code}: {d} caseload = start + plus", [(*row, "caseload")],
                           [(*row, "start"), (*row, "plus")])
    for d in {*districts, *(labels.municipality_district(m) for m in areas)}:
        members = [m for m in areas if labels.municipality_district(m) == d]
        for key in ("start", "plus", "minus", "end"):
            yield sum_equation(f"{code}: district {d} {key}", [(*a, "by_district", d, key)],
                               [(*a, "by_municipality", m, key) for m in members])
        yield sum_equation(f"{code}: district {d} caseload", [(*a, "by_district", d, "caseload")],
                           [(*a, "by_municipality", m, key) for m in members for key in ("start", "plus")])
    flow_of = {"start": [(*flow, "start")], "end": [(*flow, "end")],
               "plus": [(*flow, "inflow"), (*flow, "transfer_in")], "minus": ended,
               "caseload": [(*flow, "caseload")]}
    for key in ("start", "plus", "minus", "end"):
        yield sum_equation(f"{code}: municipalities' {key}", [(*a, "by_municipality", m, key) for m in areas],
                           flow_of[key])
    for key in ("start", "plus", "minus", "end", "caseload"):
        yield sum_equation(f"{code}: districts' {key}", [(*a, "by_district", d, key) for d in districts], flow_of[key])
    for domain, counts in (block.get("domain_progress") or {}).items():
        yield sum_equation(f"{code}: {domain} n", [(*a, "domain_progress", domain, "n")],
                           [(*a, "domain_progress", domain, delta) for delta in counts if delta != "n"])
    signals = block.get("signals") or {}
    if isinstance(signals, Mapping):
        for part in ("by_kind", "by_reporter_kind"):
            yield sum_equation(f"{code}: signals {part}", [(*a, "signals", "count")],
                               [(*a, "signals", part, k) for k in signals.get(part) or {}])
    escalations = block.get("escalations") or {}
    if isinstance(escalations, Mapping):
        yield sum_equation(f"{code}: escalations by outcome", [(*a, "escalations", "resolved")],
                           [(*a, "escalations", "by_outcome", k) for k in escalations.get("by_outcome") or {}])


def _suffixes(values: Mapping[tuple, int], prefix: tuple) -> set[tuple]:
    return {path[len(prefix):] for path in values if path[:len(prefix)] == prefix}


def _roll_up(parent: str, children: list[str], values: Mapping[tuple, int], prefix: tuple) -> Iterator[Equation]:
    """A parent's figure against the sum of its children's, for every figure any of them publishes."""
    keys = set()
    for code in (parent, *children):
        keys |= _suffixes(values, (*prefix, code))
    for key in sorted(keys, key=repr):
        yield sum_equation(f"{parent} over its children: {'/'.join(map(str, key))}", [(*prefix, parent, *key)],
                           [(*prefix, child, *key) for child in children])
    if prefix == ("approaches",):
        for coarse, buckets in COARSE_DURATIONS.items():
            yield sum_equation(f"{parent} over its children: durations {coarse}",
                               [(*prefix, parent, "durations", b) for b in buckets],
                               [(*prefix, child, "durations", b) for child in children for b in buckets])


def equations(report: Mapping[str, Any], labels: Mapping[str, Any] | None,
              comparison: Mapping[str, Any] | None = None) -> Iterator[Equation]:
    """Every sum a reader can form from the report's tables (and, given it, last year's figures beside them).
    Not filtered: pass the result through `secondary.holding`."""
    names = ReportLabels(labels)
    approaches: Mapping[str, Mapping[str, Any]] = report.get("approaches") or {}
    values = cells(report, comparison)
    children: dict[str, list[str]] = {}
    for code in approaches:
        parent = names.approach_parent(code)
        if parent in approaches:
            children.setdefault(parent, []).append(code)
    for code, block in approaches.items():
        yield from _within(code, block, names)
    for parent, kids in children.items():
        yield from _roll_up(parent, kids, values, ("approaches",))
    for unit in report.get("totals") or {}:
        leaves = [c for c, b in approaches.items() if b.get("unit") == unit and c not in children]
        tops = [c for c, b in approaches.items() if b.get("unit") == unit and names.approach_parent(c) not in approaches]
        t = ("totals", unit)
        for key in (*TOTAL_FLOW, "persons_involved"):
            leaf_key = ("flow", key) if key in TOTAL_FLOW else (key,)
            yield sum_equation(f"totals {unit} {key} over the leaves", [(*t, key)],
                               [("approaches", c, *leaf_key) for c in leaves])
            yield sum_equation(f"totals {unit} {key} over the top-level approaches", [(*t, key)],
                               [("approaches", c, *leaf_key) for c in tops])
        yield sum_equation(f"totals {unit}: caseload = start + inflow + transfers in", [(*t, "caseload")],
                           [(*t, "start"), (*t, "inflow"), *(("approaches", c, "flow", "transfer_in") for c in leaves)])
        yield sum_equation(f"totals {unit}: caseload = end + outflow + transfers out", [(*t, "caseload")],
                           [(*t, "end"), (*t, "outflow"), *(("approaches", c, "flow", "transfer_out") for c in leaves)])
    if comparison:
        for code in comparison:
            previous = ("comparison", code, "previous")
            yield from _flow_rows(f"{code} last year", previous)
            yield sum_equation(f"{code}: this year's start = last year's end", [("approaches", code, "flow", "start")],
                               [(*previous, "end")])
        for parent, kids in children.items():
            yield from _roll_up(parent, [k for k in kids if k in comparison], values, ("comparison",))


def annual_equations(report: Mapping[str, Any], labels: Mapping[str, Any] | None,
                     comparison: Mapping[str, Any] | None = None) -> list[Equation]:
    """`equations`, as a list (convenience for callers that iterate more than once)."""
    return list(equations(report, labels, comparison))


def previous_cells(values: Iterable[tuple]) -> set[tuple]:
    """The cells of last year's figures (from the comparison)."""
    return {cell for cell in values if cell[0] == "comparison"}


__all__ = ["annual_equations", "cells", "count_cells", "equations", "previous_cells"]
