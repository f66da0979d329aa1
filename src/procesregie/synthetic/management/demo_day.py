"""What the demo commands that work as on a day share: they refuse production, and read `--today YYYY-MM-DD`."""

import datetime

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone


def refuse_production(command: str) -> None:
    if settings.PRODUCTION:
        raise CommandError(f"{command} weigert te draaien in productie (PROCESREGIE_ENV=production).")


def add_today_argument(parser, help: str) -> None:
    parser.add_argument("--today", default=None, metavar="YYYY-MM-DD", help=help)


def today_from(value: str | None, *, not_after_today: bool = False) -> datetime.date:
    """The day `--today` names (default: today); with `not_after_today`, a later day is refused (what happened is
    written, and nothing happens after today)."""
    today = timezone.localdate()
    if not value:
        return today
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today {value!r} is not a date (YYYY-MM-DD)") from None
    if not_after_today and day > today:
        raise CommandError(f"--today {value} lies after today ({today})")
    return day
