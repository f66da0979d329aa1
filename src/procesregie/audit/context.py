"""Request metadata for the access log: where a request came from and its id.

`RequestContextMiddleware` stores both on the request (`request.request_id`, `request.client_ip`);
`record_access(request=...)` reads them from there.
"""

from procesregie.accounts.addresses import client_ip


def request_metadata(request) -> tuple[str, str]:
    """(ip, request id) of `request`; ("", "") without a request (CLI, background jobs)."""
    if request is None:
        return "", ""
    ip = getattr(request, "client_ip", None)
    if ip is None:
        ip = client_ip(request)
    return ip, getattr(request, "request_id", "")
