"""Retention of the access log: removing the oldest entries of every chain without breaking verification.

The access log is kept for a period (the retention policy's phase ``access_log``, docs/retention.md); the
reviewed destruction run (`retention`) removes what is older with `prune_access_log`, and the due computation
asks `log_entries_before` whether there is anything to remove. See docs/decisions/0018-access-log-retention.md.

Per chain, pruning removes the **oldest run** of entries: positions ``anchor + 1`` up to the last position before
the first entry written on or after the ``before`` day (local time). An entry written before that day but after
a later one (a clock stepped back) stays until everything before it goes, so a chain never gets a hole. The
chain's `PruningAnchor` first moves forward to the last removed entry (its position, sequence number, hash and
time: the trigger checks that the entry exists), then the entries at or below it are deleted (the trigger allows
nothing else). `audit verify` continues the chain from the anchor: the first remaining entry must follow its hash.

Pruning holds the anchors (SELECT ... FOR UPDATE) for its transaction, so two prunings never interleave; it takes
no head, so requests keep appending while it runs (new entries are never old enough to go). Running it again with
the same (or an earlier) date removes nothing and logs nothing: an anchor never moves back.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from .chain import CHAINS
from .models import AccessLogEntry, Action, PruningAnchor
from .services import record_access


def _cutoff(before: datetime.date) -> datetime.datetime:
    """The first moment of the day `before`, in the installation's time zone."""
    if not isinstance(before, datetime.date) or isinstance(before, datetime.datetime):
        raise TypeError("before must be a date")
    return timezone.make_aware(datetime.datetime.combine(before, datetime.time.min))


def _anchors(*, lock: bool) -> dict[int, PruningAnchor]:
    """Every chain's anchor; a database emptied since migration 0004 (a test flush) gets them back at 0."""
    anchors = PruningAnchor.objects.order_by("pk")
    if lock:
        anchors = anchors.select_for_update()
    found = {anchor.pk: anchor for anchor in anchors.all()}
    if len(found) < len(CHAINS):
        PruningAnchor.objects.bulk_create(
            [PruningAnchor(pk=chain) for chain in CHAINS if chain not in found], ignore_conflicts=True
        )
        found = {anchor.pk: anchor for anchor in anchors.all()}  # a fresh query: the first result is cached
    return found


def _last_prunable(chain: int, above: int, cutoff: datetime.datetime) -> AccessLogEntry | None:
    """The last entry of the chain's oldest run written before `cutoff` (above position `above`), or None."""
    remaining = AccessLogEntry.objects.filter(chain=chain, position__gt=above)
    first_kept = (
        remaining.filter(occurred_at__gte=cutoff).order_by("position").values_list("position", flat=True).first()
    )
    if first_kept is not None:
        remaining = remaining.filter(position__lt=first_kept)
    return remaining.order_by("-position").only("position", "sequence", "hash", "occurred_at").first()


def log_entries_before(before: datetime.date) -> int:
    """How many entries `prune_access_log(before=before)` would remove now (0: nothing to prune).

    Two queries per chain (a fixed number), each reading the index on (chain, position) from the chain's anchor
    through the entries that would go."""
    cutoff = _cutoff(before)
    anchors = {chain: position for chain, position in PruningAnchor.objects.values_list("pk", "position")}
    total = 0
    for chain in CHAINS:
        above = anchors.get(chain, 0)
        last = _last_prunable(chain, above, cutoff)
        if last is not None:
            total += last.position - above
    return total


@transaction.atomic
def prune_access_log(*, actor, before: datetime.date) -> int:
    """Remove every chain's oldest entries written before the day `before`; return how many were removed.

    `actor`: who prunes (a User, or None for the system). The pruning is itself logged: one DELETE entry without a
    subject, appended after the removal (so never among what it removes). Nothing to remove: returns 0 and logs
    nothing.
    """
    cutoff = _cutoff(before)
    anchors = _anchors(lock=True)
    now = timezone.now()
    removed = 0
    for chain in CHAINS:
        anchor = anchors[chain]
        last = _last_prunable(chain, anchor.position, cutoff)
        if last is None:
            continue
        # The anchor moves first (the trigger checks the entry it names exists), then the entries up to it go.
        PruningAnchor.objects.filter(pk=chain).update(
            position=last.position, sequence=last.sequence, hash=last.hash, occurred_at=last.occurred_at,
            before=before, pruned_at=now,
        )
        count, _per_model = AccessLogEntry.objects.filter(chain=chain, position__lte=last.position).delete()
        removed += count
    if removed:
        record_access(actor=actor, action=Action.DELETE, obj=AccessLogEntry)
    return removed
