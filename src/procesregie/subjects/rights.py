"""What a case or registration shows of its subject's rights requests (docs/decisions/0019): a restriction of
processing in force, and the corrections made. Read by whoever already sees the case or registration (the caller
decided that); one query. The officer's text of each is left out for a viewer who sees less (a private or
incidental WGS participant: `access.shielding.shows_rights_request_text`): they learn that a restriction is in
force and since when, and when corrections were made, not what they are."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from procesregie.access.shielding import shows_rights_request_text

from .models import Person, RightsRequest, RightsRequestKind, System


@dataclass(frozen=True)
class RightsNotices:
    restrictions: list[RightsRequest] = field(default_factory=list)  # in force today, oldest first
    corrections: list[RightsRequest] = field(default_factory=list)  # oldest first

    def __bool__(self) -> bool:
        return bool(self.restrictions or self.corrections)


def rights_notices(subject: Person | System | None, *, user, today: datetime.date | None = None) -> RightsNotices:
    """The notices of `subject` as `user` (who sees the case or registration) is shown them."""
    if subject is None or subject.pk is None:
        return RightsNotices()
    today = today or timezone.localdate()
    own = Q(person_id=subject.pk) if isinstance(subject, Person) else Q(system_id=subject.pk)
    requests = list(RightsRequest.objects.filter(own, kind__in=[RightsRequestKind.BEPERKING, RightsRequestKind.CORRECTIE])
                    .order_by("received_on", "id"))
    if not shows_rights_request_text(user):
        for rights_request in requests:
            rights_request.description = ""  # read for display only, never saved
    return RightsNotices(
        restrictions=[r for r in requests if r.kind == RightsRequestKind.BEPERKING and r.received_on <= today
                      and (r.ended_on is None or r.ended_on > today)],
        corrections=[r for r in requests if r.kind == RightsRequestKind.CORRECTIE],
    )
