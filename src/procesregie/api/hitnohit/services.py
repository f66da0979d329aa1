"""Asking hit/no-hit: the one service (`hitnohit_ask`) the endpoint calls.

The person is found as a registration finds a known person (`casework.services.known_person`: the same BSN; or the
same given and family name, ignoring case, and birth date), so hit/no-hit and the registration form never disagree
on who is known. Whether that person is a hit is `in_regie`.

Every answered question is kept (`HitNoHitQuery`: client, organisation, time, purpose, by BSN or not, hit, request id)
and logged as a read: of the person on a hit (their access overview shows it, with the client and its organisation),
of the question's own row on a miss. For a miss nothing that identifies the person asked about is kept anywhere; a
known person who is no hit (closed case, declined registration) is a miss like any other, and logged as one.
A question above the client's daily limit is not answered: refused (`DailyLimitReached`) and logged as denied
(`limits`).
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from procesregie.access.api import ApiScope, api_client_of, has_scope
from procesregie.accounts.models import ApiClient
from procesregie.audit.context import request_metadata
from procesregie.audit.models import Action, Outcome
from procesregie.audit.services import record_access
from procesregie.casework.services import PersonDetails, known_person
from procesregie.core.errors import DomainError, NotFound

from ..models import HitNoHitQuery
from . import limits
from .in_regie import in_regie


@dataclass(frozen=True)
class Question:
    """A checked question: a valid BSN, or a family name and birth date (given name optional); and a purpose."""

    purpose: str
    bsn: str | None = None
    family_name: str = ""
    given_name: str = ""
    birth_date: datetime.date | None = None


class DailyLimitReached(DomainError):
    """The client asked its `hitnohit_per_day` questions today; `retry_after`: seconds until local midnight."""

    def __init__(self, retry_after: int):
        super().__init__("daily hit/no-hit limit reached")
        self.retry_after = retry_after


def hitnohit_ask(*, actor, question: Question, request=None) -> bool:
    """Answer `question` for the client `actor` is the service account of: hit or not. Raises `NotFound` for anyone
    else (or a client without the `hitnohit` scope), `DailyLimitReached` above the client's daily limit."""
    client = api_client_of(actor)
    if client is None or not has_scope(actor, ApiScope.HITNOHIT):
        raise NotFound()
    answer = _ask(actor, client, question, request)
    if isinstance(answer, DailyLimitReached):
        raise answer  # after the transaction: the refusal's access-log entry stays
    return answer


@transaction.atomic
def _ask(actor, client: ApiClient, question: Question, request) -> bool | DailyLimitReached:
    ApiClient.objects.select_for_update().filter(pk=client.pk).first()  # one question of a client at a time
    now = timezone.now()
    if limits.asked_today(client, now) >= client.hitnohit_per_day:
        record_access(actor=actor, action=Action.READ, obj=HitNoHitQuery, outcome=Outcome.DENIED, request=request)
        return DailyLimitReached(limits.seconds_to_next_day(now))
    person = known_person(PersonDetails(given_name=question.given_name, family_name=question.family_name,
                                        birth_date=question.birth_date, bsn=question.bsn))
    hit = in_regie(person)
    asked = HitNoHitQuery.objects.create(
        client=client, organisation_id=client.user.organisation_id, asked_at=now, purpose=question.purpose,
        by_bsn=question.bsn is not None, hit=hit, request_id=request_metadata(request)[1],
    )
    record_access(actor=actor, action=Action.READ, obj=person if hit else asked, request=request)
    return hit
