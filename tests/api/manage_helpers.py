"""Helpers of the koppelingen pages' tests: the administrator's browser-like client and the page's forms."""

import base64
import re

from django.test import Client
from django.urls import reverse

from tests.logins import verified_client

from .conftest import functional_admin

LIST_URL = reverse("koppelingen:client-list")
CREATE_URL = reverse("koppelingen:client-create")
TOKEN_URL = reverse("api:token")


def detail_url(pk: int) -> str:
    return reverse("koppelingen:client-detail", args=[pk])


def rotate_url(pk: int) -> str:
    return reverse("koppelingen:client-rotate", args=[pk])


def revoke_url(pk: int) -> str:
    return reverse("koppelingen:client-revoke", args=[pk])


def admin_client(admin=None) -> Client:
    admin = admin or functional_admin()
    client = verified_client(admin)
    client.admin = admin
    return client


def once_of(response) -> str:
    """The one-time token of the form on a page."""
    match = re.search(rb'name="once" value="([^"]+)"', response.content)
    assert match, "no one-time token on the page"
    return match.group(1).decode()


def shown_credentials(response) -> tuple[str, str]:
    """The client_id and the secret a page shows (the page of a new client or a new secret)."""
    body = response.content.decode()
    client_id = re.search(r'id="client-id"[^>]*value="([^"]+)"', body).group(1)
    secret = re.search(r'<textarea[^>]*id="client-secret"[^>]*>([^<]+)</textarea>', body).group(1)
    return client_id, secret


def settings_data(**fields) -> dict:
    data = {"name": "Meldsysteem politie", "scopes": ["registrations:write", "registrations:read"],
            "rate_per_minute": "60", "hitnohit_per_day": "100"}
    data.update(fields)
    return {name: value for name, value in data.items() if value is not None}


def create(client: Client, organisation, **fields):
    """Open the form of a new client and send it: the response to the POST (the secret's page)."""
    once = once_of(client.get(CREATE_URL))
    return client.post(CREATE_URL, {"once": once, **settings_data(organisation=organisation.pk, **fields)})


def token_response(client_id: str, secret: str):
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return Client().post(TOKEN_URL, {"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=f"Basic {basic}")
