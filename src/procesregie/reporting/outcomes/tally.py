"""Per approach, what its *own* cases and registrations contribute, and the figures of a (rolled-up) approach.

An `Own` keeps what can be merged over a subtree without losing the distinct persons: per person the earliest
reference day, the earliest `overleden` end, whether they were ever in regie, their earliest declined
triage day; and the additive counts of life-domain progress and follow-through. `recidivism` then measures the
persons of a merged `Own` against their police registrations.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..annual.definitions import nul_and_eind_levels
from .definitions import (
    DECEASED,
    Window,
    change_pct,
    comparison_days,
    died_within_follow_up,
    is_eligible,
    is_overdue,
    keep_earliest,
    persons_of,
    progress_key,
    side_of,
)
from .selectors import CaseRow, DeclinedRow, FollowThroughGroup
from .statistics import bootstrap_change_pct


@dataclass
class Own:
    reference_days: dict[int, datetime.date] = field(default_factory=dict)  # person → earliest discussion
    deceased_on: dict[int, datetime.date] = field(default_factory=dict)  # person → earliest end `overleden`
    in_regie: set[int] = field(default_factory=set)  # persons with any case
    declined: dict[int, datetime.date] = field(default_factory=dict)  # person → earliest declined triage day
    progress: dict[int, Counter] = field(default_factory=dict)  # domain id → improved/same/worse → cases
    follow_through: dict[str, Counter] = field(default_factory=dict)  # organisation code → status/overdue → n

    def add(self, other: "Own") -> None:
        for name in ("reference_days", "deceased_on", "declined"):
            mine = getattr(self, name)
            for person_id, day in getattr(other, name).items():
                keep_earliest(mine, person_id, day)
        self.in_regie |= other.in_regie
        for name in ("progress", "follow_through"):
            mine = getattr(self, name)
            for key, counts in getattr(other, name).items():
                mine.setdefault(key, Counter()).update(counts)

    @classmethod
    def merged(cls, owns) -> "Own":
        total = cls()
        for own in owns:
            total.add(own)
        return total


class Owns(dict):
    """Approach id → Own; a missing approach reads as an empty one."""

    def __missing__(self, approach_id):
        own = self[approach_id] = Own()
        return own


def tally_cases(owns: Owns, cases: list[CaseRow], members: dict[int, set[int]]) -> None:
    """Reference days, deaths and who was ever in regie, per approach of the case."""
    for case in cases:
        persons = persons_of(case.person_id, case.system_id, members)
        if not persons:
            continue
        own = owns[case.approach_id]
        own.in_regie.update(persons)
        for person_id in persons:
            if case.first_discussed is not None:
                keep_earliest(own.reference_days, person_id, case.first_discussed)
            if case.end_reason == DECEASED and case.end is not None:
                keep_earliest(own.deceased_on, person_id, case.end)


def tally_declined(owns: Owns, window: Window, rows: list[DeclinedRow], members: dict[int, set[int]]) -> None:
    for approach_id, person_id, system_id, triage_on in rows:
        if triage_on in window:
            declined = owns[approach_id].declined
            for member in persons_of(person_id, system_id, members):
                keep_earliest(declined, member, triage_on)


def tally_progress(owns: Owns, window: Window, cases: list[CaseRow], measurements: list[tuple]) -> None:
    """Per domain, the trajectories ending in the window with a nulmeting and an eindmeting (the annual report's
    rule), as improved, same or worse."""
    approach_of = {case.case_id: case.approach_id for case in cases if case.end in window}
    for (case_id, domain_id), (nul, eind) in nul_and_eind_levels(measurements).items():
        approach_id = approach_of.get(case_id)
        if approach_id is not None:
            owns[approach_id].progress.setdefault(domain_id, Counter())[progress_key(nul, eind)] += 1


def tally_follow_through(owns: Owns, groups: list[FollowThroughGroup]) -> None:
    for approach_id, organisation, status, due_before_as_of, count in groups:
        counts = owns[approach_id].follow_through.setdefault(organisation, Counter())
        counts[status] += count
        if is_overdue(status, bool(due_before_as_of)):
            counts["overdue"] += count


class PoliceRecord:
    """The police registrations per person, and per (person, reference day) their count before and after by kind
    (remembered: a person is measured once per approach level they roll up into)."""

    def __init__(self, rows: list[tuple[int, datetime.date, str]]):
        self.by_person: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
        for person_id, date, kind in rows:
            self.by_person[person_id].append((date, kind))
        self._counted: dict[tuple[int, datetime.date], tuple[int, int, tuple]] = {}

    def around(self, person_id: int, reference_day: datetime.date) -> tuple[int, int, tuple]:
        """(before, after, ((kind, side), ...)) of one person around their reference day."""
        key = (person_id, reference_day)
        counted = self._counted.get(key)
        if counted is None:
            before = after = 0
            sides = []
            for date, kind in self.by_person.get(person_id, ()):
                side = side_of(reference_day, date)
                if side < 0:
                    before += 1
                    sides.append((kind, side))
                elif side > 0:
                    after += 1
                    sides.append((kind, side))
            counted = self._counted[key] = (before, after, tuple(sides))
        return counted


def recidivism(window: Window, reference_days: dict[int, datetime.date], deceased_on: dict[int, datetime.date],
               police: PoliceRecord) -> dict:
    """The recidivism figures (without `comparison`) of the persons with these reference days."""
    n = not_eligible = excluded_deceased = 0
    before_total = after_total = any_before = any_after = 0
    by_kind: dict[str, list[int]] = {}
    pairs: Counter = Counter()
    for person_id, day in reference_days.items():
        if day not in window:
            continue
        if not is_eligible(window, day):
            not_eligible += 1
            continue
        if died_within_follow_up(day, deceased_on.get(person_id)):
            excluded_deceased += 1
            continue
        n += 1
        before, after, sides = police.around(person_id, day)
        before_total += before
        after_total += after
        any_before += before > 0
        any_after += after > 0
        pairs[before, after] += 1
        for kind, side in sides:
            counts = by_kind.get(kind)
            if counts is None:
                counts = by_kind[kind] = [0, 0]
            counts[side > 0] += 1
    return {
        "n": n, "not_eligible": not_eligible, "excluded_deceased": excluded_deceased,
        "registrations_before": before_total, "registrations_after": after_total,
        "change_pct": change_pct(before_total, after_total),
        "persons_any_before": any_before, "persons_any_after": any_after,
        "by_kind": {kind: {"before": counts[0], "after": counts[1]} for kind, counts in sorted(by_kind.items())},
        "ci95_change_pct": bootstrap_change_pct(pairs) if n and before_total else None,
    }


def recidivism_with_comparison(window: Window, own: Own, police: PoliceRecord) -> dict:
    block = recidivism(window, own.reference_days, own.deceased_on, police)
    # The deceased rule applies alike; it leaves nobody out here, for the comparison group has no cases.
    block["comparison"] = recidivism(window, comparison_days(own.declined, own.in_regie), own.deceased_on, police)
    return block
