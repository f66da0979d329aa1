"""Per-client rate limits, held in the database (`ApiUsage`) so that they hold across several app servers.

Each call of a client counts in its current minute; above the client's `rate_per_minute` the call is refused with
429 and `Retry-After` (the seconds left in the minute). One statement per call (an upsert); the first call of a
minute also removes the client's minutes older than an hour, so the table holds at most an hour per client (its
newest row is when the client was last used: the koppelingen page shows it).
"""

import datetime

from django.db import connection
from django.utils import timezone
from rest_framework.throttling import BaseThrottle

from procesregie.access.api import api_client_of

from .models import ApiUsage

KEPT = datetime.timedelta(hours=1)  # how long a client's counted minutes are kept


def count_call(client, now: datetime.datetime) -> int:
    """Count one call of `client` in the minute of `now`; the number of calls in that minute, this one included.

    One statement (SQLite and PostgreSQL alike): the minute's first call inserts its row, every later one adds to it,
    and two servers counting the same minute at once both count.
    """
    minute = now.replace(second=0, microsecond=0)
    table = connection.ops.quote_name(ApiUsage._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (client_id, minute, calls) VALUES (%s, %s, 1) "  # noqa: S608 - our own table name
            f"ON CONFLICT (client_id, minute) DO UPDATE SET calls = {table}.calls + 1 RETURNING calls",
            [client.pk, connection.ops.adapt_datetimefield_value(minute)],
        )
        calls = cursor.fetchone()[0]
    if calls == 1:  # the minute's first call: the client's older minutes are no longer needed (the newest one stays)
        ApiUsage.objects.filter(client=client, minute__lt=minute - KEPT).delete()
    return calls


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
