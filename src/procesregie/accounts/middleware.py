"""Who may reach a page: only users who passed both login steps, within the session time limits.

`SessionTimeoutMiddleware` ends a session after `settings.IDLE_TIMEOUT` without a request and in any case
`settings.SESSION_MAX_AGE` after the login. (The session cookie also ends with the browser, and the
server-side session row expires after the idle time: SESSION_COOKIE_AGE.) Activity is recorded to the
minute (`ACTIVITY_RESOLUTION`): the session row is written at most once a minute, not on every page view,
so an idle timeout may end a session up to a minute early but never late.

`RequireVerifiedLoginMiddleware` sends every request that is not for a login page or a static file to the
login: anonymous users to the password step (with `?next=`), users who passed only the password step to
the code step. It relies on django-otp's OTPMiddleware, which sets `request.user.is_verified()`.
"""

import time
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _

from procesregie.core.service_calls import is_htmx

SESSION_LOGIN_AT = "procesregie_login_at"
SESSION_LAST_SEEN = "procesregie_last_seen"
# Seconds between two writes of the last-seen time (and with it the session row and its expiry).
ACTIVITY_RESOLUTION = 60

# The only views a request may reach before the login is complete. Each checks the login state itself.
OPEN_VIEWS = frozenset({
    "accounts:login", "accounts:verify", "accounts:enrol", "accounts:logout", "accounts:language",
    # An invitation's link and its steps (procesregie.invitations): the invited account cannot log in yet.
    "invitations:open", "invitations:password", "invitations:enrol",
})
# The partner API (procesregie.api) authenticates each request itself, with a client's bearer token; a browser
# session, logged in or not, never counts there. A path under it that names no route is the API's 404, not a login.
API_PREFIX = "/api/"


def start_session_clock(session) -> None:
    """At login (Django's user_logged_in signal): the session's age and idle time count from now."""
    now = time.time()
    session[SESSION_LOGIN_AT] = now
    session[SESSION_LAST_SEEN] = now


def is_verified(user) -> bool:
    """Logged in with password and second factor."""
    return bool(user.is_authenticated and getattr(user, "is_verified", None) and user.is_verified())


def safe_next(request, url: str | None) -> str | None:
    """The path (with query and fragment) of `url` if it points into this site, else None.

    `url` may be a path or an absolute URL on this host; anything else (another host or scheme, words, an
    emoji, a NUL byte) gives None. Only a path starting with one slash comes back, so callers redirect to
    it with HttpResponseRedirect: never hand it to `redirect()`, which takes a word for a view name."""
    if not url or any(ord(character) < 32 or ord(character) == 127 for character in url):
        return None
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return None
    parts = urlsplit(url)
    if not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    return urlunsplit(("", "", parts.path, parts.query, parts.fragment))


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    @staticmethod
    def _check(request) -> None:
        now = time.time()
        login_at = request.session.get(SESSION_LOGIN_AT)
        last_seen = request.session.get(SESSION_LAST_SEEN)
        if login_at is None or last_seen is None:
            reason = _("Uw sessie is verlopen. Log opnieuw in.")
        elif now - last_seen > settings.IDLE_TIMEOUT.total_seconds():
            minutes = round(settings.IDLE_TIMEOUT.total_seconds() / 60)
            reason = _("U bent automatisch uitgelogd omdat u %(minutes)d minuten niet actief was.") % {"minutes": minutes}
        elif now - login_at > settings.SESSION_MAX_AGE.total_seconds():
            hours = round(settings.SESSION_MAX_AGE.total_seconds() / 3600)
            reason = _("U bent automatisch uitgelogd omdat u %(hours)d uur geleden bent ingelogd.") % {"hours": hours}
        else:
            if now - last_seen >= ACTIVITY_RESOLUTION:
                request.session[SESSION_LAST_SEEN] = now  # marks the session modified: saved with a new expiry
            return
        logout(request)
        messages.info(request, reason)


class RequireVerifiedLoginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_verified(request.user) or self._is_open(request):
            return self.get_response(request)
        return self._to_login(request)

    @staticmethod
    def _is_open(request) -> bool:
        if request.path_info.startswith(settings.STATIC_URL) or request.path_info.startswith(API_PREFIX):
            return True
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return False
        return match.view_name in OPEN_VIEWS

    @staticmethod
    def _is_page(request) -> bool:
        """A navigation to one of our pages (not a sub-resource the browser fetched on its own)."""
        if request.headers.get("Sec-Fetch-Dest", "document") not in ("document", "iframe"):
            return False
        try:
            resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return False
        return True

    @staticmethod
    def _to_login(request) -> HttpResponse:
        view = "accounts:verify" if request.user.is_authenticated else "accounts:login"
        htmx = is_htmx(request)
        if htmx:
            # A redirect would be followed inside the XHR and the login page swapped into a fragment;
            # htmx turns HX-Redirect into a full page load. The page to come back to is the current one.
            next_url = safe_next(request, request.headers.get("HX-Current-URL"))
        elif request.method in ("GET", "HEAD") and RequireVerifiedLoginMiddleware._is_page(request):
            next_url = request.get_full_path()
        else:
            # A POST cannot be replayed after the login; a browser's own fetch (favicon, image) or an
            # unknown path must not become the page the user lands on after logging in.
            next_url = None
        target = reverse(view)
        if next_url:
            target = f"{target}?{urlencode({'next': next_url})}"
        if htmx:
            response = HttpResponse(status=401)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)
