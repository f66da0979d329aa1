"""Request metadata for the access log: where a request came from and its id.

`RequestContextMiddleware` stores both on the request (`request.request_id`, `request.client_ip`);
`record_access(request=...)` reads them from there.
"""

import ipaddress

from django.conf import settings


def _normalised_ip(value: str) -> str:
    """The address in its canonical text form, or "" when `value` is not an IP address."""
    try:
        return str(ipaddress.ip_address(value.strip().split("%", 1)[0]))  # without an IPv6 zone (%eth0)
    except ValueError:
        return ""


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or, behind N trusted proxies, the N-th X-Forwarded-For entry from the right.

    Each trusted proxy appends the address it received the request from, so everything further left
    was written by the client and is not trusted. `PROCESREGIE_TRUSTED_PROXIES` (the setting the login
    lockout uses too) is 0 unless set.
    """
    proxies = int(getattr(settings, "PROCESREGIE_TRUSTED_PROXIES", 0) or 0)
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return _normalised_ip(forwarded[-proxies])
    return _normalised_ip(request.META.get("REMOTE_ADDR", ""))


def request_metadata(request) -> tuple[str, str]:
    """(ip, request id) of `request`; ("", "") without a request (CLI, background jobs)."""
    if request is None:
        return "", ""
    ip = getattr(request, "client_ip", None)
    if ip is None:
        ip = client_ip(request)
    return ip, getattr(request, "request_id", "")
