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


def flow_of(period: Period, start: datetime.date, end: datetime.date | None, reason: str | None,
            transferred: bool) -> dict[str, int]:
    """The seven flow figures (0 or 1 each) of one trajectory in `period`, exactly as the spec defines them."""
    first, last = period.first, period.last
    in_regie_on_first = start < first and (end is None or end >= first)
    starts_in_year = first <= start <= last
    ends_in_year = end is not None and first <= end <= last
    flow = {
        "start": int(in_regie_on_first),
        "inflow": int(starts_in_year and not transferred),
        "transfer_in": int(starts_in_year and transferred),
        "outflow": int(ends_in_year and reason != INTERNAL_TRANSFER),
        "transfer_out": int(ends_in_year and reason == INTERNAL_TRANSFER),
        "end": int(start <= last and (end is None or end > last)),
    }
    flow["caseload"] = flow["start"] + flow["inflow"] + flow["transfer_in"]
    return flow


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
