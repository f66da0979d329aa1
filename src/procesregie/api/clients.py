"""Writing API clients (koppelingen): the functional administrator registers one, rotates its secret, revokes it.

A client is a service account of its organisation (no password, no roles, never logs in) and an OAuth2
application for the client-credentials grant. Its secret is generated here, stored hashed by django-oauth-toolkit,
and exists in plain text only in the `IssuedSecret` a service returns: the page shows it once. Rotating or
revoking ends the client's tokens at once. Every service takes `actor` first, runs in one transaction and writes
its access-log entry in it.
"""

import secrets
from collections.abc import Collection
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.generators import generate_client_id, generate_client_secret
from oauth2_provider.models import AccessToken, Application, RefreshToken

from procesregie.access.capabilities import ADMINISTER_API_CLIENTS, may
from procesregie.accounts.models import ApiClient, ApiScope, Organisation, User
from procesregie.audit.models import Action
from procesregie.audit.services import record_access
from procesregie.core.errors import DomainError, NotFound
from procesregie.core.text import clean_text

RATE_LIMIT_MAX = 6000
HITNOHIT_LIMIT_MAX = 100_000


@dataclass(frozen=True)
class IssuedSecret:
    """A client with its credentials: the secret is here, in plain text, and nowhere else."""

    client: ApiClient
    client_id: str
    secret: str


def _check_actor(actor) -> None:
    if not may(actor, ADMINISTER_API_CLIENTS):
        raise NotFound()


def _clean(name: str, scopes: Collection[str], rate_per_minute: int, hitnohit_per_day: int) -> tuple[str, list[str]]:
    name = clean_text(name, max_length=ApiClient._meta.get_field("name").max_length)
    if not name:
        raise DomainError(_("Geef de koppeling een naam."))
    unknown = set(scopes) - set(ApiScope.values)
    if unknown:
        raise DomainError(_("Onbekend recht: %(scope)s.") % {"scope": ", ".join(sorted(unknown))})
    if not scopes:
        raise DomainError(_("Kies ten minste één recht."))
    if not (1 <= rate_per_minute <= RATE_LIMIT_MAX):
        raise DomainError(_("Het aantal verzoeken per minuut ligt tussen 1 en %(max)s.") % {"max": RATE_LIMIT_MAX})
    if not (1 <= hitnohit_per_day <= HITNOHIT_LIMIT_MAX):
        raise DomainError(_("Het aantal hit/no-hit-vragen per dag ligt tussen 1 en %(max)s.") % {"max": HITNOHIT_LIMIT_MAX})
    return name, [scope for scope in ApiScope.values if scope in set(scopes)]  # in a fixed order


def _service_username(organisation: Organisation) -> str:
    while True:
        username = f"api.{organisation.code}.{secrets.token_hex(3)}"[:150]
        if not User.objects.filter(username=username).exists():
            return username


def _end_tokens(application: Application) -> None:
    RefreshToken.objects.filter(application=application).delete()
    AccessToken.objects.filter(application=application).delete()


@transaction.atomic
def client_create(*, actor, organisation: Organisation, name: str, scopes: Collection[str], rate_per_minute: int = 120,
                  hitnohit_per_day: int = 200, request=None) -> IssuedSecret:
    _check_actor(actor)
    name, scopes = _clean(name, scopes, rate_per_minute, hitnohit_per_day)
    user = User(username=_service_username(organisation), organisation=organisation, first_name=name[:150])
    user.set_unusable_password()
    user.save()
    secret = generate_client_secret()
    client_id = generate_client_id()
    application = Application.objects.create(
        name=name, user=user, client_id=client_id, client_secret=secret, hash_client_secret=True,
        client_type=Application.CLIENT_CONFIDENTIAL, authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
    )
    client = ApiClient.objects.create(user=user, application=application, name=name, scopes=scopes,
                                      rate_per_minute=rate_per_minute, hitnohit_per_day=hitnohit_per_day,
                                      created_by=actor if getattr(actor, "pk", None) else None)
    record_access(actor=actor, action=Action.CREATE, obj=client, request=request)
    return IssuedSecret(client=client, client_id=client_id, secret=secret)


def _locked(client: ApiClient) -> ApiClient:
    current = ApiClient.objects.select_for_update().select_related("application", "user").filter(pk=client.pk).first()
    if current is None:
        raise NotFound()
    if current.is_revoked:
        raise DomainError(_("Deze koppeling is ingetrokken."))
    return current


@transaction.atomic
def client_update(*, actor, client: ApiClient, name: str, scopes: Collection[str], rate_per_minute: int,
                  hitnohit_per_day: int, request=None) -> ApiClient:
    """New name, scopes and limits; a scope taken away counts at once, also for tokens already issued."""
    _check_actor(actor)
    client = _locked(client)
    client.name, client.scopes = _clean(name, scopes, rate_per_minute, hitnohit_per_day)
    client.rate_per_minute, client.hitnohit_per_day = rate_per_minute, hitnohit_per_day
    client.save(update_fields=["name", "scopes", "rate_per_minute", "hitnohit_per_day"])
    client.application.name = client.name
    client.application.save(update_fields=["name"])
    record_access(actor=actor, action=Action.UPDATE, obj=client, request=request)
    return client


@transaction.atomic
def client_rotate(*, actor, client: ApiClient, request=None) -> IssuedSecret:
    """A new secret; the old one and every token issued with it stop working at once."""
    _check_actor(actor)
    client = _locked(client)
    secret = generate_client_secret()
    client.application.client_secret = secret
    client.application.save(update_fields=["client_secret"])
    _end_tokens(client.application)
    record_access(actor=actor, action=Action.UPDATE, obj=client, request=request)
    return IssuedSecret(client=client, client_id=client.application.client_id, secret=secret)


@transaction.atomic
def client_revoke(*, actor, client: ApiClient, request=None) -> ApiClient:
    """The client stops at once: no token works, no new one is issued; its history (the access log) stays."""
    _check_actor(actor)
    client = _locked(client)
    client.revoked_at = timezone.now()
    client.revoked_by = actor if getattr(actor, "pk", None) else None
    client.save(update_fields=["revoked_at", "revoked_by"])
    client.application.client_secret = generate_client_secret()  # nobody knows it
    client.application.save(update_fields=["client_secret"])
    _end_tokens(client.application)
    client.user.is_active = False
    client.user.save(update_fields=["is_active"])
    record_access(actor=actor, action=Action.UPDATE, obj=client, request=request)
    return client
