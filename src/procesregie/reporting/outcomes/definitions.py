"""The definitions of shared/spec/outcomes.md as pure functions: no database here.

Every rule that decides *whether* a person, a registration, a trajectory or an intervention counts, and on
which day, lives in this module; the rest of the package only adds up what these functions say. Dates are
inclusive everywhere.
"""

import datetime
from dataclasses import dataclass

FOLLOW_UP = datetime.timedelta(days=365)  # the year before and the year after the reference day
DAY = datetime.timedelta(days=1)
DECEASED = "overleden"  # the closing reason that takes a person out of the measurement
OPEN_STATUSES = ("agreed", "running")  # an intervention still to be done: overdue when past its due date
STATUSES = ("agreed", "running", "done", "cancelled")  # follow_through keys, in this order, then "overdue"
# Dates a year before and after which can still be computed with (datetime.date's range is years 1 to 9999).
EARLIEST, LATEST = datetime.date(2, 1, 1), datetime.date(9998, 12, 31)


class OutcomesWindowError(ValueError):
    """A window the report cannot be computed for (the message, in English, names the problem)."""


@dataclass(frozen=True)
class Window:
    """The cohort window [`first`, `last`] and the day `as_of` on which the figures are taken."""

    first: datetime.date
    last: datetime.date
    as_of: datetime.date

    def __post_init__(self):
        for name in ("first", "last", "as_of"):
            value = getattr(self, name)
            if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
                raise OutcomesWindowError(f"{name} must be a date, not {value!r}")
        if self.first > self.last:
            raise OutcomesWindowError(f"the window starts ({self.first}) after it ends ({self.last})")
        for name in ("first", "last", "as_of"):
            if not EARLIEST <= getattr(self, name) <= LATEST:
                raise OutcomesWindowError(f"{name} must lie from {EARLIEST} to {LATEST}, not {getattr(self, name)}")

    def __contains__(self, day: datetime.date | None) -> bool:
        return day is not None and self.first <= day <= self.last

    def police_span(self) -> tuple[datetime.date, datetime.date]:
        """The dates of the police registrations any figure can count: from a year before the first possible
        reference day to a year after the last *eligible* one (empty, first > last, when nobody can be)."""
        return self.first - FOLLOW_UP, min(self.last, self.as_of - FOLLOW_UP) + FOLLOW_UP


# --- recidivism -------------------------------------------------------------------------------------------


def persons_of(person_id: int | None, system_id: int | None, members: dict[int, set[int]]) -> set[int] | tuple:
    """The persons a case or registration is about: its person, or every member of its system (membership
    regardless of its dates)."""
    if person_id is not None:
        return (person_id,)
    return members.get(system_id, ())


def keep_earliest(days: dict[int, datetime.date], person_id: int, day: datetime.date) -> None:
    """Record `day` for the person unless an earlier one is known (reference days, deaths)."""
    known = days.get(person_id)
    if known is None or day < known:
        days[person_id] = day


def is_eligible(window: Window, reference_day: datetime.date) -> bool:
    """A full year of follow-up: `d + 365 days <= as_of`."""
    return reference_day + FOLLOW_UP <= window.as_of


def died_within_follow_up(reference_day: datetime.date, deceased_on: datetime.date | None) -> bool:
    """A case of the approach ended `overleden` on or before `d + 365` (`deceased_on`: the earliest such end)."""
    return deceased_on is not None and deceased_on <= reference_day + FOLLOW_UP


def side_of(reference_day: datetime.date, date: datetime.date) -> int:
    """-1 for a registration in the year before `d` (`d - 365 <= date <= d - 1`), 1 for one in the year after
    (`d + 1 <= date <= d + 365`), 0 otherwise (the reference day itself counts in neither)."""
    if reference_day - FOLLOW_UP <= date < reference_day:
        return -1
    if reference_day < date <= reference_day + FOLLOW_UP:
        return 1
    return 0


def comparison_days(declined: dict[int, datetime.date], ever_in_regie: set[int]) -> dict[int, datetime.date]:
    """The comparison group's reference days: person → `triage_on` of their earliest declined registration in the
    window, leaving out every person who ever had a case (any date, any status) in the approach's subtree."""
    return {person_id: day for person_id, day in declined.items() if person_id not in ever_in_regie}


def change_pct(before: int, after: int) -> float | None:
    """`round(100 × (after − before) / before, 1)`, None when there was nothing before."""
    if before == 0:
        return None
    return round(100 * (after - before) / before, 1)


# --- life-domain progress and follow-through --------------------------------------------------------------


def progress_key(nul: int, eind: int) -> str:
    """`improved` (eind > nul), `same` or `worse`."""
    return "improved" if eind > nul else "same" if eind == nul else "worse"


def improved_pct(improved: int, n: int) -> float:
    return round(100 * improved / n, 1)


def is_overdue(status: str, due_before_as_of: bool) -> bool:
    """Agreed or running with a due date before `as_of` (the spec's rule, whatever the case's own status; the
    query says per intervention whether its due date lies before `as_of`)."""
    return status in OPEN_STATUSES and due_before_as_of


# --- windows ----------------------------------------------------------------------------------------------


def default_cohort_year(as_of: datetime.date) -> int:
    """The latest year Y whose whole cohort has a full year of follow-up: `date(Y, 12, 31) + 365 days <= as_of`."""
    year = as_of.year
    while datetime.date(year, 12, 31) + FOLLOW_UP > as_of:
        year -= 1
    return year


def annual_chapter_window(year: int, *, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date,
                                                                                     datetime.date]:
    """(from, to, as_of) of the outcomes chapter in the annual report of `year`: the cohort of the year before,
    measured at the end of `year` (so every person of it has had a year of follow-up). Given `today`, a year that
    has not ended yet is measured today instead: what happens after today is not registered yet, and a peildatum
    after it would count persons as followed for a full year whose year is still running."""
    as_of = datetime.date(year, 12, 31)
    if today is not None:
        as_of = min(as_of, today)
    return datetime.date(year - 1, 1, 1), datetime.date(year - 1, 12, 31), as_of
