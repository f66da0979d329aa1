"""Per approach, the figures of its *own* cases, added up from the rows that `selectors` read.

A `Tally` keeps what can be merged without losing the distinct counts: additive figures as counters, the
discussed subjects and the caseload systems as sets, durations as whole months (bucketed only when the
block is written, by the scheme of the approach whose block it is).
"""

from collections import Counter
from dataclasses import dataclass, field

from .definitions import (
    FLOW_KEYS,
    MUNICIPALITY_KEYS,
    Period,
    delta_key,
    flow_figures,
    nul_and_eind_levels,
    whole_months,
)
from .selectors import DiscussionGroup, EscalationGroup, SignalGroup, Trajectory

AANMELDING = "aanmelding"  # the outcome of a signal that led to a registration


@dataclass
class Tally:
    flow: Counter = field(default_factory=Counter)
    outflow_by_reason: Counter = field(default_factory=Counter)
    inflow_by_reporter: Counter = field(default_factory=Counter)
    inflow_by_reporter_kind: Counter = field(default_factory=Counter)
    declined: int = 0
    months: Counter = field(default_factory=Counter)  # whole months → trajectories that ended in the year
    by_municipality: dict[str, Counter] = field(default_factory=dict)
    discussions: Counter = field(default_factory=Counter)  # count, client_present, expert_present
    discussed_subjects: set = field(default_factory=set)  # ("person", id) or ("system", id)
    progress: dict[str, Counter] = field(default_factory=dict)  # domain code → delta key → cases
    interventions: Counter = field(default_factory=Counter)
    caseload_systems: set = field(default_factory=set)
    signals: Counter = field(default_factory=Counter)  # count, to_registration
    signal_kinds: Counter = field(default_factory=Counter)
    signal_reporter_kinds: Counter = field(default_factory=Counter)
    escalations: Counter = field(default_factory=Counter)  # count, resolved
    escalation_outcomes: Counter = field(default_factory=Counter)

    def add(self, other: "Tally") -> None:
        for name in ("flow", "outflow_by_reason", "inflow_by_reporter", "inflow_by_reporter_kind", "months",
                     "discussions", "interventions", "signals", "signal_kinds", "signal_reporter_kinds",
                     "escalations", "escalation_outcomes"):
            getattr(self, name).update(getattr(other, name))
        self.declined += other.declined
        for name in ("by_municipality", "progress"):
            mine = getattr(self, name)
            for key, counts in getattr(other, name).items():
                mine.setdefault(key, Counter()).update(counts)
        self.discussed_subjects |= other.discussed_subjects
        self.caseload_systems |= other.caseload_systems

    @classmethod
    def merged(cls, tallies) -> "Tally":
        total = cls()
        for tally in tallies:
            total.add(tally)
        return total


class Tallies(dict):
    """Approach id → Tally of that approach's own cases; a missing approach reads as an empty tally."""

    def __missing__(self, approach_id):
        tally = self[approach_id] = Tally()
        return tally


def tally_flows(periods: list[Period], trajectories: list[Trajectory], reasons: dict[int, str]) -> list[Tallies]:
    """Only the flow figures, of each of `periods`, in one pass over the trajectories."""
    reason_of = {None: None, **reasons}
    counts = [Counter() for _ in periods]  # per period: (approach id, figures) → trajectories
    for t in trajectories:
        reason = reason_of[t.reason_id]
        for period, flows in zip(periods, counts, strict=True):
            flows[t.approach_id, flow_figures(period, t.start, t.end, reason, t.transferred)] += 1
    result = []
    for flows in counts:
        tallies = Tallies()
        _add_flows(tallies, flows)
        result.append(tallies)
    return result


def _add_flows(tallies: Tallies, flows: Counter) -> None:
    """Add {(approach id, flow figures): trajectories} to the approaches' `flow` counters."""
    for (approach_id, figures), n in flows.items():
        if not any(figures):
            continue  # in regie only in another period
        flow = tallies[approach_id].flow
        for key, value in zip(FLOW_KEYS, (*figures, figures[0] + figures[1] + figures[2]), strict=True):
            flow[key] += value * n


def tally_trajectories(tallies: Tallies, period: Period, trajectories: list[Trajectory], *,
                       reasons: dict[int, str], municipalities: dict[int, tuple[str, str]],
                       organisations: dict[int, tuple[str, str]], previous: tuple[Period, Tallies] | None = None,
                       ) -> None:
    """flow, outflow_by_reason, inflow_by_reporter(_kind), durations, by_municipality and caseload systems.

    With `previous` = (another period, its tallies): the flow figures of that period too, in the same pass (the
    year-over-year comparison; `trajectories` then span both periods). Trajectories are first counted by what
    the figures need (a few hundred distinct keys for thousands of trajectories), then added to the tallies.
    """
    reason_of = {None: None, **reasons}
    flows: Counter = Counter()  # (approach id, flow figures) → trajectories
    previous_flows: Counter = Counter()
    ended: Counter = Counter()  # (approach id, end reason, whole months) → trajectories ending in the year
    reported: Counter = Counter()  # (approach id, reporting organisation id) → inflow
    by_municipality: Counter = Counter()  # (approach id, municipality id, start, end, plus, minus) → trajectories
    for t in trajectories:
        reason = reason_of[t.reason_id]
        if previous is not None:
            previous_flows[t.approach_id, flow_figures(previous[0], t.start, t.end, reason, t.transferred)] += 1
        figures = flow_figures(period, t.start, t.end, reason, t.transferred)
        start, inflow, transfer_in, outflow, transfer_out, end = figures
        if not (start or inflow or transfer_in or outflow or transfer_out or end):
            continue  # in regie only in the previous period
        flows[t.approach_id, figures] += 1
        if outflow or transfer_out:
            ended[t.approach_id, reason, whole_months(t.start, t.end)] += 1
        if inflow:
            reported[t.approach_id, t.reporter_id] += 1
        if (start or inflow or transfer_in) and t.system_id is not None:
            tallies[t.approach_id].caseload_systems.add(t.system_id)
        by_municipality[t.approach_id, t.municipality_id, start, end, inflow + transfer_in, outflow + transfer_out] += 1

    _add_flows(tallies, flows)
    if previous is not None:
        _add_flows(previous[1], previous_flows)
    for (approach_id, reason, months), n in ended.items():
        tally = tallies[approach_id]
        tally.outflow_by_reason[reason] += n
        tally.months[months] += n
    for (approach_id, reporter_id), n in reported.items():
        code, kind = organisations[reporter_id]
        tally = tallies[approach_id]
        tally.inflow_by_reporter[code] += n
        tally.inflow_by_reporter_kind[kind] += n
    for (approach_id, municipality_id, *figures), n in by_municipality.items():
        counts = tallies[approach_id].by_municipality.setdefault(
            municipalities[municipality_id][0], Counter(dict.fromkeys(MUNICIPALITY_KEYS, 0))
        )
        for key, value in zip(MUNICIPALITY_KEYS, figures, strict=True):
            counts[key] += value * n


def tally_declined(tallies: Tallies, declined: dict[int, int]) -> None:
    for approach_id, count in declined.items():
        tallies[approach_id].declined += count


def tally_discussions(tallies: Tallies, groups: list[DiscussionGroup]) -> None:
    counts: dict[int, list[int]] = {}  # approach id → [count, client_present, expert_present]
    subjects: dict[int, set] = {}
    for approach_id, person_id, system_id, count, client_present, expert_present in groups:
        figures = counts.get(approach_id)
        if figures is None:
            figures = counts[approach_id] = [0, 0, 0]
            subjects[approach_id] = set()
        figures[0] += count
        figures[1] += client_present
        figures[2] += expert_present
        subjects[approach_id].add(("person", person_id) if person_id is not None else ("system", system_id))
    for approach_id, (count, client_present, expert_present) in counts.items():
        tally = tallies[approach_id]
        tally.discussions.update({"count": count, "client_present": client_present, "expert_present": expert_present})
        tally.discussed_subjects |= subjects[approach_id]


def tally_progress(tallies: Tallies, period: Period, trajectories: list[Trajectory], rows: list[tuple],
                   domains: dict[int, str]) -> None:
    """`rows`: tuples with the fields of `MeasurementRow`. Per (case, domain) the nulmeting and eindmeting that
    `definitions.nul_and_eind_levels` picks; where both exist the case counts once under `eind - nul`."""
    approach_of = {t.case_id: t.approach_id for t in trajectories if t.end in period}
    deltas: Counter = Counter()  # (approach id, domain id, eind - nul) → cases
    for (case_id, domain_id), (nul, eind) in nul_and_eind_levels(rows).items():
        approach_id = approach_of.get(case_id)
        if approach_id is not None:
            deltas[approach_id, domain_id, eind - nul] += 1
    for (approach_id, domain_id, delta), n in deltas.items():
        progress = tallies[approach_id].progress.setdefault(domains[domain_id], Counter())
        progress[delta_key(delta)] += n
        progress["n"] += n


def tally_interventions(tallies: Tallies, rows: list[tuple[int, str, int]]) -> None:
    for approach_id, code, count in rows:
        tallies[approach_id].interventions[code] += count


def tally_signals(tallies: Tallies, groups: list[SignalGroup], previous: Tallies | None = None) -> None:
    """`signals` of the year; with `previous`, the count of the year before too (the groups then span it)."""
    for approach_id, kind, reporter_kind, outcome, count, before in groups:
        if count:
            tally = tallies[approach_id]
            tally.signals["count"] += count
            tally.signal_kinds[kind] += count
            tally.signal_reporter_kinds[reporter_kind] += count
            if outcome == AANMELDING:
                tally.signals["to_registration"] += count
        if before and previous is not None:
            previous[approach_id].signals["count"] += before


def tally_escalations(tallies: Tallies, groups: list[EscalationGroup], previous: Tallies | None = None) -> None:
    """`escalations` of the year: raised in it, resolved by its last day, and the outcomes of those resolved;
    with `previous`, the count of the year before too."""
    for approach_id, outcome, count, resolved, before in groups:
        if count:
            tally = tallies[approach_id]
            tally.escalations["count"] += count
            tally.escalations["resolved"] += resolved
            if resolved:
                tally.escalation_outcomes[outcome] += resolved
        if before and previous is not None:
            previous[approach_id].escalations["count"] += before
