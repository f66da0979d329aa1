"""Which participations count: the one definition that access, lists and forms ask.

A participation gives access on a day when it was not removed (`removed_at`), has begun (`since`, when known)
and has not passed its `until`: `until` is the last day it runs, so a participation with `until` tomorrow
still gives access today and tomorrow, one with `until` yesterday no longer does.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone


class ParticipationQuerySet(models.QuerySet):
    def open(self):
        """Not ended by a removal: the row that `participation_active_unique` keeps to one per organisation
        and case (what adding and removing a participant work on)."""
        return self.filter(removed_at__isnull=True)

    def active(self, on: datetime.date | None = None):
        """Giving access on `on` (default: today): open, begun and not past its `until`."""
        on = timezone.localdate() if on is None else on
        return self.open().filter(Q(since__isnull=True) | Q(since__lte=on), Q(until__isnull=True) | Q(until__gte=on))

    def lapsed(self, on: datetime.date | None = None):
        """Open, but past its `until`: it no longer counts, yet it is the open row of its organisation (adding
        the organisation again ends it first)."""
        on = timezone.localdate() if on is None else on
        return self.open().filter(until__lt=on)


def is_active(participation, on: datetime.date | None = None) -> bool:
    """`active()` for one participation already loaded (the page's list of participants)."""
    on = timezone.localdate() if on is None else on
    return (participation.removed_at is None and (participation.since is None or participation.since <= on)
            and (participation.until is None or participation.until >= on))
