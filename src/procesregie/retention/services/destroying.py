"""Carrying out the approved items of destruction lists (`procesregie retention destroy` and the "Vernietigen"
button): the privacy officer's decisions become erasures, and the lists become destruction records.

For every approved item not yet carried out (of one list, or of all lists), in the order of their due dates, in
chunks of `CHUNK_SIZE` items:

1. **Re-check** the chunk with `retention.due.due_for_many` at `on` (what `due_for` answers for each, in a fixed
   number of queries): an item that is no longer past its date (a new registration, a case reopened, an extension
   since the list was made) is not destroyed: result `lapsed`. A subject already destroyed (with its system, say)
   is `lapsed` too: nothing of it was left to destroy.
2. **Erase** the chunk's subjects by kind, set-based: `retention.erasure.erase_persons/erase_systems/erase_signals`
   (docs/decisions/0017), or, for the access log, `audit.pruning.prune_access_log` before the item's date, or the
   later policy's date when that is earlier (docs/decisions/0018).
3. **Record** it on each item: the result, when, what was destroyed counted per kind of data (`summary`), the rule
   that applied (`policy`, from the re-check; no personal data), and clear its links to the subject (also of a
   lapsed item: the record keeps no link to whom it was about; a later list finds the subject again when due).

Each chunk is one transaction inside `retention.safeguard.reports_unchanged(destruction_list=...)` (the report
snapshots are stored for that list; the reports a destruction may change, the outcomes report, only before the list's
first chunk: the figures from before the whole run): if any report that must not change would differ by one byte after
the chunk's erasures, that chunk
rolls back and the run stops with a `DomainError` saying which report; the chunks carried out before it stay
destroyed and recorded (each was checked by the safeguard on its own), and the message says how many. So the first
run after installing, with tens of thousands of items, never holds the database for minutes. Then every list with
nothing pending and nothing approved left to carry out is closed. Running it again finds nothing approved left: it
changes nothing (safe to run daily from a scheduler; docs/retention.md); a run stopped half-way goes on where it
stopped.

Who: the privacy officer (`REVIEW_DESTRUCTION`), or the system (`actor=None`: the scheduled command). Items are
only ever carried out after a privacy officer approved them, so the command cannot destroy what nobody reviewed.
"""

import datetime
import time
from collections import Counter

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from procesregie.access.capabilities import REVIEW_DESTRUCTION, may
from procesregie.audit.pruning import prune_access_log
from procesregie.core.errors import DomainError, NotFound

from ..due import access_log_due, due_for_many
from ..erasure import erase_persons, erase_signals, erase_systems
from ..models import Decision, DestructionItem, DestructionList, ItemKind, Result
from ..policy import policy_in_force
from ..row_values import set_each
from ..safeguard import ReportsChanged, reports_unchanged

OPEN_ITEMS = Q(decision=Decision.PENDING) | Q(decision=Decision.APPROVED, result=Result.NONE)
# Items carried out per transaction: each chunk is re-checked, erased and recorded inside its own report safeguard,
# so that the write lock (SQLite) or the row locks (PostgreSQL) are held seconds, not the whole first run.
CHUNK_SIZE = 500
ERASE = {ItemKind.PERSON: erase_persons, ItemKind.SYSTEM: erase_systems, ItemKind.SIGNAL: erase_signals}


def _chunk_of_items(ids: list[int]) -> list[DestructionItem]:
    """The chunk's items still approved and not carried out (a run at the same time may have done some), locked."""
    return list(DestructionItem.objects.select_for_update(of=("self",)).filter(
        pk__in=ids, decision=Decision.APPROVED, result=Result.NONE, carried_out_at__isnull=True,
    ).select_related("person", "system", "signal").order_by("due_on", "id"))


def _carry_out_chunk(actor, ids: list[int], on: datetime.date) -> tuple[Counter, Counter]:
    """Re-check, erase and record one chunk of items (inside the caller's safeguard): (results, data) counted."""
    items = _chunk_of_items(ids)
    subjects: dict[str, list] = {kind: [] for kind in ERASE}
    for item in items:
        subject = getattr(item, item.kind, None) if item.kind in ERASE else None
        if subject is not None and subject.destroyed_on is None:
            subjects[item.kind].append(subject)
    # The re-check of the whole chunk at once, as `due_for` answers each of them.
    dues = due_for_many(as_of=on, persons=subjects[ItemKind.PERSON], systems=subjects[ItemKind.SYSTEM],
                        signals=subjects[ItemKind.SIGNAL])
    erased = {kind: erase(actor=actor, **{f"{kind}s": [subject for subject in subjects[kind]
                                                         if (kind, subject.pk) in dues]}, on=on)
              for kind, erase in ERASE.items()}
    results: Counter = Counter()
    data: Counter = Counter()
    recorded = set()
    outcome: dict[int, tuple] = {}
    for item in items:
        if item.kind == ItemKind.ACCESS_LOG:
            result, summary, policy = _prune(actor, item, on)
        else:
            key = (item.kind, getattr(item, f"{item.kind}_id"))
            due, summary = dues.get(key), erased.get(item.kind, {}).get(key[1])
            if due is None or summary is None or key in recorded:  # not due, or nothing of it left to destroy
                result, summary, policy = Result.LAPSED, {}, list(item.policy or [])
            else:
                result, policy = Result.DESTROYED, [due.rule] if due.rule else list(item.policy or [])
                recorded.add(key)
        outcome[item.pk] = (result, dict(summary), policy)
        results[result] += 1
        data.update({name: number for name, number in summary.items() if isinstance(number, int)})
    set_each(DestructionItem, ["result", "summary", "policy"], outcome)
    DestructionItem.objects.filter(pk__in=list(outcome)).update(
        carried_out_at=timezone.now(), person=None, system=None, signal=None)
    return results, data


def _prune(actor, item: DestructionItem, on: datetime.date) -> tuple[str, dict, list]:
    """(result, summary, policy) of the access log's item."""
    # Re-checked as the subjects are: under the policy of today, entries before which date are past it? Never
    # later than the day the officer approved (a period made longer since keeps more, not less).
    due = access_log_due(policy_in_force(), on)
    if item.log_before is None or due is None:
        return Result.LAPSED, {}, list(item.policy or [])
    removed = prune_access_log(actor=actor, before=min(item.log_before, due.log_before))
    return Result.DESTROYED, {"access_log_entries": removed}, [due.rule]


def destruction_carry_out(*, actor, on: datetime.date | None = None, destruction_list: DestructionList | None = None,
                          request=None, chunk_size: int = CHUNK_SIZE, progress=None) -> dict:
    """Carry out the approved items (of `destruction_list`, or of every list) on the day `on` (today unless given),
    `chunk_size` items per transaction; `progress(items, seconds)` is called after each chunk committed. Returns
    {"destroyed": n, "lapsed": n, "data": {kind of data: count}, "lists_closed": [list ids]}: no personal data, for
    the command's output and the page's message."""
    if actor is not None and not may(actor, REVIEW_DESTRUCTION):
        raise NotFound(_("Deze vernietigingslijst bestaat niet of u mag haar niet uitvoeren."))
    on = on or timezone.localdate()
    items = DestructionItem.objects.filter(
        decision=Decision.APPROVED, result=Result.NONE, carried_out_at__isnull=True,
    ).order_by("due_on", "id")
    if destruction_list is not None:
        items = items.filter(destruction_list_id=destruction_list.pk)
    per_list: dict[int, list[int]] = {}
    for item_id, list_id in items.values_list("pk", "destruction_list_id"):
        per_list.setdefault(list_id, []).append(item_id)
    results: Counter = Counter()
    data: Counter = Counter()
    for list_id, ids in sorted(per_list.items()):
        the_list = DestructionList.objects.get(pk=list_id)
        for start in range(0, len(ids), chunk_size):
            started = time.perf_counter()
            try:
                with reports_unchanged(destruction_list=the_list, keep_changing=start == 0):
                    chunk_results, chunk_data = _carry_out_chunk(actor, ids[start:start + chunk_size], on)
            except ReportsChanged as error:
                _close_finished_lists(destruction_list)  # the chunks carried out before stay done and recorded
                reports = ", ".join(kind for kind, _parameters in error.changed)
                if not results:
                    raise DomainError(_("Er is niets vernietigd: de vernietiging zou een gepubliceerd rapport "
                                        "veranderen (%(reports)s). Meld dit aan de functioneel beheerder.")
                                      % {"reports": reports}) from error
                raise DomainError(_("De vernietiging is gestopt: het volgende deel zou een gepubliceerd rapport "
                                    "veranderen (%(reports)s) en is teruggedraaid. Wat ervoor is vernietigd "
                                    "(%(destroyed)d item(s), %(lapsed)d vervallen) blijft vastgelegd. Meld dit aan de "
                                    "functioneel beheerder.")
                                  % {"reports": reports, "destroyed": results[Result.DESTROYED],
                                     "lapsed": results[Result.LAPSED]}) from error
            results.update(chunk_results)
            data.update(chunk_data)
            if progress is not None:
                progress(sum(chunk_results.values()), time.perf_counter() - started)
    return {"destroyed": results[Result.DESTROYED], "lapsed": results[Result.LAPSED], "data": dict(sorted(data.items())),
            "lists_closed": _close_finished_lists(destruction_list)}


@transaction.atomic
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
