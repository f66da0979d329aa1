"""Request metadata for the access log, and failing closed when the log cannot be written."""

import uuid

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .context import client_ip
from .errors import AccessLogUnavailable

REQUEST_ID_HEADER = "X-Request-ID"


def access_log_unavailable_response(request) -> HttpResponse:
    """A 503 page that says why and shows nothing else: no personal data, no user details."""
    html = render_to_string(
        "audit/unavailable.html",
        {"message": _("Het toegangslogboek is niet beschikbaar; er worden geen persoonsgegevens getoond.")},
    )
    response = HttpResponse(html, status=503)
    response["Cache-Control"] = "no-store"
    return response


class RequestContextMiddleware:
    """Give every request an id (`request.request_id`, also the `X-Request-ID` response header) and its
    client address (`request.client_ip`, see `accounts.addresses.client_ip`); turn `AccessLogUnavailable`
    raised by a view into the 503 page. Whatever the view had rendered is discarded with the exception.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = str(uuid.uuid4())
        request.client_ip = client_ip(request)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request.request_id
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, AccessLogUnavailable):
            return access_log_unavailable_response(request)
        return None
