"""Per-client rate limits, held in the database (`ApiUsage`) so that they hold across several app servers.

Each call of a client counts in its current minute; above the client's `rate_per_minute` the call is refused with
429 and `Retry-After` (the seconds left in the minute). One statement per call on the usual path: an UPDATE of the
minute's row, and an INSERT when it is the minute's first call.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from rest_framework.throttling import BaseThrottle

from procesregie.access.api import api_client_of

from .models import ApiUsage


def count_call(client, now: datetime.datetime) -> int:
    """Count one call of `client` in the minute of `now`; the number of calls in that minute, this one included."""
    minute = now.replace(second=0, microsecond=0)
    for _attempt in range(2):
        with transaction.atomic():
            if ApiUsage.objects.filter(client=client, minute=minute).update(calls=F("calls") + 1):
                return ApiUsage.objects.filter(client=client, minute=minute).values_list("calls", flat=True).get()
            try:
                with transaction.atomic():
                    ApiUsage.objects.create(client=client, minute=minute, calls=1)
                return 1
            except IntegrityError:  # another server counted this minute's first call at the same moment
                continue
    raise RuntimeError("could not count an API call")  # pragma: no cover - two collisions in a row


class ClientRateThrottle(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        client = api_client_of(request.user)
        if client is None:
            return True  # not a client: the permission refuses it (401), or the view is open to all
        now = timezone.now()
        self._wait = 60 - now.second
        return count_call(client, now) <= client.rate_per_minute

    def wait(self) -> float:
        return self._wait
