"""The scope a view requires (docs/decisions/0024): no client → 401, a client without the scope → 403.

A view names its scope as `required_scope`, or per method as `required_scopes = {"GET": ..., "POST": ...}`. The
client must hold the scope now (`access.api.has_scope`: a scope taken away counts at once) and the token must carry
it (a client may ask for a token with fewer scopes). A view with neither is open (the OpenAPI document).
"""

from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.permissions import BasePermission

from procesregie.access.api import api_client_of, has_scope


def required_scope(view, method: str) -> str | None:
    per_method = getattr(view, "required_scopes", None)
    if per_method is not None:
        method = method.upper()
        return per_method.get("GET" if method == "HEAD" else method)
    return getattr(view, "required_scope", None)


class HasScope(BasePermission):
    def has_permission(self, request, view) -> bool:
        scope = required_scope(view, request.method)
        if scope is None and getattr(view, "open_to_all", False):
            return True
        if api_client_of(request.user) is None:
            raise NotAuthenticated
        if scope is None and _not_an_operation(view, request.method):
            return True  # the method is not one of the view's: REST framework answers 405 with Allow
        if scope is None or not has_scope(request.user, scope) or scope not in _token_scopes(request.auth):
            raise PermissionDenied
        return True


def _not_an_operation(view, method: str) -> bool:
    per_method = getattr(view, "required_scopes", None)
    return per_method is not None and method.upper() not in {*per_method, "HEAD"}


def _token_scopes(token) -> set[str]:
    return set((getattr(token, "scope", "") or "").split())
