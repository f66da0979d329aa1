"""The partner API's clients (docs/decisions/0024): which scopes a client holds.

An API client acts through its own service account (`accounts.ApiClient.user`): no roles, so no page, case or
person is visible to it. What it may do through the API is its scopes, asked here: `has_scope(user, scope)`. A
revoked client holds none. The API's views (`procesregie.api.permissions.HasScope`) and the access rules
(`REGISTER` in capabilities, `registrations_visible_to` in cases) ask this module.
"""

from procesregie.accounts.models import ApiClient, ApiScope

__all__ = ["ApiScope", "api_client_of", "has_scope", "scopes_of"]


def api_client_of(user) -> ApiClient | None:
    """The client `user` is the service account of, while it is not revoked; None for anyone else."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.role_set():  # a service account holds no role: staff are answered without a query
        return None
    if not hasattr(user, "_api_client"):
        user._api_client = ApiClient.objects.filter(user_id=user.pk, revoked_at__isnull=True).first()
    return user._api_client


def scopes_of(user) -> frozenset[str]:
    client = api_client_of(user)
    return frozenset(client.scopes) if client is not None else frozenset()


def has_scope(user, scope: str) -> bool:
    return scope in scopes_of(user)
