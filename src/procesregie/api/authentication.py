"""Who calls the API: an API client, with a bearer token from OAuth2 client credentials (docs/decisions/0024).

`ClientValidator` is django-oauth-toolkit's validator that knows our clients: a revoked client cannot get a token,
and a token carries only scopes the client holds. `ClientTokenAuthentication` turns a valid token into the client's
service account (`ApiClient.user`), so that services, selectors and the access log see the client as the actor.
A token of a revoked client stops working at once (its tokens are deleted, and this check does not trust them).
"""

import hashlib

from django.utils import timezone
from oauth2_provider.models import AccessToken, Application
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauthlib.oauth2.rfc6749 import errors
from rest_framework.authentication import BaseAuthentication

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


class ClientTokenAuthentication(BaseAuthentication):
    """A bearer token of a client that is not revoked → (the client's service account, the token).

    One query: the token by its checksum (django-oauth-toolkit stores access tokens only as their SHA-256), not
    expired, of a client that is not revoked and whose account is active, with the client, its account and its
    organisation. The token is read only from the Authorization header of the Django request: nothing of an
    unauthenticated caller's body is parsed before the 401, and a token in a URL (which oauthlib would also take,
    from the query string or a form body) ends up in proxy and server logs, browser history and Referer headers.
    """

    www_authenticate_realm = "api"

    def authenticate(self, request):
        raw = _bearer_in_header(request._request)
        if raw is None:
            return None
        token = (
            AccessToken.objects.select_related("application__api_client__user__organisation")
            .filter(token_checksum=hashlib.sha256(raw.encode("utf-8")).hexdigest(), expires__gt=timezone.now(),
                    application__api_client__revoked_at__isnull=True,
                    application__api_client__user__is_active=True)
            .first()
        )
        if token is None:
            request._request.oauth2_error = {"error": "invalid_token"}
            return None
        client = token.application.api_client
        user = client.user
        user._api_client = client  # access.api reads it from here: no second query
        user._role_set = frozenset()
        return user, token

    def authenticate_header(self, request):
        error = getattr(request, "oauth2_error", {}).get("error")
        return f'Bearer realm="{self.www_authenticate_realm}"' + (f',error="{error}"' if error else "")


def _bearer_in_header(request) -> str | None:
    """The bearer token of the Authorization header (`Bearer <token>`, the scheme in any case), or None."""
    parts = request.headers.get("Authorization", "").split()
    if len(parts) == 2 and parts[0].lower() == "bearer":
        return parts[1]
    return None
