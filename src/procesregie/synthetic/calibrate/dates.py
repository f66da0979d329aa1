"""Dates that put a trajectory in the right place relative to the year: start before or in it, end in it
after exactly so many whole months (the report's month formula)."""

import datetime
import random

from procesregie.core.months import add_months
from procesregie.reporting.annual.definitions import whole_months

DAY = datetime.timedelta(days=1)


def random_day(rng: random.Random, first: datetime.date, last: datetime.date, workdays: bool = True) -> datetime.date:
    """A day in [first, last], a workday when there is one (the draws stay the same in number)."""
    span = (last - first).days
    for _ in range(6):
        day = first + DAY * rng.randint(0, span)
        if not workdays or day.weekday() < 5:
            return day
    return day


def exit_dates(rng: random.Random, *, starts_before: bool, months: int, first: datetime.date, last: datetime.date,
               end_window: tuple[datetime.date, datetime.date] | None = None
               ) -> tuple[datetime.date, datetime.date] | None:
    """(start, end) with the end in [first, last], exactly `months` whole months apart, and the start before
    `first` (starts_before) or in [first, last]. None when no such dates exist (within `end_window`)."""
    if starts_before:
        low, high = first, min(last, add_months(first, months + 1))
    else:
        low, high = add_months(first, months), last
    if end_window is not None:
        low, high = max(low, end_window[0]), min(high, end_window[1])
    if low > high:
        return None
    for attempt in range(60):
        end = random_day(rng, low, high, workdays=attempt < 40)
        start_low, start_high = add_months(end, -(months + 1)) + DAY, add_months(end, -months)
        if starts_before:
            start_high = min(start_high, first - DAY)
        else:
            start_low = max(start_low, first)
        if start_low > start_high:
            continue
        start = random_day(rng, start_low, start_high, workdays=attempt < 40)
        if whole_months(start, end) == months and (start < first) == starts_before:
            return start, end
    for end in _days(low, high):  # exhaustive, rarely needed
        for start in _days(add_months(end, -(months + 1)), add_months(end, -months)):
            if whole_months(start, end) == months and (start < first) == starts_before and start <= end:
                return start, end
    return None


def end_after(rng: random.Random, start: datetime.date, months: int, last: datetime.date) -> datetime.date | None:
    """An end date `months` whole months after `start`, not after `last`."""
    low, high = add_months(start, months), min(last, add_months(start, months + 1) - DAY)
    if low > high:
        return None
    for attempt in range(40):
        end = random_day(rng, low, high, workdays=attempt < 30)
        if whole_months(start, end) == months:
            return end
    for end in _days(low, high):
        if whole_months(start, end) == months:
            return end
    return None


def _days(first: datetime.date, last: datetime.date):
    day = first
    while day <= last:
        yield day
        day += DAY


def end_window(starts_before: bool, months: int, first: datetime.date, last: datetime.date
               ) -> tuple[datetime.date, datetime.date]:
    """Roughly where the end of such an exit can lie (for pairing transfers)."""
    if starts_before:
        return first, min(last, add_months(first, months + 1) - DAY)
    return add_months(first, months), last


def start_window(months: int | None, first: datetime.date, last: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Where the start of an in-year trajectory can lie: before `last` minus its duration, if it ends."""
    if months is None:
        return first, last
    return first, add_months(last, -(months + 1)) + DAY
