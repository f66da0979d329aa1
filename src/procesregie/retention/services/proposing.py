"""Proposing a destruction list: everything past its retention date at `as_of` (`retention.due.due_items`).

Idempotent, so it can run every day from a scheduler: objects that are on an open list already are not added again;
new ones are added to the open list (the newest, when there are several), or to a new list when none is open; when
nothing new is due nothing is written. A list is open while it has an item that is pending, or approved and not yet
carried out. An object excluded on an open list stays off until that list is done; then it is proposed again
(the review shows the earlier exclusion and its reason). The list and every item keep the policy that applied.

Logged: one CREATE entry for the list when items were added (the list, no data subject: the items hold ids only
until the privacy officer opens them, which is logged per subject there)."""

import datetime

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q

from procesregie.audit.models import Action
from procesregie.audit.services import record_access

from ..due import due_items
from ..models import Decision, DestructionItem, DestructionList, ItemKind, Result
from ..policy import policy_in_force

_OBJECT_FIELD = {ItemKind.PERSON: "person_id", ItemKind.SYSTEM: "system_id", ItemKind.SIGNAL: "signal_id"}


def open_lists():
    """Lists with an item still to decide or to carry out; newest first."""
    unfinished = DestructionItem.objects.filter(destruction_list=OuterRef("pk")).filter(
        Q(decision=Decision.PENDING) | Q(decision=Decision.APPROVED, result=Result.NONE)
    )
    return DestructionList.objects.filter(Exists(unfinished)).order_by("-created_at", "-id")


def _on_open_lists() -> set[tuple[str, int | None]]:
    """(kind, object id) of what is on an open list and not carried out; the access log as (ACCESS_LOG, None)."""
    rows = DestructionItem.objects.filter(destruction_list__in=open_lists(), result=Result.NONE).values_list(
        "kind", "person_id", "system_id", "signal_id")
    keys = set()
    for kind, person_id, system_id, signal_id in rows:
        object_id = {ItemKind.PERSON: person_id, ItemKind.SYSTEM: system_id, ItemKind.SIGNAL: signal_id}.get(kind)
        keys.add((kind, object_id))
    return keys


# PostgreSQL: two runs at once (two schedulers, a run and a retry) wait for each other instead of both adding the
# same items or both opening a list. SQLite has one writer at a time anyway.
PROPOSE_LOCK = 0x7265_7465  # "rete"


def _one_proposer_at_a_time() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PROPOSE_LOCK])


@transaction.atomic
def destruction_list_propose(*, actor, as_of: datetime.date, request=None) -> DestructionList | None:
    """Add what is past its date at `as_of` and on no open list to the open list (or a new one). Returns the list
    that received items, else the open list if there is one, else None (nothing due, nothing open)."""
    policy = policy_in_force()
    snapshot = policy.as_json()
    _one_proposer_at_a_time()
    current = open_lists().first()
    already = _on_open_lists()
    new = [due for due in due_items(as_of, policy=policy) if due.key not in already]
    if not new:
        return current
    if current is None:
        current = DestructionList.objects.create(as_of=as_of, proposed_by=actor, policy=snapshot)
    else:
        current.as_of = max(current.as_of, as_of)
        current.policy = snapshot
        current.save(update_fields=["as_of", "policy"])
    DestructionItem.objects.bulk_create([
        DestructionItem(
            destruction_list=current, kind=due.kind, due_on=due.due_on, phase=due.phase,
            approach_code=due.approach_code, log_before=due.log_before, policy=[due.rule],
            **({_OBJECT_FIELD[due.kind]: due.object_id} if due.kind in _OBJECT_FIELD else {}),
        )
        for due in new
    ], batch_size=2000)
    record_access(actor=actor, action=Action.CREATE, obj=current, request=request)
    return current
