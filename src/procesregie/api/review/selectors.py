"""Reading the API's hit/no-hit use for the privacy officer. Everyone else: `NotFound`, logged as denied.

Reads are logged like any page's: the overview as a read of hit/no-hit questions (no subject: it shows nobody), a
client's page as a read of that client. No person is read here: a question keeps no person.
"""

from dataclasses import dataclass

from django.utils import timezone

from procesregie.access.capabilities import REVIEW_API_USE, may
from procesregie.accounts.models import ApiClient, ApiScope
from procesregie.audit.models import Action, Outcome
from procesregie.audit.services import record_access
from procesregie.core.errors import NotFound

from ..hitnohit import limits
from ..models import HitNoHitQuery

RECENT_LIMIT = 100  # the questions shown on a client's page, newest first


def _officer_only(user, request) -> None:
    if not may(user, REVIEW_API_USE):
        record_access(actor=user, action=Action.READ, obj=HitNoHitQuery, outcome=Outcome.DENIED, request=request)
        raise NotFound()


def _all_clients() -> list[ApiClient]:
    return list(ApiClient.objects.select_related("user__organisation").order_by("name", "pk"))


def api_use(*, user, request=None) -> list[limits.ClientUse]:
    """Every client that holds the `hitnohit` scope or asked (or was refused) in the last week: flagged first."""
    _officer_only(user, request)
    rows = limits.client_use(_all_clients(), timezone.now())
    rows = [row for row in rows if ApiScope.HITNOHIT in row.client.scopes or row.week or row.week_refused]
    record_access(actor=user, action=Action.READ, obj=HitNoHitQuery, request=request)
    return sorted(rows, key=lambda row: not row.flagged)  # stable: by name within each group


def flagged_clients(*, user) -> list[limits.ClientUse]:
    """The flagged clients, for the privacy officer's work list (not logged: it shows no personal data)."""
    if not may(user, REVIEW_API_USE):
        raise NotFound()
    return [row for row in limits.client_use(_all_clients(), timezone.now()) if row.flagged]


@dataclass
class ClientQuestions:
    use: limits.ClientUse
    recent: list[HitNoHitQuery]  # the newest RECENT_LIMIT
    total: int  # all of the client's questions ever


def client_questions(*, user, pk: int, request=None) -> ClientQuestions:
    _officer_only(user, request)
    client = ApiClient.objects.select_related("user__organisation").filter(pk=pk).first()
    if client is None:
        record_access(actor=user, action=Action.READ, obj=ApiClient, outcome=Outcome.DENIED, request=request)
        raise NotFound()
    (use,) = limits.client_use([client], timezone.now())
    questions = HitNoHitQuery.objects.filter(client=client)
    recent = list(questions.only("asked_at", "purpose", "hit", "by_bsn").order_by("-asked_at", "-pk")[:RECENT_LIMIT])
    record_access(actor=user, action=Action.READ, obj=client, request=request)
    return ClientQuestions(use, recent, questions.count())
