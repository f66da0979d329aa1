"""Cache headers that keep personal data out of every cache, and htmx fragments out of the page's place.

`NoStoreMiddleware`: every response to a logged-in user (also one who passed only the password step) gets
`Cache-Control: no-store` (with Django's other never-cache directives: `no-cache, must-revalidate, private,
max-age=0` and a past `Expires`), so neither the browser nor a proxy keeps a copy of a case page, a work list,
a plan or an export after the user has gone. It is decided when the response leaves, so a response to a request
that logged in or out counts too.

It is also set on any response that sets or deletes the session or CSRF cookie, whoever asked. Such a
response carries a secret of one browser (the session key, the CSRF token); a shared cache that stored it
would hand that cookie to the next visitor, who would then share the session or know the token. This covers the
login page, which sets the CSRF cookie before anybody is logged in.

`VaryOnHtmxMiddleware`: every response says `Vary: HX-Request`. The same URL answers htmx with a fragment (a
form, a section, the agenda) and a browser with the whole page, and the login check answers htmx on every URL
with 401 and `HX-Redirect` instead of a redirect; so every dynamic response depends on that header, and a
cache (or the browser's history) keyed on the URL alone could show a fragment as a page. Static files are
served before this middleware and are not affected.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_vary_headers


def _sets_a_secret_cookie(response) -> bool:
    return any(name in response.cookies for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME))


def _logged_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class NoStoreMiddleware:
    """Place before SessionMiddleware: its response step must see the cookies that the session and CSRF
    middleware set."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _logged_in(request) or _sets_a_secret_cookie(response):
            add_never_cache_headers(response)
        return response


class VaryOnHtmxMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response
