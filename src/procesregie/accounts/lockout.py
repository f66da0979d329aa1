"""Login lockout: django-axes counts failures per username + client address.

Wrong passwords (counted by axes through Django's `user_login_failed` signal) and wrong second-factor
codes (sent to the same signal by the code step) share one budget: `AXES_FAILURE_LIMIT` failures within
`AXES_COOLOFF_TIME` lock that username at that address for the cool-off time. Another address is not
affected, so an attacker cannot lock a colleague out from elsewhere. A completed login (password and
code) clears the count for that username and address; passing only the password does not, so the
code step cannot be retried endlessly by logging in with the password again.

Across addresses, django-otp's own throttling slows guessing on each device (1, 2, 4, 8 ... seconds
after consecutive wrong codes), so a stolen password alone does not give a botnet a useful code rate.
"""


from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_lockout_response
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from .addresses import client_ip

LOCKOUT_STATUS = 429
# Invitation links that do not work (unknown, used, revoked, expired) count under this name, per client address,
# like wrong passwords: AXES_FAILURE_LIMIT of them lock invitation links at that address for the cool-off time.
# No account can have this name (Django's usernames have no brackets or spaces).
INVITATION_LINKS = "(uitnodigingslinks)"
INVITATION_LINK_PATH = "/uitnodiging/…/"


def _credentials(username: str) -> dict:
    return {"username": username}


def is_locked_out(request: HttpRequest, *, username: str) -> bool:
    """Whether this username is locked out at the request's client address."""
    return AxesProxyHandler.is_locked(request, _credentials(username))


def record_code_failure(request: HttpRequest, *, username: str) -> bool:
    """Count a wrong second-factor code like a wrong password; True when this failure locks the login."""
    AxesProxyHandler.update_request(request)
    user_login_failed.send(sender=__name__, credentials=_credentials(username), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def clear_failures(request: HttpRequest, *, username: str) -> None:
    """After a completed login: forget this username's failures at this address (not elsewhere)."""
    AxesProxyHandler.reset_attempts(ip_address=client_ip(request), username=username)


def lockout_response(request: HttpRequest, *, username: str) -> HttpResponse:
    """The same lockout page (and status) that axes shows on the password step."""
    return get_lockout_response(request, None, _credentials(username))


def lockout_page(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: one page for every lockout, whatever the username (no user enumeration)."""
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    links = bool(credentials) and credentials.get("username") == INVITATION_LINKS
    template = "accounts/invitation_links_locked.html" if links else "accounts/locked_out.html"
    response = render(request, template, {"minutes": minutes}, status=LOCKOUT_STATUS)
    add_never_cache_headers(response)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def invitation_links_locked(request: HttpRequest) -> bool:
    """Whether this client address tried too many invitation links that do not work."""
    return is_locked_out(request, username=INVITATION_LINKS)


def record_invitation_link_failure(request: HttpRequest) -> bool:
    """Count a link that does not work; True when this one locks invitation links at this address.

    The attempt is recorded without its path: the path holds the token, which must not be stored anywhere
    (this one does not work, but the rule is simpler without exceptions)."""
    AxesProxyHandler.update_request(request)
    request.axes_path_info = INVITATION_LINK_PATH
    user_login_failed.send(sender=__name__, credentials=_credentials(INVITATION_LINKS), request=request)
    return bool(getattr(request, "axes_locked_out", False))
