"""Writing the access log: `record_access` for one access, `record_accesses` for a list or search result.

Lists and searches are logged as **one entry per data subject shown** (not one entry holding a list of
subject keys). A data subject's question "who saw my data?" then is one indexed lookup on `subject_key`,
every entry has the same flat shape (one canonical form to hash and verify), and the cost is one
`bulk_create` per page. A search or list that shows nobody is logged with `obj=<model class>` and no
subject, so the attempt is still visible. Search terms are never logged: they may be personal data.

Appending is serialised by locking the one `ChainHead` row (SELECT ... FOR UPDATE on PostgreSQL, where
several app servers may write at once; SQLite serialises writers itself). Call these services inside the
transaction of the change they record: when that transaction rolls back, its entries go with it, and the
head lock is held until it ends, so keep the audited transaction short.

Any database error while appending raises `AccessLogUnavailable`; the caller must then show nothing.
"""

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone

from .chain import entry_hash
from .context import request_metadata
from .errors import AccessLogUnavailable
from .models import AccessLogEntry, Action, ChainHead, Outcome

logger = logging.getLogger(__name__)

SYSTEM_USERNAME = "system"
ANONYMOUS_USERNAME = "anonymous"
HEAD_ID = 1


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
        with transaction.atomic():
            common.update(_actor_fields(actor))
            return _append(common, rows)
    except DatabaseError as exc:
        logger.exception("The access log could not be written.")
        raise AccessLogUnavailable("The access log could not be written.") from exc


def _append(common: dict, rows: list[dict]) -> list[AccessLogEntry]:
    head = _locked_head()
    now = timezone.now()
    sequence, prev_hash = head.last_sequence, head.last_hash
    entries = []
    for row in rows:
        sequence += 1
        values = {**common, **row, "sequence": sequence, "occurred_at": now, "prev_hash": prev_hash}
        values["hash"] = prev_hash = entry_hash(values)
        entries.append(AccessLogEntry(**values))
    AccessLogEntry.objects.bulk_create(entries)
    ChainHead.objects.filter(pk=HEAD_ID).update(last_sequence=sequence, last_hash=prev_hash)
    return entries


def _locked_head() -> ChainHead:
    """The head row, locked until the transaction ends; created on the very first append."""
    head = ChainHead.objects.select_for_update().filter(pk=HEAD_ID).first()
    if head is None:
        # Two first appenders: the loser's INSERT waits for the winner and get_or_create then reads its row.
        ChainHead.objects.get_or_create(pk=HEAD_ID)
        head = ChainHead.objects.select_for_update().get(pk=HEAD_ID)
    return head


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
        "subject_key": None if subject_key is None else uuid.UUID(str(subject_key)),
        "purpose_case_id": _case_id(target.purpose_case),
    }


def _case_id(case) -> int | None:
    if case is None:
        return None
    return int(getattr(case, "pk", case))


def _approach_code(approach) -> str:
    if approach is None:
        return ""
    return str(getattr(approach, "code", approach))
