"""Errors as RFC 9457 problem details (`application/problem+json`), for every error of the API.

`problem_handler` is REST framework's exception handler: `{type, title, status, detail, instance}`, and for invalid
input an `errors` extension `{field: [message, ...]}`. A refusal of a service (`DomainError`) is a 400 with its
message, which is safe to show; a 404 says "Niet gevonden" and nothing else, whatever was asked for. A view raises
`Problem` for anything else. Titles and details are Dutch, as everywhere users read them.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.defaults import bad_request, page_not_found
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from procesregie.audit.errors import AccessLogUnavailable
from procesregie.core.errors import DomainError, NotFound

PROBLEM_TYPE_BASE = "https://procesregie.nl/problemen/"
CONTENT_TYPE = "application/problem+json"


class Problem(exceptions.APIException):
    """A problem with its own status, title and type (the last part of the type's URI)."""

    def __init__(self, *, status_code: int, title: str, detail: str = "", type_suffix: str = "", headers=None):
        super().__init__(detail=detail or title)
        self.status_code = status_code
        self.title = title
        self.type_suffix = type_suffix
        self.headers = headers or {}


def _titles() -> dict[int, tuple[str, str]]:
    return {
        400: ("ongeldig-verzoek", _("Ongeldig verzoek")),
        401: ("niet-geauthenticeerd", _("Niet geauthenticeerd")),
        403: ("geen-recht", _("Geen recht")),
        404: ("niet-gevonden", _("Niet gevonden")),
        405: ("methode-niet-toegestaan", _("Methode niet toegestaan")),
        406: ("niet-aanvaardbaar", _("Antwoordformaat niet beschikbaar")),
        415: ("mediatype-niet-ondersteund", _("Mediatype niet ondersteund")),
        429: ("te-veel-verzoeken", _("Te veel verzoeken")),
        503: ("logboek-niet-beschikbaar", _("Toegangslogboek niet beschikbaar")),
    }


def problem_response(*, status_code: int, title: str = "", detail: str = "", type_suffix: str = "", request=None,
                     errors=None, headers=None) -> Response:
    body = _problem_body(status_code, title=title, detail=detail, type_suffix=type_suffix, request=request)
    if errors:
        body["errors"] = errors
    return Response(body, status=status_code, headers=headers, content_type=CONTENT_TYPE)


def _problem_body(status_code: int, *, title: str = "", detail: str = "", type_suffix: str = "", request=None) -> dict:
    """`{type, title, status, detail, instance}`, the defaults of `status_code` where none are given."""
    default_suffix, default_title = _titles().get(status_code, ("fout", _("Fout")))
    body = {
        "type": PROBLEM_TYPE_BASE + (type_suffix or default_suffix),
        "title": title or default_title,
        "status": status_code,
        "detail": detail or title or default_title,
    }
    if request is not None:
        body["instance"] = request.path
    return body


def _field_errors(detail) -> dict[str, list[str]]:
    """REST framework's validation detail as `{field: [messages]}`; nested fields as `a.b` / `a.0.b`."""
    errors: dict[str, list[str]] = {}

    def walk(value, path):
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list) and value and not all(isinstance(item, str) for item in value):
            for index, inner in enumerate(value):
                walk(inner, f"{path}.{index}" if path else str(index))
        elif isinstance(value, list):
            errors.setdefault(path or "non_field_errors", []).extend(str(item) for item in value)
        else:
            errors.setdefault(path or "non_field_errors", []).append(str(value))

    walk(detail, "")
    return errors


def problem_handler(exc, context):
    request = context.get("request")
    if isinstance(exc, AccessLogUnavailable):  # fail closed, as the pages do: nothing shown, nothing changed
        detail = _("Het toegangslogboek is niet beschikbaar; er worden geen persoonsgegevens getoond.")
        return problem_response(status_code=503, detail=detail, request=request)
    if isinstance(exc, (Http404, NotFound)):
        return problem_response(status_code=404, request=request)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, DomainError):
        return problem_response(status_code=400, detail=str(exc), request=request)
    if isinstance(exc, Problem):
        return problem_response(status_code=exc.status_code, title=exc.title, detail=str(exc.detail),
                                type_suffix=exc.type_suffix, request=request, headers=exc.headers)
    response = exception_handler(exc, context)
    if response is None:
        return None  # not an API error: a server error, which Django reports and answers with a 500
    headers = {key: value for key, value in response.items() if key in ("WWW-Authenticate", "Retry-After", "Allow")}
    if isinstance(exc, exceptions.ValidationError):
        return problem_response(status_code=status.HTTP_400_BAD_REQUEST, detail=_("De invoer is niet geldig."),
                                request=request, errors=_field_errors(exc.detail), headers=headers)
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        detail = _("Stuur een geldig toegangstoken mee (Authorization: Bearer …).")
        return problem_response(status_code=401, detail=detail, request=request, headers=headers)
    if isinstance(exc, exceptions.PermissionDenied):
        return problem_response(status_code=403, detail=_("Deze koppeling heeft daarvoor geen recht."),
                                request=request, headers=headers)
    if isinstance(exc, exceptions.Throttled):
        detail = _("Te veel verzoeken; probeer het over %(seconds)s seconden opnieuw.") % {"seconds": exc.wait or 60}
        return problem_response(status_code=429, detail=detail, request=request, headers=headers)
    return problem_response(status_code=response.status_code, detail=_framework_detail(exc), request=request,
                            headers=headers)


def _framework_detail(exc) -> str:
    """REST framework's own refusals (English: it is no installed app) in Dutch, saying what to send instead."""
    if isinstance(exc, exceptions.ParseError):
        return _("De inhoud is geen geldige JSON.")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return _("Stuur de inhoud als JSON, met de header Content-Type: application/json.")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return _("Deze methode kan hier niet; de header Allow noemt de methoden die wel kunnen.")
    if isinstance(exc, exceptions.NotAcceptable):
        return _("Deze API antwoordt alleen in JSON; vraag Accept: application/json (of laat Accept weg).")
    detail = exc.detail if isinstance(getattr(exc, "detail", None), str) else ""
    return str(detail)


def _plain_problem(request, status_code: int, detail: str = "") -> JsonResponse:
    """A problem answered outside REST framework (Django's own error handlers)."""
    response = JsonResponse(_problem_body(status_code, detail=detail, request=request), status=status_code,
                            content_type=CONTENT_TYPE)
    add_never_cache_headers(response)
    return response


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def not_found(request, exception=None):
    """The site's 404 (`handler404`): under /api/ a problem, anywhere else the site's own page."""
    if _is_api(request):
        return _plain_problem(request, 404)
    return page_not_found(request, exception)


def bad_request_answer(request, exception=None):
    """The site's 400 (`handler400`, e.g. a body larger than Django accepts): under /api/ a problem."""
    if _is_api(request):
        return _plain_problem(request, 400, _("Het verzoek is te groot of onleesbaar."))
    return bad_request(request, exception)
