"""Cache headers over every route of the access matrix (issue 10 §5 A).

- Every response to a logged-in persona (both steps passed, or only the password) carries `Cache-Control:
  no-store`: a browser or proxy must not keep a page with personal data after the user has gone.
- A response that sets the session or CSRF cookie carries it too, whoever asked.
- Every response whose answer depends on `HX-Request` (a fragment for htmx, the page otherwise; 401 with
  HX-Redirect instead of a redirect to the login) says so with `Vary: HX-Request`, both with and without the
  header.
"""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from procesregie.core.cache_headers import NoStoreMiddleware

from ..personas import build_world
from .test_matrix import PERSONAS, ROUTES, VERIFIED, client_for

pytestmark = pytest.mark.django_db

LOGGED_IN = ["password_only", *VERIFIED]
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/werk/"}


def cache_control(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def vary(response) -> set[str]:
    return {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}


def answer(response) -> tuple:
    """What a cache would hand out: the status, the templates rendered, where it sends the browser."""
    templates = tuple(template.name for template in getattr(response, "templates", []) or [])
    return (response.status_code, templates, response.get("Location"), response.get("HX-Redirect"))


def url_of(route: str, world) -> str:
    kwargs_of, _expect = ROUTES[route]
    return reverse(route, kwargs=kwargs_of(world) if kwargs_of else None)


@pytest.mark.parametrize("cookie", [settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME])
def test_a_response_that_sets_the_session_or_csrf_cookie_is_not_stored_whoever_asked(rf, cookie):
    """A shared cache must not hand one browser's session key or CSRF token to the next visitor. (The login and
    logout views say never-cache themselves; this is for every other view that starts a session.)"""

    def view(request):
        response = HttpResponse("Synthetisch formulier")
        response.set_cookie(cookie, "geheim")
        return response

    request = rf.get("/")
    request.user = AnonymousUser()
    assert "no-store" in cache_control(NoStoreMiddleware(view)(request))


def test_an_anonymous_redirect_without_cookies_is_left_to_the_defaults():
    """The middleware marks only what is private: the anonymous redirect to the login sets no cookie."""
    response = Client().get(reverse("casework:case-list"))
    assert response.status_code == 302 and not response.cookies
    assert "no-store" not in cache_control(response)


@pytest.mark.parametrize("route", sorted(ROUTES))
@pytest.mark.parametrize("persona", PERSONAS)
def test_cache_headers_over_the_access_matrix(route, persona):
    """Every route × persona × GET/POST, with and without htmx: no-store for the logged-in, Vary where it varies."""
    world = build_world(limited_partners=True)  # PERSONAS include the limited partners
    url = url_of(route, world)
    for method in ("get", "post"):
        plain = getattr(client_for(world, persona), method)(url)
        fragment = getattr(client_for(world, persona), method)(url, **HTMX)
        for response, kind in ((plain, "plain"), (fragment, "htmx")):
            where = f"{persona} {method.upper()} {route} ({kind}, {response.status_code})"
            if persona in LOGGED_IN:
                assert "no-store" in cache_control(response), f"{where}: Cache-Control {response.get('Cache-Control')!r}"
                assert "public" not in cache_control(response), where
            if answer(plain) != answer(fragment):
                assert "hx-request" in vary(response), (
                    f"{where} answers htmx differently ({answer(plain)} / {answer(fragment)}) "
                    f"but says Vary: {response.get('Vary')!r}"
                )


FRAGMENT_VIEWS = [("get", "plans:plan"), ("get", "plans:goal-add"), ("get", "monitoring:measurements"),
                  ("get", "meetings:agenda-add"), ("get", "meetings:discussion-edit"),
                  ("post", "casework:participant-add"), ("post", "meetings:agenda-move")]


@pytest.mark.parametrize(("method", "route"), FRAGMENT_VIEWS)
def test_fragment_views_answer_htmx_with_a_fragment_that_varies_on_hx_request(method, route):
    """Keeps the sweep above honest: these views do answer htmx differently, and both answers say so."""
    world = build_world()
    url = url_of(route, world)
    plain = getattr(client_for(world, "regisseur"), method)(url)
    fragment = getattr(client_for(world, "regisseur"), method)(url, **HTMX)
    assert answer(plain) != answer(fragment)
    assert "hx-request" in vary(plain) and "hx-request" in vary(fragment)
