"""Calendar months: the same day so many months later or earlier, clipped to the end of a shorter month."""

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later (negative: earlier); the last day of that month when it is
    shorter (31 January + 1 month = 28 or 29 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
