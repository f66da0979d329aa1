"""Hand-made outcomes documents in the JSON shape of shared/spec/outcomes.md, for the rendering tests.

The approaches of the annual report's sample (tests/reporting/rendering_sample.py, whose labels they share) with
the shapes a rendering must handle honestly:

- Top X Oost: the 2016 figures (281 persons, 1,943 registrations before and 1,185 after, −39.0 %) with a
  comparison group, life-domain progress and follow-through with small counts beside larger ones;
- Top X West: a small group (7 persons) without a comparison group, counts below 5 everywhere;
- Top X (the parent): the sum of its two children (disjoint persons), so that every roll-up is a sum a reader
  could use;
- Top X OGG: nobody had a registration in the year before (before = 0: no percentage, no interval);
- Levensloopaanpak: an approach where nothing happened (zeros, empty maps, comparison n 0);
- MDA++: a system approach whose comparison group rose, with an interval that contains 0.
Synthetic figures only.
"""

from __future__ import annotations

import copy
from typing import Any

from tests.reporting.rendering_sample import sample_labels

COUNTS = ("n", "not_eligible", "excluded_deceased", "registrations_before", "registrations_after",
          "persons_any_before", "persons_any_after")


def change(before: int, after: int) -> float | None:
    return None if before == 0 else round(100 * (after - before) / before, 1)


def group(n, before, after, *, by_kind, ci, not_eligible=0, deceased=0, any_before=0, any_after=0) -> dict:
    """A recidivism block (without comparison) whose totals are the sums of `by_kind`."""
    assert sum(pair["before"] for pair in by_kind.values()) == before
    assert sum(pair["after"] for pair in by_kind.values()) == after
    return {"n": n, "not_eligible": not_eligible, "excluded_deceased": deceased, "registrations_before": before,
            "registrations_after": after, "change_pct": change(before, after), "persons_any_before": any_before,
            "persons_any_after": any_after, "by_kind": by_kind, "ci95_change_pct": ci}


EMPTY_GROUP = group(0, 0, 0, by_kind={}, ci=None)


def domain(improved: int, same: int, worse: int, wilson: list[float]) -> dict:
    n = improved + same + worse
    return {"n": n, "improved": improved, "same": same, "worse": worse,
            "improved_pct": round(100 * improved / n, 1), "wilson95": wilson}


TOPX_OOST = {
    "recidivism": {
        **group(281, 1943, 1185, not_eligible=12, deceased=2, any_before=270, any_after=190, ci=[-44.1, -33.6],
                by_kind={"misdrijf": {"before": 1500, "after": 900}, "overtreding": {"before": 443, "after": 285}}),
        "comparison": group(40, 200, 170, not_eligible=3, any_before=38, any_after=30, ci=[-30.2, 2.1],
                            by_kind={"misdrijf": {"before": 150, "after": 128},
                                     "overtreding": {"before": 50, "after": 42}}),
    },
    "domain_progress": {
        "huisvesting": domain(21, 10, 3, [45.0, 76.0]),
        "financien": domain(8, 12, 4, [18.6, 53.3]),
    },
    "follow_through": {
        "reclassering-nederland": {"agreed": 3, "running": 12, "done": 30, "cancelled": 2, "overdue": 2},
        "gemeente-amersfoort": {"agreed": 6, "running": 9, "done": 14, "overdue": 4},
    },
}

TOPX_WEST = {
    "recidivism": {
        **group(7, 19, 16, not_eligible=2, any_before=6, any_after=4, ci=[-62.5, 38.9],
                by_kind={"misdrijf": {"before": 16, "after": 13}, "overtreding": {"before": 3, "after": 3}}),
        "comparison": copy.deepcopy(EMPTY_GROUP),
    },
    "domain_progress": {"huisvesting": domain(4, 2, 1, [25.0, 84.2])},
    "follow_through": {"gemeente-amersfoort": {"agreed": 1, "running": 3, "done": 6, "cancelled": 1, "overdue": 1}},
}

TOPX_OGG = {
    "recidivism": {
        **group(3, 0, 2, not_eligible=1, any_before=0, any_after=1, ci=None,
                by_kind={"overtreding": {"before": 0, "after": 2}}),
        "comparison": copy.deepcopy(EMPTY_GROUP),
    },
    "domain_progress": {},
    "follow_through": {"altrecht": {"running": 5, "done": 2}},
}

LEVENSLOOP = {
    "recidivism": {**copy.deepcopy(EMPTY_GROUP), "comparison": copy.deepcopy(EMPTY_GROUP)},
    "domain_progress": {},
    "follow_through": {},
}

MDA = {
    "recidivism": {
        **group(52, 240, 205, not_eligible=9, deceased=1, any_before=41, any_after=37, ci=[-31.0, 4.5],
                by_kind={"misdrijf": {"before": 180, "after": 150}, "overtreding": {"before": 60, "after": 55}}),
        "comparison": group(11, 30, 33, any_before=9, any_after=8, ci=[-40.0, 75.0],
                            by_kind={"misdrijf": {"before": 22, "after": 25}, "overtreding": {"before": 8,
                                                                                              "after": 8}}),
    },
    "domain_progress": {"gezin-relaties": domain(17, 9, 4, [39.1, 72.2])},
    "follow_through": {"veilig-thuis": {"agreed": 2, "running": 8, "done": 25, "cancelled": 3, "overdue": 1},
                       "save": {"done": 11}},
}


def _plus(one: Any, other: Any) -> Any:
    """Counts added, maps merged key by key; anything else (percentages, intervals) is recomputed below."""
    if isinstance(one, dict) or isinstance(other, dict):
        one, other = one or {}, other or {}
        return {key: _plus(one.get(key), other.get(key)) for key in {**one, **other}}
    return (one or 0) + (other or 0) if isinstance(one, int) or isinstance(other, int) else None


def _summed(first: dict[str, Any], second: dict[str, Any]) -> dict[str, Any]:
    """The parent's block when its children's persons, trajectories and interventions are disjoint."""
    result = _plus(first, second)
    for recidivism in (result["recidivism"], result["recidivism"]["comparison"]):
        recidivism["change_pct"] = change(recidivism["registrations_before"], recidivism["registrations_after"])
        recidivism.setdefault("by_kind", {})
    result["recidivism"]["ci95_change_pct"] = [-43.0, -32.9]
    result["recidivism"]["comparison"]["ci95_change_pct"] = [-30.2, 2.1]
    for name, counts in result["domain_progress"].items():
        counts["improved_pct"] = round(100 * counts["improved"] / counts["n"], 1)
        counts["wilson95"] = [45.1, 72.4] if name == "huisvesting" else [18.6, 53.3]
    return result


def sample_outcomes() -> dict[str, Any]:
    """The document of `outcomes_report(first=2023-01-01, last=2023-12-31, as_of=2025-01-01)` on a made-up
    region, in the annual report's order of approaches."""
    return copy.deepcopy({
        "report": "outcomes", "version": 1, "from": "2023-01-01", "to": "2023-12-31", "as_of": "2025-01-01",
        "approaches": {
            "topx": _summed(TOPX_OOST, TOPX_WEST),
            "topx-oost": TOPX_OOST,
            "topx-west": TOPX_WEST,
            "topx-ogg": TOPX_OGG,
            "levensloop": LEVENSLOOP,
            "mda": MDA,
        },
    })


def sample_outcome_labels() -> dict[str, Any]:
    labels = sample_labels()
    labels["police_kinds"] = {"misdrijf": "misdrijf", "overtreding": "overtreding"}
    return labels


def one_approach(block: dict[str, Any], code: str = "topx-oost") -> dict[str, Any]:
    """A document with only `block` (as approach `code`), for the edge shapes."""
    document = sample_outcomes()
    document["approaches"] = {code: copy.deepcopy(block)}
    return document
