"""Writing the tallies as the JSON document of the spec: roll-ups, blocks in spec key order, totals.

Key order is fixed so that the document is stable byte for byte: approaches by code, blocks in the order of
the spec's example, count maps by key (durations in bucket order, domains in display order, deltas from
`+4` down to `-4` after `n`).
"""

from collections import Counter, defaultdict

from .definitions import DELTA_KEYS, DURATION_BUCKETS, FLOW_KEYS, MUNICIPALITY_KEYS, duration_bucket
from .selectors import ApproachRow
from .tally import Tallies, Tally

TOTAL_KEYS = ("start", "inflow", "outflow", "end", "caseload")  # exactly the keys of the spec's `totals`
UNITS = ("person", "system")


class ApproachTree:
    """The approaches with their parent links; safe against a (corrupt) cycle of parents."""

    def __init__(self, approaches: list[ApproachRow]):
        self.approaches = approaches
        self.children: dict[int, list[int]] = defaultdict(list)
        known = {approach.id for approach in approaches}
        for approach in approaches:
            if approach.parent_id in known and approach.parent_id != approach.id:
                self.children[approach.parent_id].append(approach.id)

    def subtree(self, approach_id: int) -> list[int]:
        """The approach and all its descendants (children, grandchildren, ...), each once."""
        seen, todo = [], [approach_id]
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.append(current)
                todo.extend(self.children.get(current, ()))
        return seen

    def is_leaf(self, approach_id: int) -> bool:
        return not self.children.get(approach_id)

    def rolled_up(self, tallies: Tallies) -> dict[int, Tally]:
        """Approach id → the tally of its own cases and those of every descendant."""
        return {a.id: Tally.merged(tallies[member] for member in self.subtree(a.id) if member in tallies)
                for a in self.approaches}


def flow_block(flow: Counter) -> dict[str, int]:
    return {key: flow[key] for key in FLOW_KEYS}


def _count_map(counts: Counter) -> dict[str, int]:
    return {key: counts[key] for key in sorted(counts) if counts[key]}


def _durations(scheme: str, months: Counter) -> dict[str, int]:
    buckets = Counter()
    for m, count in months.items():
        buckets[duration_bucket(scheme, m)] += count
    return {key: buckets[key] for key, _, _ in DURATION_BUCKETS[scheme] if buckets[key]}


def _by_district(by_municipality: dict[str, Counter], district_of: dict[str, str]) -> dict[str, dict[str, int]]:
    districts: dict[str, Counter] = {}
    for code, figures in by_municipality.items():
        districts.setdefault(district_of[code], Counter()).update(figures)
    return {
        name: {**{key: figures[key] for key in MUNICIPALITY_KEYS}, "caseload": figures["start"] + figures["plus"]}
        for name, figures in sorted(districts.items()) if any(figures.values())
    }


def _progress(progress: dict[str, Counter], domain_order: list[str]) -> dict[str, dict[str, int]]:
    order = {code: position for position, code in enumerate(domain_order)}
    return {
        domain: {"n": counts["n"], **{key: counts[key] for key in DELTA_KEYS if counts[key]}}
        for domain, counts in sorted(progress.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
        if counts["n"]
    }


def persons_involved(systems: set[int], members: dict[int, set[int]]) -> int:
    persons = set()
    for system_id in systems:
        persons |= members.get(system_id, set())
    return len(persons)


def approach_block(approach: ApproachRow, tally: Tally, *, district_of: dict[str, str], domain_order: list[str],
                   members: dict[int, set[int]]) -> dict:
    block = {
        "unit": approach.unit,
        "flow": flow_block(tally.flow),
        "outflow_by_reason": _count_map(tally.outflow_by_reason),
        "inflow_by_reporter": _count_map(tally.inflow_by_reporter),
        "inflow_by_reporter_kind": _count_map(tally.inflow_by_reporter_kind),
        "declined": tally.declined,
        "durations": _durations(approach.duration_scheme, tally.months),
        "by_municipality": {
            code: {key: figures[key] for key in MUNICIPALITY_KEYS}
            for code, figures in sorted(tally.by_municipality.items()) if any(figures.values())
        },
        "by_district": _by_district(tally.by_municipality, district_of),
        "discussions": {
            "count": tally.discussions["count"], "unique_subjects": len(tally.discussed_subjects),
            "client_present": tally.discussions["client_present"], "expert_present": tally.discussions["expert_present"],
        },
        "domain_progress": _progress(tally.progress, domain_order),
        "interventions": _count_map(tally.interventions),
        "signals": {
            "count": tally.signals["count"], "by_kind": _count_map(tally.signal_kinds),
            "by_reporter_kind": _count_map(tally.signal_reporter_kinds),
            "to_registration": tally.signals["to_registration"],
        },
        "escalations": {
            "count": tally.escalations["count"], "resolved": tally.escalations["resolved"],
            "by_outcome": _count_map(tally.escalation_outcomes),
        },
    }
    if approach.unit == "system":
        block["persons_involved"] = persons_involved(tally.caseload_systems, members)
    return block


def totals(tree: ApproachTree, tallies: Tallies, members: dict[int, set[int]]) -> dict[str, dict[str, int]]:
    """Per unit, the flow figures of the leaf approaches; persons_involved distinct over those leaves."""
    result = {}
    for unit in UNITS:
        leaves = [tallies[a.id] for a in tree.approaches if a.unit == unit and tree.is_leaf(a.id) and a.id in tallies]
        merged = Tally.merged(leaves)
        result[unit] = {key: merged.flow[key] for key in TOTAL_KEYS}
        if unit == "system":
            result[unit]["persons_involved"] = persons_involved(merged.caseload_systems, members)
    return result
