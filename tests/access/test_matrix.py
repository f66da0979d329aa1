"""The access matrix, generated from the URLconf: every route × every persona × every method.

Each route needs an entry in ROUTES; a route without one fails the suite. For every request the matrix
states the status, and a response that is not a 200 must not contain any personal data of the case.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ..logins import verified_login
from ..personas import build_world

pytestmark = pytest.mark.django_db

METHODS = ["get", "post", "put", "patch", "delete"]
VERIFIED = ["regisseur", "regisseur_elsewhere", "participant", "removed", "other_org", "colleague", "manager",
            "privacy_officer", "functional_admin"]
PERSONAS = ["anonymous", "password_only", *VERIFIED]
SEES_CASE = {"regisseur", "participant"}


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


def gated(get=None, post=None):
    """A page behind the login: anonymous and half-logged-in users are sent to the login; for everyone
    else the allowed methods answer per persona and the others 405."""
    allowed = {"get": get, "post": post}

    def expect(persona: str, method: str) -> int:
        if persona in ("anonymous", "password_only"):
            return 302
        answer = allowed.get(method)
        if answer is None:
            return 405
        return answer(persona) if callable(answer) else answer

    return expect


def only(personas, yes=200, no=404):
    return lambda persona: yes if persona in personas else no


def auth_page(*, anonymous, password_only, verified, methods=("get", "post")):
    def expect(persona: str, method: str) -> int:
        if method not in methods:
            return 405
        return {"anonymous": anonymous, "password_only": password_only}.get(persona, verified)

    return expect


# route name → (url kwargs from the world, expectation(persona, method) → status)
ROUTES = {
    "accounts:login": (None, auth_page(anonymous=200, password_only=200, verified=302)),  # already in: onwards
    "accounts:verify": (None, auth_page(anonymous=302, password_only=302, verified=302)),
    "accounts:enrol": (None, auth_page(anonymous=302, password_only=200, verified=302)),
    "accounts:logout": (None, auth_page(anonymous=302, password_only=302, verified=302, methods=("post",))),
    "casework:home": (None, gated(get=302)),
    "casework:case-list": (None, gated(get=200)),
    "casework:case-detail": (lambda w: {"pk": w.case.pk}, gated(get=only(SEES_CASE))),
    "privacy:subject-search": (None, gated(get=only({"privacy_officer"}))),
    "privacy:subject-log": (lambda w: {"subject_key": w.case.registration.person.subject_key},
                            gated(get=only({"privacy_officer"}))),
}


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
    world = build_world()
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
