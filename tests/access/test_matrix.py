"""The access matrix, generated from the URLconf: every route × every persona × every method.

Each route needs an entry in ROUTES; a route without one fails the suite. For every request the matrix
states the status, and a response that is not a 200 must not contain any personal data of the case.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ..logins import verified_login
from ..personas import LIMITED_PARTNERS, build_world
from .routes import all_routes

pytestmark = pytest.mark.django_db

METHODS = ["get", "post", "put", "patch", "delete"]
VERIFIED = ["regisseur", "regisseur_elsewhere", "participant", "removed", "other_org", "colleague", "manager",
            "privacy_officer", "functional_admin", *LIMITED_PARTNERS]
PERSONAS = ["anonymous", "password_only", *VERIFIED]


def route_names(resolver=None, namespace="") -> list[str]:
    """Every named route of the URLconf, as `namespace:name`; an unnamed route is named `?<pattern>`."""
    resolver = resolver or get_resolver()
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += route_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            names.append(f"{namespace}{pattern.name}" if pattern.name else f"?{pattern.pattern}")
    return names


ROUTES = all_routes()


def test_every_route_has_a_matrix_entry():
    missing = sorted(set(route_names()) - set(ROUTES))
    assert not missing, f"routes without an access-matrix entry: {missing}"
    stale = sorted(set(ROUTES) - set(route_names()))
    assert not stale, f"matrix entries for routes that no longer exist: {stale}"


def client_for(world, persona: str) -> Client:
    client = Client()
    user = world.users.get(persona)
    if persona == "password_only":
        client.force_login(world.users["regisseur"])  # the password was right; no second factor yet
    elif user is not None:
        verified_login(client, user)
    return client


def personal_data(world) -> list[str]:
    person = world.case.registration.person
    return [person.family_name, person.bsn, person.ref, world.case.registration.ref]


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("persona", PERSONAS)
def test_access_matrix(route, persona):
    world = build_world(limited_partners=True)
    kwargs_of, expect = ROUTES[route]
    url = reverse(route, kwargs=kwargs_of(world) if kwargs_of else None)
    leaks = personal_data(world)
    for method in METHODS:
        client = client_for(world, persona)  # fresh per method: a POST to logout must not end the next try
        response = getattr(client, method)(url)
        expected = expect(persona, method)
        assert response.status_code == expected, f"{persona} {method.upper()} {route}: {response.status_code} != {expected}"
        if response.status_code != 200:
            body = response.content.decode(errors="replace")
            assert not [value for value in leaks if value and value in body], f"{persona} {method.upper()} {route} leaks"
