"""A client's hit/no-hit limits, and when a client is flagged to the privacy officer.

- **Daily limit**: a client asks at most `ApiClient.hitnohit_per_day` questions per day (local time, from midnight).
  Above it a question is refused (429, `Retry-After` until midnight) and not answered; the refusal is logged as a
  denied read of hit/no-hit questions by the client (`audit`: outcome `denied`, object type `api.hitnohitquery`).
- **Probe**: a client whose misses in the last `FLAG_WINDOW` are at least `PROBE_MIN_MISSES` and more than
  `PROBE_MISS_SHARE` of its questions in that window looks like it is trying many numbers to see which are known.

A client is **flagged** while, in the last `FLAG_WINDOW`, it was refused for its daily limit or it probed. The flag is
derived from the questions and the access log each time it is shown, never stored: it cannot go stale and needs
nothing to be cleared. It lapses `FLAG_WINDOW` after the behaviour stops; the privacy officer's overview shows the
last `OVERVIEW_DAYS` days' figures (refusals too), so what happened stays visible for a week.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from procesregie.accounts.models import ApiClient
from procesregie.audit.models import AccessLogEntry, Action, Outcome

from ..models import HitNoHitQuery

PROBE_MIN_MISSES = 50  # at least this many misses in FLAG_WINDOW ...
PROBE_MISS_SHARE = 0.8  # ... that are more than this share of the client's questions in FLAG_WINDOW
FLAG_WINDOW = datetime.timedelta(hours=24)
OVERVIEW_DAYS = 7

REFUSAL_TYPE = HitNoHitQuery._meta.label_lower  # object type of a refused question's access-log entry


def day_start(now: datetime.datetime) -> datetime.datetime:
    """Local midnight at the start of `now`'s day (the daily limit counts from here)."""
    return timezone.make_aware(datetime.datetime.combine(timezone.localdate(now), datetime.time()))


def seconds_to_next_day(now: datetime.datetime) -> int:
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    next_day = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))
    return max(1, int((next_day - now).total_seconds() + 0.999))


def asked_today(client: ApiClient, now: datetime.datetime) -> int:
    return HitNoHitQuery.objects.filter(client=client, asked_at__gte=day_start(now)).count()


def is_probe(*, asked: int, misses: int) -> bool:
    return misses >= PROBE_MIN_MISSES and misses > PROBE_MISS_SHARE * asked


@dataclass
class ClientUse:
    """One client's hit/no-hit questions: today (from midnight), the last OVERVIEW_DAYS days, the last FLAG_WINDOW."""

    client: ApiClient
    today: int = 0
    week: int = 0
    week_hits: int = 0
    week_refused: int = 0
    window: int = 0
    window_misses: int = 0
    window_refused: int = 0

    @property
    def week_misses(self) -> int:
        return self.week - self.week_hits

    @property
    def probing(self) -> bool:
        return is_probe(asked=self.window, misses=self.window_misses)

    @property
    def over_limit(self) -> bool:
        return self.window_refused > 0

    @property
    def flagged(self) -> bool:
        return self.probing or self.over_limit


def client_use(clients: list[ApiClient], now: datetime.datetime) -> list[ClientUse]:
    """The use of each of `clients`, in their order. Two queries, whatever the number of clients or questions."""
    rows = {client.pk: ClientUse(client) for client in clients}
    if not rows:
        return []
    week_ago = now - datetime.timedelta(days=OVERVIEW_DAYS)
    window_start = now - FLAG_WINDOW
    counts = (
        HitNoHitQuery.objects.filter(client_id__in=rows, asked_at__gte=min(week_ago, window_start))
        .values("client_id").order_by()
        .annotate(
            today=Count("pk", filter=Q(asked_at__gte=day_start(now))),
            week=Count("pk", filter=Q(asked_at__gte=week_ago)),
            week_hits=Count("pk", filter=Q(asked_at__gte=week_ago, hit=True)),
            window=Count("pk", filter=Q(asked_at__gte=window_start)),
            window_misses=Count("pk", filter=Q(asked_at__gte=window_start, hit=False)),
        )
    )
    for count in counts:
        row = rows[count.pop("client_id")]
        for name, value in count.items():
            setattr(row, name, value)
    by_user = {client.user_id: rows[client.pk] for client in clients}
    refusals = (
        AccessLogEntry.objects.filter(
            actor_id__in=by_user, occurred_at__gte=min(week_ago, window_start), object_type=REFUSAL_TYPE,
            action=Action.READ, outcome=Outcome.DENIED,
        )
        .values("actor_id").order_by()
        .annotate(week=Count("pk", filter=Q(occurred_at__gte=week_ago)),
                  window=Count("pk", filter=Q(occurred_at__gte=window_start)))
    )
    for refusal in refusals:
        row = by_user[refusal["actor_id"]]
        row.week_refused, row.window_refused = refusal["week"], refusal["window"]
    return list(rows.values())
