"""The client's IP address, the same for the login lockout and the access log."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _normalised_ip(value: str) -> str:
    """The address in its canonical text form, or "" when `value` is not an IP address."""
    try:
        return str(ipaddress.ip_address(value.strip().split("%", 1)[0]))  # without an IPv6 zone (%eth0)
    except ValueError:
        return ""


def client_ip(request: HttpRequest) -> str:
    """AXES_CLIENT_IP_CALLABLE. The client address: the socket address, or behind N trusted proxies the Nth
    entry from the right of X-Forwarded-For (entries further left are whatever the client claimed).
    When that entry is not an IP address (a proxy count set too high), the socket address counts: an
    empty address would match no earlier attempt and so escape the lockout."""
    proxies = settings.PROCESREGIE_TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies and (address := _normalised_ip(forwarded[-proxies])):
            return address
    return _normalised_ip(request.META.get("REMOTE_ADDR", ""))
