"""Carrying out the approved items of destruction lists (`procesregie retention destroy` and the "Vernietigen"
button): the privacy officer's decisions become erasures, and the lists become destruction records.

For every approved item not yet carried out (of one list, or of all lists), in the order of their due dates:

1. **Re-check** with `retention.due.due_for` at `on`: an item that is no longer past its date (a new registration,
   a case reopened, an extension since the list was made) is not destroyed: result `lapsed`. A subject already
   destroyed (with its system, say) is `lapsed` too: nothing of it was left to destroy.
2. **Erase** it: `retention.erasure.erase_person/erase_system/erase_signal` (docs/decisions/0017), or, for the
   access log, `audit.pruning.prune_access_log` before the item's date, or the later policy's date when that is
   earlier (docs/decisions/0018).
3. **Record** it on the item: the result, when, what was destroyed counted per kind of data (`summary`), the rule
   that applied (`policy`, from the re-check; no personal data), and clear its links to the subject (also of a
   lapsed item: the record keeps no link to whom it was about; a later list finds the subject again when due).

Then every list with nothing pending and nothing approved left to carry out is closed. All of it runs in one
transaction, each list's items inside `retention.safeguard.reports_unchanged(destruction_list=...)` (the report
snapshots are stored for that list): if any report would differ by one byte after the erasures, everything rolls
back, nothing is destroyed and the run is refused (`DomainError`, saying which report). Running it again finds nothing approved left: it
changes nothing (safe to run daily from a scheduler; docs/retention.md).

Who: the privacy officer (`REVIEW_DESTRUCTION`), or the system (`actor=None`: the scheduled command). Items are
only ever carried out after a privacy officer approved them, so the command cannot destroy what nobody reviewed.
"""

import datetime
from collections import Counter

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from procesregie.access.capabilities import REVIEW_DESTRUCTION, may
from procesregie.audit.pruning import prune_access_log
from procesregie.core.errors import DomainError, NotFound

from ..due import access_log_due, due_for
from ..erasure import erase_person, erase_signal, erase_system
from ..models import Decision, DestructionItem, DestructionList, ItemKind, Result
from ..policy import policy_in_force
from ..safeguard import ReportsChanged, reports_unchanged

OPEN_ITEMS = Q(decision=Decision.PENDING) | Q(decision=Decision.APPROVED, result=Result.NONE)


def _carry_out_one(actor, item: DestructionItem, on: datetime.date) -> tuple[str, dict, list]:
    """(result, summary, policy) of one approved item."""
    if item.kind == ItemKind.ACCESS_LOG:
        # Re-checked as the subjects are: under the policy of today, entries before which date are past it? Never
        # later than the day the officer approved (a period made longer since keeps more, not less).
        due = access_log_due(policy_in_force(), on)
        if item.log_before is None or due is None:
            return Result.LAPSED, {}, list(item.policy or [])
        removed = prune_access_log(actor=actor, before=min(item.log_before, due.log_before))
        return Result.DESTROYED, {"access_log_entries": removed}, [due.rule]
    subject = {ItemKind.PERSON: item.person, ItemKind.SYSTEM: item.system, ItemKind.SIGNAL: item.signal}.get(item.kind)
    if subject is None or subject.destroyed_on is not None:
        return Result.LAPSED, {}, list(item.policy or [])
    due = due_for(as_of=on, **{item.kind: subject})
    if due is None:
        return Result.LAPSED, {}, list(item.policy or [])
    erase = {ItemKind.PERSON: erase_person, ItemKind.SYSTEM: erase_system, ItemKind.SIGNAL: erase_signal}[item.kind]
    summary = erase(actor=actor, **{item.kind: subject}, on=on)
    return Result.DESTROYED, dict(summary), [due.rule] if due.rule else list(item.policy or [])


@transaction.atomic
def destruction_carry_out(*, actor, on: datetime.date | None = None, destruction_list: DestructionList | None = None,
                          request=None) -> dict:
    """Carry out the approved items (of `destruction_list`, or of every list) on the day `on` (today unless given).
    Returns {"destroyed": n, "lapsed": n, "data": {kind of data: count}, "lists_closed": [list ids]}: no personal
    data, for the command's output and the page's message."""
    if actor is not None and not may(actor, REVIEW_DESTRUCTION):
        raise NotFound(_("Deze vernietigingslijst bestaat niet of u mag haar niet uitvoeren."))
    on = on or timezone.localdate()
    items = DestructionItem.objects.select_for_update().filter(
        decision=Decision.APPROVED, result=Result.NONE, carried_out_at__isnull=True,
    ).order_by("due_on", "id")
    if destruction_list is not None:
        items = items.filter(destruction_list_id=destruction_list.pk)
    per_list: dict[int, list[int]] = {}
    for item_id, list_id in items.values_list("pk", "destruction_list_id"):
        per_list.setdefault(list_id, []).append(item_id)
    outcome = {"destroyed": 0, "lapsed": 0, "data": {}, "lists_closed": []}
    data: Counter = Counter()
    for list_id, ids in sorted(per_list.items()):
        try:
            with reports_unchanged(destruction_list=DestructionList.objects.get(pk=list_id)):
                for item in DestructionItem.objects.filter(pk__in=ids).select_related(
                    "person", "system", "signal"
                ).order_by("due_on", "id"):
                    result, summary, policy = _carry_out_one(actor, item, on)
                    DestructionItem.objects.filter(pk=item.pk).update(
                        result=result, carried_out_at=timezone.now(), summary=summary, policy=policy,
                        person=None, system=None, signal=None,
                    )
                    outcome[result] += 1
                    data.update({name: number for name, number in summary.items() if isinstance(number, int)})
        except ReportsChanged as error:
            raise DomainError(_("Er is niets vernietigd: de vernietiging zou een gepubliceerd rapport veranderen "
                                "(%(reports)s). Meld dit aan de functioneel beheerder.")
                              % {"reports": ", ".join(kind for kind, _parameters in error.changed)}) from error
    outcome["data"] = dict(sorted(data.items()))
    outcome["lists_closed"] = _close_finished_lists(destruction_list)
    return outcome


def _close_finished_lists(destruction_list: DestructionList | None) -> list[int]:
    """Close every open list (or `destruction_list`) that has nothing pending and nothing approved left to do."""
    lists = DestructionList.objects.filter(closed_at__isnull=True).exclude(
        pk__in=DestructionItem.objects.filter(OPEN_ITEMS).values("destruction_list_id")
    )
    if destruction_list is not None:
        lists = lists.filter(pk=destruction_list.pk)
    ids = sorted(lists.values_list("pk", flat=True))
    if ids:
        DestructionList.objects.filter(pk__in=ids).update(closed_at=timezone.now())
    return ids
