"""The API's test helpers: a real client issued through the service, a real token from the token endpoint."""

import base64

import pytest
from django.test import Client

from procesregie.accounts.models import RoleAssignment
from procesregie.accounts.roles import Role
from procesregie.api.clients import IssuedSecret, client_create

from .. import factories as f


def functional_admin(organisation=None):
    admin = f.UserFactory(organisation=organisation or f.OrganisationFactory(code="zvh-beheer", house=True))
    RoleAssignment.objects.create(user=admin, role=Role.FUNCTIONAL_ADMIN)
    return admin


def token_for(issued: IssuedSecret, *, scope: str | None = None, client: Client | None = None) -> str:
    """A token through `POST /api/v1/token/` with HTTP Basic credentials, as a partner system gets one."""
    basic = base64.b64encode(f"{issued.client_id}:{issued.secret}".encode()).decode()
    data = {"grant_type": "client_credentials", **({"scope": scope} if scope else {})}
    response = (client or Client()).post("/api/v1/token/", data, HTTP_AUTHORIZATION=f"Basic {basic}")
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


@pytest.fixture
def issue_client(db):
    """`issue_client(organisation, *scopes, **limits) -> IssuedSecret`: registered by a functional administrator."""
    admin = functional_admin()

    def issue(organisation, *scopes, name="Koppeling", **limits) -> IssuedSecret:
        return client_create(actor=admin, organisation=organisation, name=name, scopes=scopes, **limits)

    issue.admin = admin
    return issue
