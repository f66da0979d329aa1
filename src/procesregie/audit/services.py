"""Writing the access log: `record_access` for one access, `record_accesses` for a list or search result.

Lists and searches are logged as **one entry per data subject shown** (not one entry holding a list of
subject keys). A data subject's question "who saw my data?" then is one indexed lookup on `subject_key`,
every entry has the same flat shape (one canonical form to hash and verify), and the cost is one
insert per page (`core.inserting.insert_rows`: a `COPY` on PostgreSQL, one prepared statement run per row on
SQLite; a bulk INSERT spent most of an append preparing 19 values per entry in Python). A search or list that
shows nobody is logged with `obj=<model class>` and no subject, so the attempt is still visible. Search terms are
never logged: they may be personal data.

The log is a fixed set of hash chains (`audit.chain`; docs/decisions/0006). An append takes the head of a
chain that no other transaction holds (PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED, lowest free chain
first), so concurrent requests, also on several app servers, append side by side and never wait for each
other. Only when every chain is held by an open transaction does an append wait for one, at most
`ALL_CHAINS_BUSY_WAIT_MS`, and then fail (closed). SQLite has one writer at a time anyway: there every
append goes to chain 1 inside the (IMMEDIATE) write transaction. Call these services inside the transaction
of the change they record: when that transaction rolls back, its entries go with it; its chain stays held
until it ends.

Any database error while appending raises `AccessLogUnavailable`; the caller must then show nothing.
"""

import logging
import random
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from procesregie.core.inserting import insert_rows

from .chain import CHAINS, entry_hash
from .context import request_metadata
from .errors import AccessLogUnavailable
from .models import AccessLogEntry, Action, ChainHead, Outcome

logger = logging.getLogger(__name__)

SYSTEM_USERNAME = "system"
ANONYMOUS_USERNAME = "anonymous"
# How long an append waits for a chain when every chain is held by an open transaction (then: fail closed).
ALL_CHAINS_BUSY_WAIT_MS = 3000
ENTRY_NUMBERS = "audit_accesslogentry_sequence"  # PostgreSQL sequence (migration 0003)


@dataclass(frozen=True)
class AccessTarget:
    """What one entry is about.

    `obj`: a saved model instance, or a model class for an action on a set (a list that showed nobody).
    `subject_key`: the data subject's pseudonymous UUID; defaults to `obj.subject_key` when `obj` has one.
    `purpose_case`: the case (instance or id) for which the access happened.
    """

    obj: Any = None
    subject_key: uuid.UUID | str | None = None
    purpose_case: Any = None


def record_access(
    *,
    actor,
    action: str,
    obj=None,
    subject_key: uuid.UUID | str | None = None,
    purpose_case=None,
    purpose_approach=None,
    outcome: str = Outcome.GRANTED,
    request=None,
) -> AccessLogEntry:
    """Append one entry. `actor` is a User, an anonymous user, or None for the system (CLI, jobs).

    `purpose_approach` is an Approach or its code. `request` supplies the IP address and request id.
    Raises `AccessLogUnavailable` when the entry cannot be written, `ValueError` on a programming error.
    """
    (entry,) = record_accesses(
        actor=actor,
        action=action,
        targets=[AccessTarget(obj=obj, subject_key=subject_key, purpose_case=purpose_case)],
        purpose_approach=purpose_approach,
        outcome=outcome,
        request=request,
    )
    return entry


def record_accesses(
    *,
    actor,
    action: str,
    targets: Iterable[AccessTarget],
    purpose_approach=None,
    outcome: str = Outcome.GRANTED,
    request=None,
) -> list[AccessLogEntry]:
    """Append one entry per target in one transaction (a page of a list: one target per subject shown)."""
    rows = [_target_fields(target) for target in targets]
    if not rows:
        return []
    ip, request_id = request_metadata(request)
    common = {
        "action": Action(action).value,
        "outcome": Outcome(outcome).value,
        "purpose_approach": _approach_code(purpose_approach),
        "ip": ip,
        "request_id": request_id,
    }
    try:
        common.update(_actor_fields(actor))  # may read the organisation and roles: before the write transaction
        with transaction.atomic():
            return _append(common, rows)
    except DatabaseError as exc:
        logger.exception("The access log could not be written.")
        raise AccessLogUnavailable("The access log could not be written.") from exc


def _append(common: dict, rows: list[dict]) -> list[AccessLogEntry]:
    head = _claim_head()
    now = timezone.now()
    position, prev_hash = head.last_position, head.last_hash
    written = []
    for row, sequence in zip(rows, _entry_numbers(len(rows)), strict=True):
        position += 1
        values = {**common, **row, "sequence": sequence, "chain": head.pk, "position": position, "occurred_at": now,
                  "prev_hash": prev_hash}
        values["hash"] = prev_hash = entry_hash(values)
        written.append(tuple(values[name] for name in _ATTRIBUTES))
    insert_rows(AccessLogEntry, _ATTRIBUTES, written)
    ChainHead.objects.filter(pk=head.pk).update(
        last_position=position, last_sequence=written[-1][_SEQUENCE], last_hash=prev_hash
    )
    return [_saved(AccessLogEntry(*values)) for values in written]  # positional: the fast way in


_ATTRIBUTES = [field.attname for field in AccessLogEntry._meta.concrete_fields]
_SEQUENCE = _ATTRIBUTES.index("sequence")


def _saved(entry: AccessLogEntry) -> AccessLogEntry:
    """`entry` marked as read from the database (written by `insert_rows`, as `bulk_create` leaves its objects)."""
    entry._state.adding = False
    entry._state.db = connection.alias
    return entry


def _claim_head() -> ChainHead:
    """The head of a chain no other transaction holds, locked until this transaction ends.

    PostgreSQL skips heads other transactions hold (a head this transaction holds already is not skipped).
    SQLite ignores FOR UPDATE: its write transaction holds the whole database, and chain 1 is taken.
    """
    free_heads = ChainHead.objects.select_for_update(skip_locked=True).order_by("pk")
    head = free_heads.first()
    if head is None and not ChainHead.objects.exists():
        # Migration 0003 creates the heads; a database emptied since (a test flush) gets them back here.
        ChainHead.objects.bulk_create([ChainHead(pk=chain) for chain in CHAINS], ignore_conflicts=True)
        head = free_heads.first()
    return head or _wait_for_a_head()


def _wait_for_a_head() -> ChainHead:
    """Every chain is held by another open transaction: wait for a random one, at most ALL_CHAINS_BUSY_WAIT_MS.

    Only a transaction that holds no chain gets here (SKIP LOCKED hands a transaction the heads it holds), so
    appenders never wait for each other in a circle. Waiting longer raises a DatabaseError (lock timeout),
    and the caller fails closed. The timeout is set
    for this transaction only and restored once the head is ours; if the wait fails, rolling back the
    append's savepoint or transaction restores it.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('lock_timeout')")
        (previous,) = cursor.fetchone()
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{ALL_CHAINS_BUSY_WAIT_MS}ms"])
        head = ChainHead.objects.select_for_update().get(pk=random.choice(CHAINS))
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
    return head


def _entry_numbers(count: int) -> list[int]:
    """`count` new entry numbers, increasing. PostgreSQL: from a sequence, without a lock (numbers of an
    append that rolls back stay unused). SQLite: after the highest ever handed out, under the write transaction's
    lock: the highest a head names, since the entry with the highest number may have been pruned (a number is
    never handed out twice; a head moves only to a higher number)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [ENTRY_NUMBERS, count])
            return sorted(number for (number,) in cursor.fetchall())
        cursor.execute(
            "SELECT MAX(COALESCE((SELECT MAX(sequence) FROM audit_accesslogentry), 0), "
            "COALESCE((SELECT MAX(last_sequence) FROM audit_chainhead), 0))"
        )
        (highest,) = cursor.fetchone()
        return list(range(highest + 1, highest + 1 + count))


def _actor_fields(actor) -> dict:
    if actor is None:
        return {"actor_id": None, "actor_username": SYSTEM_USERNAME, "actor_organisation": "", "actor_roles": ""}
    if not getattr(actor, "is_authenticated", False):
        return {"actor_id": None, "actor_username": ANONYMOUS_USERNAME, "actor_organisation": "", "actor_roles": ""}
    organisation = actor.organisation if actor.organisation_id else None
    return {
        "actor_id": actor.pk,
        "actor_username": actor.get_username(),
        "actor_organisation": organisation.code if organisation else "",
        "actor_roles": ",".join(sorted(actor.role_set())),
    }


def _target_fields(target: AccessTarget) -> dict:
    obj = target.obj
    object_type = object_id = ""
    subject_key = target.subject_key
    if obj is not None:
        object_type = obj._meta.label_lower
        if not isinstance(obj, type):
            if obj.pk is None:
                raise ValueError("Log an access to a saved object (log a deletion before deleting).")
            object_id = str(obj.pk)
            if subject_key is None:
                subject_key = getattr(obj, "subject_key", None)
    return {
        "object_type": object_type,
        "object_id": object_id,
        "subject_key": _uuid(subject_key),
        "purpose_case_id": _case_id(target.purpose_case),
    }


def _uuid(value) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    return uuid.UUID(str(value))


def _case_id(case) -> int | None:
    if case is None:
        return None
    return int(getattr(case, "pk", case))


def _approach_code(approach) -> str:
    if approach is None:
        return ""
    return str(getattr(approach, "code", approach))
