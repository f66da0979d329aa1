"""The privacy officer's part of the work list ("Mijn werk"): what waits for them, with the way to it.

- items on open destruction lists waiting for their review (`REVIEW_DESTRUCTION`);
- subjects whose retention was extended repeatedly (`access.retention.sees_extensions`; `retention.selectors.REPEATED`);
- restrictions of processing in force (`ANSWER_SUBJECT_RIGHTS`), each with its subject's page;
- API clients flagged for their hit/no-hit questions (`REVIEW_API_USE`; `api.hitnohit.limits`), each with its page.

Counts tell nothing about anyone; the subjects of the restrictions are shown (by reference) and logged as read.
A fixed number of queries whatever the amount of data (tests/worklists/test_privacy_work.py).
"""

from dataclasses import dataclass

from django.db.models import Count, Q, Window

from procesregie.access.capabilities import ANSWER_SUBJECT_RIGHTS, REVIEW_API_USE, REVIEW_DESTRUCTION, may
from procesregie.access.retention import sees_extensions
from procesregie.api.review.selectors import flagged_clients
from procesregie.audit.models import Action
from procesregie.audit.services import AccessTarget, record_accesses
from procesregie.retention.models import Decision, DestructionItem, RetentionExtension
from procesregie.retention.selectors import REPEATED
from procesregie.subjects.models import RightsRequest, RightsRequestKind

RESTRICTIONS_LIMIT = 20


@dataclass
class PrivacyWork:
    destruction_pending: int | None  # None: not for this user
    repeated_extensions: int | None
    restrictions: list[RightsRequest] | None  # the first RESTRICTIONS_LIMIT, oldest first
    restrictions_total: int = 0
    api_flags: list | None = None  # flagged API clients (api.hitnohit.limits.ClientUse)

    @property
    def any(self) -> bool:
        return any(part is not None for part in (self.destruction_pending, self.repeated_extensions,
                                                 self.restrictions, self.api_flags))


def privacy_work(*, user, request=None) -> PrivacyWork | None:
    """The privacy officer's sections of the work list; None for who has none of them."""
    pending = repeated = restrictions = None
    total = 0
    if may(user, REVIEW_DESTRUCTION):
        pending = DestructionItem.objects.filter(decision=Decision.PENDING,
                                                 destruction_list__closed_at__isnull=True).count()
    if sees_extensions(user):
        live = RetentionExtension.objects.filter(person__destroyed_on__isnull=True, system__destroyed_on__isnull=True)
        repeated = (live.values("person_id", "system_id").annotate(n=Count("id")).filter(n__gte=REPEATED)
                    .order_by().count())
    if may(user, ANSWER_SUBJECT_RIGHTS):
        in_force = RightsRequest.objects.filter(
            Q(person__destroyed_on__isnull=True) & Q(system__destroyed_on__isnull=True),
            kind=RightsRequestKind.BEPERKING, ended_on__isnull=True)
        # The total of all of them in the same query (a window over every row, counted before the limit).
        restrictions = list(in_force.select_related("person", "system").annotate(total=Window(Count("pk")))
                            .order_by("received_on", "id")[:RESTRICTIONS_LIMIT])
        total = restrictions[0].total if restrictions else 0
        if restrictions:
            record_accesses(actor=user, action=Action.READ, request=request,
                            targets=[AccessTarget(obj=item.person or item.system) for item in restrictions])
    api_flags = flagged_clients(user=user) if may(user, REVIEW_API_USE) else None
    work = PrivacyWork(pending, repeated, restrictions, total, api_flags)
    return work if work.any else None
