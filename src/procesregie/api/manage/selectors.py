"""Reading API clients (koppelingen) for the functional administrator; 404 for everyone else.

The list is one query: each client with its organisation and service account, and when it was last used (its
newest token and the newest minute it called the API in). Reading the list or a client is logged (no data
subject: the client itself, or the set of clients).
"""

from dataclasses import dataclass

from django.db.models import Case, OuterRef, QuerySet, Subquery, Value, When
from django.http import Http404
from oauth2_provider.models import AccessToken

from procesregie.access.capabilities import ADMINISTER_API_CLIENTS, may
from procesregie.accounts.models import ApiClient, ApiScope, Organisation
from procesregie.audit.models import Action
from procesregie.audit.services import record_access

from ..models import ApiUsage


def require_administrator(user) -> None:
    if not may(user, ADMINISTER_API_CLIENTS):
        raise Http404()


@dataclass(frozen=True)
class ClientRow:
    client: ApiClient
    last_used_at: object  # datetime or None: never used

    @property
    def scope_labels(self) -> list[str]:
        return scope_labels(self.client.scopes)


def scope_labels(scopes) -> list[str]:
    """The Dutch names of `scopes`, in ApiScope's order."""
    return [label for value, label in ApiScope.choices if value in set(scopes)]


def _with_last_use(clients: QuerySet[ApiClient]) -> QuerySet[ApiClient]:
    newest_token = AccessToken.objects.filter(application=OuterRef("application")).order_by("-created")
    newest_call = ApiUsage.objects.filter(client=OuterRef("pk")).order_by("-minute")
    return clients.select_related("user__organisation", "application", "created_by", "revoked_by").annotate(
        last_token_at=Subquery(newest_token.values("created")[:1]),
        last_call_at=Subquery(newest_call.values("minute")[:1]),
    )


def _row(client: ApiClient) -> ClientRow:
    moments = [moment for moment in (client.last_token_at, client.last_call_at) if moment is not None]
    return ClientRow(client=client, last_used_at=max(moments, default=None))


def client_rows(*, user, request=None) -> list[ClientRow]:
    """Every client, the active ones first, by organisation and name."""
    require_administrator(user)
    revoked = Case(When(revoked_at__isnull=True, then=Value(0)), default=Value(1))
    clients = _with_last_use(ApiClient.objects.all()).order_by(revoked, "user__organisation__name", "name", "pk")
    rows = [_row(client) for client in clients]
    if request is not None:
        record_access(actor=user, action=Action.READ, obj=ApiClient, request=request)
    return rows


def client_for_admin(*, user, client_id: int, request=None) -> ClientRow:
    """One client; 404 when it does not exist and for everyone but the functional administrator. With `request`
    the read is logged (a page that shows the client; a POST logs its change through the service instead)."""
    require_administrator(user)
    client = _with_last_use(ApiClient.objects.filter(pk=client_id)).first()
    if client is None:
        raise Http404()
    if request is not None:
        record_access(actor=user, action=Action.READ, obj=client, request=request)
    return _row(client)


def organisations_for_clients() -> QuerySet[Organisation]:
    """The organisations a client can be registered for: every organisation."""
    return Organisation.objects.order_by("name", "pk")
