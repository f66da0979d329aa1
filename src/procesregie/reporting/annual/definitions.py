"""The definitions of shared/spec/annual-report.md as pure functions over one trajectory: no database here.

Every rule of the spec that decides *whether* a trajectory counts lives in this module, so that the rest of
the package only adds up what these functions say.
"""

import datetime
from dataclasses import dataclass

INTERNAL_TRANSFER = "overdracht_intern"

FLOW_KEYS = ("start", "inflow", "transfer_in", "outflow", "transfer_out", "end", "caseload")
MUNICIPALITY_KEYS = ("start", "end", "plus", "minus")  # by_district adds "caseload" = start + plus

# Duration buckets per scheme, in display order: (key, lowest month, first month past the bucket).
DURATION_BUCKETS = {
    "years": (("lt_1y", 0, 12), ("1_2y", 12, 24), ("2_4y", 24, 48), ("gt_4y", 48, None)),
    "months": (("0_6m", 0, 6), ("6_12m", 6, 12), ("1_2y", 12, 24), ("2_4y", 24, 48), ("gt_4y", 48, None)),
}

# Delta keys of domain_progress, in display order after "n".
DELTA_KEYS = ("+4", "+3", "+2", "+1", "0", "-1", "-2", "-3", "-4")

NULMETING, EINDMETING = "nulmeting", "eindmeting"


@dataclass(frozen=True)
class Period:
    """Year Y with its first day F and last day L."""

    year: int
    first: datetime.date
    last: datetime.date

    @classmethod
    def of(cls, year: int) -> "Period":
        return cls(year, datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    def __contains__(self, day: datetime.date | None) -> bool:
        return day is not None and self.first <= day <= self.last


def flow_figures(period: Period, start: datetime.date, end: datetime.date | None, reason: str | None,
                 transferred: bool) -> tuple[int, int, int, int, int, int]:
    """`(start, inflow, transfer_in, outflow, transfer_out, end)` of one trajectory in `period`, 0 or 1 each,
    exactly as the spec defines them (`caseload` is the sum of the first three). A tuple, because the report
    classifies every trajectory of two years with it."""
    first, last = period.first, period.last
    starts_in_year = first <= start <= last
    ends_in_year = end is not None and first <= end <= last
    internal = reason == INTERNAL_TRANSFER
    return (
        int(start < first and (end is None or end >= first)),
        int(starts_in_year and not transferred),
        int(starts_in_year and transferred),
        int(ends_in_year and not internal),
        int(ends_in_year and internal),
        int(start <= last and (end is None or end > last)),
    )


def flow_of(period: Period, start: datetime.date, end: datetime.date | None, reason: str | None,
            transferred: bool) -> dict[str, int]:
    """The seven flow figures (0 or 1 each) of one trajectory in `period`, by name (FLOW_KEYS)."""
    figures = flow_figures(period, start, end, reason, transferred)
    return dict(zip(FLOW_KEYS, (*figures, figures[0] + figures[1] + figures[2]), strict=True))


def whole_months(start: datetime.date, end: datetime.date) -> int:
    """`m = 12*(e.year-s.year) + (e.month-s.month) - (1 if e.day < s.day else 0)`."""
    return 12 * (end.year - start.year) + (end.month - start.month) - (1 if end.day < start.day else 0)


def duration_bucket(scheme: str, months: int) -> str:
    """The bucket of a duration of `months` whole months in `scheme` (`years` or `months`)."""
    for key, low, high in DURATION_BUCKETS[scheme]:
        if months >= low and (high is None or months < high):
            return key
    return DURATION_BUCKETS[scheme][0][0]  # m < 0 cannot happen (end >= start); count it as the shortest


def delta_key(delta: int) -> str:
    """`+2`, `0`, `-1`: the key of a domain_progress delta."""
    return f"+{delta}" if delta > 0 else str(delta)


def nul_and_eind_levels(rows) -> dict[tuple[int, int], tuple[int, int]]:
    """(case id, domain id) → (level of the nulmeting, level of the eindmeting), for every pair with both.

    `rows`: tuples (case id, domain id, kind, date, id, level) (`selectors.MeasurementRow`). Per case and domain
    the earliest nulmeting and the latest eindmeting count, a tie on date going to the row entered last (highest
    id). The rule of `domain_progress`, also used by the outcomes report.
    """
    first_nul: dict[tuple[int, int], tuple] = {}  # (case, domain) → (date, -id, level), smallest wins
    last_eind: dict[tuple[int, int], tuple] = {}  # (case, domain) → (date, id, level), largest wins
    for case_id, domain_id, kind, date, id_, level in rows:
        if kind == NULMETING:
            candidate = (date, -id_, level)
            known = first_nul.get((case_id, domain_id))
            if known is None or candidate < known:
                first_nul[case_id, domain_id] = candidate
        elif kind == EINDMETING:
            candidate = (date, id_, level)
            known = last_eind.get((case_id, domain_id))
            if known is None or candidate > known:
                last_eind[case_id, domain_id] = candidate
    return {key: (first_nul[key][2], eind[2]) for key, eind in last_eind.items() if key in first_nul}
