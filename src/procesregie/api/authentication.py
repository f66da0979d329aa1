"""Who calls the API: an API client, with a bearer token from OAuth2 client credentials (docs/decisions/0024).

`ClientValidator` is django-oauth-toolkit's validator that knows our clients: a revoked client cannot get a token,
and a token carries only scopes the client holds. `ClientTokenAuthentication` turns a valid token into the client's
service account (`ApiClient.user`), so that services, selectors and the access log see the client as the actor.
A token of a revoked client stops working at once (its tokens are deleted, and this check does not trust them).
"""

from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from oauth2_provider.models import Application
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauthlib.oauth2.rfc6749 import errors

from procesregie.accounts.models import ApiClient


class ClientValidator(OAuth2Validator):
    def _load_application(self, client_id, request):
        application = super()._load_application(client_id, request)
        if application is None:
            return None
        if not ApiClient.objects.filter(application=application, revoked_at__isnull=True).exists():
            request.client = None
            return None
        return application

    def get_default_scopes(self, client_id, request, *args, **kwargs):
        """Without a `scope` parameter, the token carries every scope the client holds."""
        return list(request.client.api_client.scopes)

    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs):
        """A token may ask for the client's scopes, or fewer; never one it does not hold."""
        return set(scopes) <= set(client.api_client.scopes)

    def _save_bearer_token(self, token, request, *args, **kwargs):
        """Store the token only while the secret it was asked with is still the client's. Runs in the transaction of
        `save_bearer_token`, with the application's row locked: a new secret (`client_rotate`, which locks that row
        too) given after the secret was checked refuses the token; one given after the token is stored deletes it."""
        still_current = (
            Application.objects.select_for_update()
            .filter(pk=request.client.pk, client_secret=request.client.client_secret).exists()
        )
        if not still_current:
            raise errors.InvalidClientError(request=request)
        return super()._save_bearer_token(token, request, *args, **kwargs)


class ClientTokenAuthentication(OAuth2Authentication):
    """A bearer token of a client that is not revoked → (the client's service account, the token)."""

    def authenticate(self, request):
        # The token is read from the Authorization header of the Django request: nothing of an unauthenticated
        # caller's body is parsed before the 401 (REST framework's request would parse it to read POST). Only from
        # that header: oauthlib also takes `access_token` from the query string or a form body, and a token in a URL
        # ends up in proxy and server logs, browser history and Referer headers.
        if not _bearer_in_header(request._request):
            return None
        authenticated = super().authenticate(request._request)
        if authenticated is None:
            return None
        _user, token = authenticated
        client = (
            ApiClient.objects.select_related("user__organisation")
            .filter(application_id=token.application_id, revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if client is None:
            request.oauth2_error = {"error": "invalid_token"}
            return None
        user = client.user
        user._api_client = client  # access.api reads it from here: no second query
        user._role_set = frozenset()
        return user, token


def _bearer_in_header(request) -> bool:
    """Does the Authorization header carry a bearer token (as oauthlib reads it: `Bearer <token>`, any case)?"""
    parts = request.headers.get("Authorization", "").split()
    return len(parts) == 2 and parts[0].lower() == "bearer"
