"""Per approach, the figures of its *own* cases, added up from the rows that `selectors` read.

A `Tally` keeps what can be merged without losing the distinct counts: additive figures as counters, the
discussed subjects and the caseload systems as sets, durations as whole months (bucketed only when the
block is written, by the scheme of the approach whose block it is).
"""

from collections import Counter
from dataclasses import dataclass, field

from .definitions import MUNICIPALITY_KEYS, Period, delta_key, flow_of, whole_months
from .selectors import DiscussionGroup, MeasurementRow, Trajectory

NULMETING, EINDMETING = "nulmeting", "eindmeting"


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

    def add(self, other: "Tally") -> None:
        for name in ("flow", "outflow_by_reason", "inflow_by_reporter", "inflow_by_reporter_kind", "months",
                     "discussions", "interventions"):
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


def tally_flows(period: Period, trajectories: list[Trajectory], reasons: dict[int, str]) -> Tallies:
    """Only the flow figures (for the year-over-year comparison)."""
    tallies = Tallies()
    for t in trajectories:
        tallies[t.approach_id].flow.update(flow_of(period, t.start, t.end, _reason(t, reasons), t.transferred))
    return tallies


def _reason(trajectory: Trajectory, reasons: dict[int, str]) -> str | None:
    return None if trajectory.reason_id is None else reasons[trajectory.reason_id]


def tally_trajectories(tallies: Tallies, period: Period, trajectories: list[Trajectory], *,
                       reasons: dict[int, str], municipalities: dict[int, tuple[str, str]],
                       organisations: dict[int, tuple[str, str]]) -> None:
    """flow, outflow_by_reason, inflow_by_reporter(_kind), durations, by_municipality and caseload systems."""
    for t in trajectories:
        reason = _reason(t, reasons)
        flow = flow_of(period, t.start, t.end, reason, t.transferred)
        tally = tallies[t.approach_id]
        tally.flow.update(flow)
        if flow["outflow"] or flow["transfer_out"]:
            tally.outflow_by_reason[reason] += 1
            tally.months[whole_months(t.start, t.end)] += 1
        if flow["inflow"]:
            code, kind = organisations[t.reporter_id]
            tally.inflow_by_reporter[code] += 1
            tally.inflow_by_reporter_kind[kind] += 1
        if flow["caseload"] and t.system_id is not None:
            tally.caseload_systems.add(t.system_id)
        figures = {
            "start": flow["start"], "end": flow["end"],
            "plus": flow["inflow"] + flow["transfer_in"], "minus": flow["outflow"] + flow["transfer_out"],
        }
        if any(figures.values()):
            municipality = municipalities[t.municipality_id][0]
            tally.by_municipality.setdefault(municipality, Counter({key: 0 for key in MUNICIPALITY_KEYS})).update(
                figures
            )


def tally_declined(tallies: Tallies, declined: dict[int, int]) -> None:
    for approach_id, count in declined.items():
        tallies[approach_id].declined += count


def tally_discussions(tallies: Tallies, groups: list[DiscussionGroup]) -> None:
    for group in groups:
        tally = tallies[group.approach_id]
        tally.discussions.update(
            {"count": group.count, "client_present": group.client_present, "expert_present": group.expert_present}
        )
        subject = ("person", group.person_id) if group.person_id is not None else ("system", group.system_id)
        tally.discussed_subjects.add(subject)


def tally_progress(tallies: Tallies, period: Period, trajectories: list[Trajectory], rows: list[MeasurementRow],
                   domains: dict[int, str]) -> None:
    """Per (case, domain): the earliest nulmeting and the latest eindmeting, a tie on date going to the row
    entered last (highest id); where both exist the case counts once under `eind - nul`."""
    approach_of = {t.case_id: t.approach_id for t in trajectories if t.end in period}
    first_nul: dict[tuple[int, int], tuple] = {}  # (case, domain) → (date, -id, level), smallest wins
    last_eind: dict[tuple[int, int], tuple] = {}  # (case, domain) → (date, id, level), largest wins
    for row in rows:
        key = (row.case_id, row.domain_id)
        if row.kind == NULMETING:
            candidate = (row.date, -row.id, row.level)
            if key not in first_nul or candidate < first_nul[key]:
                first_nul[key] = candidate
        elif row.kind == EINDMETING:
            candidate = (row.date, row.id, row.level)
            if key not in last_eind or candidate > last_eind[key]:
                last_eind[key] = candidate
    for key, (_, _, eind) in last_eind.items():
        if key not in first_nul or key[0] not in approach_of:
            continue
        case_id, domain_id = key
        progress = tallies[approach_of[case_id]].progress.setdefault(domains[domain_id], Counter())
        progress[delta_key(eind - first_nul[key][2])] += 1
        progress["n"] += 1


def tally_interventions(tallies: Tallies, rows: list[tuple[int, str, int]]) -> None:
    for approach_id, code, count in rows:
        tallies[approach_id].interventions[code] += count
