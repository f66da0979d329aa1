"""The partner API (/api/v1/) in the session matrix: a browser session never authenticates the API.

- Every operation (each route of the `api` namespace but the three below) answers 401 to every persona and every
  method: anonymous, half logged in or fully verified, a session is no credential (docs/decisions/0024). The
  entries are generated from the URLconf, so an operation added later is covered without a new line here. Its URL
  arguments are values that name nothing of the world (a problem repeats the request's path as `instance`, and the
  matrix takes any reference of the world in a refusal for a leak): 1 for a number, `A-ONBEKEND` otherwise.
  What the API answers to clients with and without each scope is tests/access/test_api_matrix.py's.
- The OpenAPI document and its reference page hold no data: GET 200 for all; any other method 405.
- The token endpoint (django-oauth-toolkit's TokenView) answers only POST; an empty POST is a 400 with
  `{"error": "unsupported_grant_type"}` (RFC 6749 5.2) for everyone, session or not; other methods 405.
"""

from django.urls import URLPattern, URLResolver, get_resolver

OPEN_PAGES = {"api:schema", "api:docs"}
TOKEN = "api:token"


def _open_page(persona: str, method: str) -> int:
    return 200 if method == "get" else 405


def _token(persona: str, method: str) -> int:
    return 400 if method == "post" else 405


def _operation(persona: str, method: str) -> int:
    # Also a POST with the matrix's form body (multipart, which the API does not parse): no body is read before the
    # caller is authenticated (api/authentication.py).
    return 401


def _api_patterns(resolver=None, inside_api=False):
    """(route name, pattern) of every named route in the `api` namespace."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _api_patterns(pattern, inside_api or pattern.namespace == "api")
        elif isinstance(pattern, URLPattern) and inside_api and pattern.name:
            yield f"api:{pattern.name}", pattern


def _kwargs_for(pattern: URLPattern):
    converters = getattr(pattern.pattern, "converters", {})
    if not converters:
        return None

    def kwargs(world) -> dict:
        return {name: 1 if converter.regex == "[0-9]+" else "A-ONBEKEND" for name, converter in converters.items()}

    return kwargs


def _routes() -> dict:
    routes = {}
    for name, pattern in _api_patterns():
        if name in OPEN_PAGES:
            routes[name] = (None, _open_page)
        elif name == TOKEN:
            routes[name] = (None, _token)
        else:
            routes[name] = (_kwargs_for(pattern), _operation)
    return routes


ROUTES = _routes()
