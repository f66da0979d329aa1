"""The privacy officer's review of a destruction list: approve an item, exclude it with a reason, or approve every
pending item of a list at once (the application's "Alles goedkeuren" and `procesregie retention approve --as`).

- Only the privacy officer (`access.capabilities.REVIEW_DESTRUCTION`); anyone else gets `NotFound`.
- A decision can be changed until the item is carried out (`destruction_carry_out`) or its list is closed; then it
  stands ("al uitgevoerd"). The conditional UPDATE is the check, so a decision and a destruction at the same moment never
  both win.
- An exclusion needs a reason; no reason holds a BSN (the record keeps the reasons after the data is gone).
- **Logging**: one access-log entry (UPDATE) per decided item, the item as object and its subject's key (an
  anonymous signal and the access log have none), in the same transaction.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procesregie.access.capabilities import REVIEW_DESTRUCTION, may
from procesregie.audit.models import Action
from procesregie.audit.services import AccessTarget, record_accesses
from procesregie.core.errors import DomainError, NotFound

from ..models import Decision, DestructionItem, DestructionList, Result
from ._common import checked_reason


def _reviewer(actor) -> None:
    if actor is None or not may(actor, REVIEW_DESTRUCTION):
        raise NotFound(_("Deze vernietigingslijst bestaat niet of u mag haar niet beoordelen."))


def _reason(value: str | None, *, required: bool, message: str) -> str:
    return checked_reason(value, required_message=message if required else None, bsn_message=_(
        "Er staat een BSN in de reden. De reden blijft bewaard nadat de gegevens zijn vernietigd: haal het nummer weg."))


def subject_key_of(item: DestructionItem):
    """The pseudonymous key of the item's subject (None for an anonymous signal, the access log, or a cleared link)."""
    subject = item.person or item.system
    return subject.subject_key if subject is not None else None


def _log(actor, items, request) -> None:
    record_accesses(
        actor=actor, action=Action.UPDATE, request=request,
        targets=[AccessTarget(obj=item, subject_key=subject_key_of(item)) for item in items],
    )


@transaction.atomic
def destruction_item_decide(*, actor, item: DestructionItem, decision: str, reason: str = "",
                            request=None) -> DestructionItem:
    """Approve `item` for destruction or exclude it (`decision`: `Decision.APPROVED` or `Decision.EXCLUDED`; an
    exclusion needs `reason`). Refused once the item is carried out."""
    _reviewer(actor)
    if decision not in (Decision.APPROVED, Decision.EXCLUDED):
        raise DomainError(_("Kies goedkeuren of uitzonderen."))
    reason = _reason(reason, required=decision == Decision.EXCLUDED,
                     message=_("Geef de reden waarom dit item niet wordt vernietigd."))
    updated = DestructionItem.objects.filter(
        pk=item.pk, result=Result.NONE, carried_out_at__isnull=True, destruction_list__closed_at__isnull=True,
    ).update(decision=decision, decision_reason=reason, decided_by=actor, decided_at=timezone.now())
    if not updated:
        if not DestructionItem.objects.filter(pk=item.pk).exists():
            raise NotFound(_("Dit item staat niet op een vernietigingslijst."))
        raise DomainError(_("Dit item is al uitgevoerd of de lijst is afgerond; het besluit staat vast."))
    current = DestructionItem.objects.select_related("person", "system", "destruction_list").get(pk=item.pk)
    _log(actor, [current], request)
    return current


@transaction.atomic
def destruction_list_approve_all(*, actor, destruction_list: DestructionList, reason: str,
                                 request=None) -> int:
    """Approve every pending item of `destruction_list` with one `reason` (required); decided items keep their
    decision. Returns how many were approved (0 when none was pending: running it again changes nothing)."""
    _reviewer(actor)
    if not DestructionList.objects.filter(pk=destruction_list.pk).exists():
        raise NotFound(_("Deze vernietigingslijst bestaat niet of u mag haar niet beoordelen."))
    reason = _reason(reason, required=True, message=_("Geef de reden waarom u alle items goedkeurt."))
    pending = DestructionItem.objects.select_for_update().filter(
        destruction_list_id=destruction_list.pk, decision=Decision.PENDING, result=Result.NONE,
    )
    ids = list(pending.values_list("pk", flat=True))
    if not ids:
        return 0
    DestructionItem.objects.filter(pk__in=ids, decision=Decision.PENDING, result=Result.NONE).update(
        decision=Decision.APPROVED, decision_reason=reason, decided_by=actor, decided_at=timezone.now(),
    )
    items = list(DestructionItem.objects.filter(pk__in=ids).select_related("person", "system").order_by("pk"))
    _log(actor, items, request)
    return len(items)
