"""Dates counted from today, read when a test runs, not when pytest collects it.

pytest builds a module's `parametrize` arguments (and its constants, and its functions' default values) when it
imports the module, minutes before the test runs. A run that crosses midnight in Europe/Amsterdam (23:00 UTC in
winter) then tests yesterday's "today" against code that reads today's: "a date in the future" has become today,
waiting days are one short. Give such a test `days(n)` (a date) or `days(n, iso=True)` (its ISO text) and let it
read its arguments through `on_the_day()`; tests/test_clock_at_import.py keeps the clock out of import time.
"""
import dataclasses
import datetime

from django.utils import timezone


@dataclasses.dataclass(frozen=True)
class Days:
    """Today plus `offset` days, as a date or as ISO text, once `on_the_day()` reads it."""

    offset: int
    iso: bool = False

    def __repr__(self):  # the test's id: "today+1", "today-40"
        return f"today{self.offset:+d}" if self.offset else "today"

    def date(self):
        day = timezone.localdate() + datetime.timedelta(days=self.offset)
        return day.isoformat() if self.iso else day


def days(offset, *, iso=False):
    return Days(offset, iso)


def on_the_day(value):
    """`value` with every `Days` in it (itself, a dict's values, a dataclass's fields) read as of now."""
    if isinstance(value, Days):
        return value.date()
    if isinstance(value, dict):
        return {key: on_the_day(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changed = {field.name: on_the_day(getattr(value, field.name)) for field in dataclasses.fields(value)
                   if isinstance(getattr(value, field.name), Days)}
        return dataclasses.replace(value, **changed) if changed else value
    return value
