"""The outcomes report's published figures as cells, and every sum a reader can form from its tables.

The document (shared/spec/outcomes.md) leaves zeros out of its count maps; `normalised` fills in every count a
rendering shows (both halves of a `by_kind` pair, the three outcomes of a life domain, the four statuses and
`overdue` of an organisation) and adds the one figure the renderings show that the document does not hold: the
`total` of an organisation's interventions. Renderings work on the normalised form, so that a zero they show is a
cell secondary suppression may hide (as "<N"), and the CSV holds exactly what the tables show.

A cell is the path of a count: `("approaches", code, "recidivism", "registrations_before")`,
`("approaches", code, "recidivism", "comparison", "by_kind", "misdrijf", "after")`,
`("approaches", code, "domain_progress", domain, "improved")`, `("approaches", code, "follow_through", org,
"done")`. The sums (`equations`):

- a group's registrations before (after) over its kinds;
- a life domain's `n` over improved, same and worse;
- an organisation's `total` over its four statuses;
- a parent approach over its children, figure by figure. Recidivism counts distinct persons over the subtree,
  so a parent is a sum of its children only when nobody is in two of them; `secondary.holding` keeps only the sums
  that hold for the exact figures, which is what a reader could rely on.

Derived figures (`DERIVED`: the percentages and intervals) are no cells: they are shown only when every count
they are computed from is shown (`derived_sources`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from typing import Any

from ..labels import ReportLabels
from ..secondary import Equation, sum_equation

GROUP_COUNTS = ("n", "not_eligible", "excluded_deceased", "registrations_before", "registrations_after",
                "persons_any_before", "persons_any_after")
PAIR = ("before", "after")
DOMAIN_COUNTS = ("n", "improved", "same", "worse")
STATUSES = ("agreed", "running", "done", "cancelled")
FOLLOW_THROUGH_COUNTS = (*STATUSES, "total", "overdue")
# Figures computed from counts: (figure, the counts it is computed from), per block kind.
GROUP_DERIVED = {"change_pct": ("registrations_before", "registrations_after"),
                 "ci95_change_pct": ("registrations_before", "registrations_after")}
DOMAIN_DERIVED = {"improved_pct": ("n", "improved"), "wilson95": ("n", "improved")}
# The interval is a bootstrap over persons: when few persons carry it, its ends are single persons' own changes
# (beside the totals, their registrations). So it is hidden too when one of these counts is small (0 < c < N).
INTERVAL_PERSONS = ("n", "persons_any_before", "persons_any_after")
# `overdue` counts agreed and running interventions, so a reader knows overdue <= agreed + running: no sum, but beside
# the row's total it can pin a hidden open count. So overdue is hidden whenever agreed or running of its row is.
OPEN_STATUSES = ("agreed", "running")
GROUPS = ("cohort", "comparison")  # the approach's own persons and the comparison group


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _group(block: Mapping[str, Any] | None) -> dict[str, Any]:
    block = block or {}
    result: dict[str, Any] = {key: _count(block.get(key)) for key in GROUP_COUNTS}
    result["change_pct"] = block.get("change_pct")
    result["ci95_change_pct"] = list(block["ci95_change_pct"]) if block.get("ci95_change_pct") else None
    result["by_kind"] = {kind: {side: _count((pair or {}).get(side)) for side in PAIR}
                         for kind, pair in (block.get("by_kind") or {}).items()}
    return result


def normalised(document: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the document with every shown count present (zeros included) and the organisations' totals.
    The document itself is never modified."""
    result = {key: copy.deepcopy(value) for key, value in document.items() if key != "approaches"}
    result["approaches"] = {}
    for code, block in (document.get("approaches") or {}).items():
        recidivism = block.get("recidivism") or {}
        cohort = _group(recidivism)
        cohort["comparison"] = _group(recidivism.get("comparison"))
        domains = {}
        for name, figures in (block.get("domain_progress") or {}).items():
            domains[name] = {key: _count(figures.get(key)) for key in DOMAIN_COUNTS}
            domains[name]["improved_pct"] = figures.get("improved_pct")
            domains[name]["wilson95"] = list(figures["wilson95"]) if figures.get("wilson95") else None
        follow = {}
        for organisation, figures in (block.get("follow_through") or {}).items():
            counts = {status: _count(figures.get(status)) for status in STATUSES}
            follow[organisation] = {**counts, "total": sum(counts.values()), "overdue": _count(figures.get("overdue"))}
        result["approaches"][code] = {"recidivism": cohort, "domain_progress": domains, "follow_through": follow}
    return result


def group_path(code: str, group: str) -> tuple:
    """The path of a recidivism group's figures: the cohort's, or its comparison group's."""
    path = ("approaches", code, "recidivism")
    return (*path, "comparison") if group == "comparison" else path


def cells(document: Mapping[str, Any]) -> dict[tuple, int]:
    """Every published count of a normalised document by its path, in reading order."""
    values: dict[tuple, int] = {}
    for code, block in document["approaches"].items():
        for group in GROUPS:
            path = group_path(code, group)
            figures = block["recidivism"]["comparison"] if group == "comparison" else block["recidivism"]
            for key in GROUP_COUNTS:
                values[(*path, key)] = figures[key]
            for kind, pair in figures["by_kind"].items():
                for side in PAIR:
                    values[(*path, "by_kind", kind, side)] = pair[side]
        for name, figures in block["domain_progress"].items():
            for key in DOMAIN_COUNTS:
                values[("approaches", code, "domain_progress", name, key)] = figures[key]
        for organisation, figures in block["follow_through"].items():
            for key in FOLLOW_THROUGH_COUNTS:
                values[("approaches", code, "follow_through", organisation, key)] = figures[key]
    return values


def derived_sources(document: Mapping[str, Any]) -> Iterator[tuple[tuple, tuple[tuple, ...]]]:
    """(path of a derived figure, paths of the counts it is computed from) for every derived figure."""
    for code, block in document["approaches"].items():
        for group in GROUPS:
            path = group_path(code, group)
            for figure, sources in GROUP_DERIVED.items():
                yield (*path, figure), tuple((*path, source) for source in sources)
        for name in block["domain_progress"]:
            path = ("approaches", code, "domain_progress", name)
            for figure, sources in DOMAIN_DERIVED.items():
                yield (*path, figure), tuple((*path, source) for source in sources)


def interval_persons(document: Mapping[str, Any]) -> Iterator[tuple[tuple, tuple[tuple, ...]]]:
    """(path of an interval of the change, paths of the counts of persons it is computed from) per group."""
    for code in document["approaches"]:
        for group in GROUPS:
            path = group_path(code, group)
            yield (*path, "ci95_change_pct"), tuple((*path, key) for key in INTERVAL_PERSONS)


def overdue_bounds(document: Mapping[str, Any]) -> Iterator[tuple[tuple, tuple[tuple, ...]]]:
    """(path of an organisation's `overdue`, paths of the open counts that bound it) for every organisation."""
    for code, block in document["approaches"].items():
        for organisation in block["follow_through"]:
            path = ("approaches", code, "follow_through", organisation)
            yield (*path, "overdue"), tuple((*path, status) for status in OPEN_STATUSES)


def telling_zeros(document: Mapping[str, Any]) -> set[tuple]:
    """The zero counts that other figures give away, so that hiding one as a complement would hide nothing: a side
    (before, after) of a recidivism group without registrations has its registrations, its persons with a
    registration and its kinds all 0, and each of them shown says the others are (and n = 0 says all); an
    organisation with nothing agreed or running has nothing overdue."""
    zeros = set()
    for code, block in document["approaches"].items():
        for group in GROUPS:
            path = group_path(code, group)
            figures = block["recidivism"]["comparison"] if group == "comparison" else block["recidivism"]
            for side in PAIR:
                if figures[f"registrations_{side}"] == 0:
                    zeros |= {(*path, f"registrations_{side}"), (*path, f"persons_any_{side}")}
                    zeros |= {(*path, "by_kind", kind, side) for kind in figures["by_kind"]}
        for organisation, counts in block["follow_through"].items():  # nothing open: nothing overdue
            if all(counts[status] == 0 for status in OPEN_STATUSES):
                zeros.add(("approaches", code, "follow_through", organisation, "overdue"))
    return zeros


def _within(code: str, block: Mapping[str, Any]) -> Iterator[Equation]:
    for group in GROUPS:
        path = group_path(code, group)
        figures = block["recidivism"]["comparison"] if group == "comparison" else block["recidivism"]
        for side in PAIR:
            yield sum_equation(f"{code} {group}: registrations {side} over the kinds",
                               [(*path, f"registrations_{side}")],
                               [(*path, "by_kind", kind, side) for kind in figures["by_kind"]])
    for name in block["domain_progress"]:
        path = ("approaches", code, "domain_progress", name)
        yield sum_equation(f"{code}: {name} n = improved + same + worse", [(*path, "n")],
                           [(*path, key) for key in ("improved", "same", "worse")])
    for organisation in block["follow_through"]:
        path = ("approaches", code, "follow_through", organisation)
        yield sum_equation(f"{code}: {organisation} total over the statuses", [(*path, "total")],
                           [(*path, status) for status in STATUSES])


def equations(document: Mapping[str, Any], labels: Mapping[str, Any] | None) -> list[Equation]:
    """Every sum a reader can form from the tables of a normalised document (not filtered: pass the result
    through `secondary.holding`)."""
    names = ReportLabels(labels)
    approaches = document["approaches"]
    result = [equation for code, block in approaches.items() for equation in _within(code, block)]
    children: dict[str, list[str]] = {}
    for code in approaches:
        parent = names.approach_parent(code)
        if parent in approaches and parent != code:
            children.setdefault(parent, []).append(code)
    values = cells(document)
    for parent, kids in children.items():
        suffixes: set[tuple] = set()
        for code in (parent, *kids):
            suffixes |= {path[2:] for path in values if path[1] == code}
        for suffix in sorted(suffixes, key=repr):
            result.append(sum_equation(f"{parent} over its children: {'/'.join(suffix)}",
                                       [("approaches", parent, *suffix)],
                                       [("approaches", kid, *suffix) for kid in kids]))
    return result


__all__ = ["DOMAIN_COUNTS", "FOLLOW_THROUGH_COUNTS", "GROUP_COUNTS", "GROUPS", "PAIR", "STATUSES", "cells",
           "derived_sources", "equations", "group_path", "interval_persons", "normalised",
           "overdue_bounds", "telling_zeros"]
