"""The OpenAPI document's security scheme: OAuth2 client credentials with our four scopes (drf-spectacular).

Each operation lists the scope it requires (`HasScope`, from the view's `required_scope(s)`), so the reference page
tells a partner's developer which scope to ask for.
"""

import functools

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ClientTokenScheme(OpenApiAuthenticationExtension):
    target_class = "procesregie.api.authentication.ClientTokenAuthentication"
    name = "clientCredentials"

    def get_security_definition(self, auto_schema):
        return {
            "type": "oauth2",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": "/api/v1/token/",
                    "scopes": dict(settings.OAUTH2_PROVIDER["SCOPES"]),
                }
            },
        }

    def get_security_requirement(self, auto_schema):
        from .permissions import required_scope  # noqa: PLC0415 - loaded with the schema generator only

        scope = required_scope(auto_schema.view, auto_schema.method)
        if scope is None:
            return []
        return {self.name: [scope]}


# What each problem of an operation means, for the partner's developer, with an example answer.
PROBLEMS = {
    400: ("Ongeldige invoer: `errors` noemt per veld (geneste velden als `persoon.bsn`) wat er mis is. Er is niets "
          "vastgelegd.", "ongeldig-verzoek", "Ongeldig verzoek", "De invoer is niet geldig.",
          {"bsn": ["Dit is geen geldig BSN: het voldoet niet aan de 11-proef."]}),
    401: ("Geen token, of een verlopen of ingetrokken token: vraag een nieuw token aan op /api/v1/token/ (de header "
          "WWW-Authenticate zegt het ook).", "niet-geauthenticeerd", "Niet geauthenticeerd",
          "Stuur een geldig toegangstoken mee (Authorization: Bearer …).", None),
    403: ("De koppeling heeft het recht voor deze aanroep niet (zie de vereiste rechten hierboven); de functioneel "
          "beheerder van het Zorg- en Veiligheidshuis kan het geven.", "geen-recht", "Geen recht",
          "Deze koppeling heeft daarvoor geen recht.", None),
    404: ("Niet gevonden, of niet van de eigen organisatie: het antwoord zegt niet welke van de twee.", "niet-gevonden",
          "Niet gevonden", "Niet gevonden", None),
    415: ("De inhoud is geen JSON: stuur Content-Type: application/json.", "mediatype-niet-ondersteund",
          "Mediatype niet ondersteund", "Stuur de inhoud als JSON, met de header Content-Type: application/json.", None),
    429: ("Te veel verzoeken (de limiet per minuut van de koppeling, of bij hit/no-hit de daggrens): probeer het na het "
          "aantal seconden in Retry-After opnieuw.", "te-veel-verzoeken", "Te veel verzoeken",
          "Te veel verzoeken; probeer het over 30 seconden opnieuw.", None),
}


@functools.cache
def _problem_serializer():
    """One `Problem` component for every operation (a second serializer of that name would be a second component)."""
    from drf_spectacular.utils import inline_serializer  # noqa: PLC0415
    from rest_framework import serializers  # noqa: PLC0415

    return inline_serializer(
        name="Problem",
        fields={
            "type": serializers.URLField(help_text="Het soort probleem (een URI)."),
            "title": serializers.CharField(help_text="Het soort probleem in woorden."),
            "status": serializers.IntegerField(help_text="De HTTP-status."),
            "detail": serializers.CharField(help_text="Wat er mis is, en waar het kan, wat u anders moet sturen."),
            "instance": serializers.CharField(required=False, help_text="Het pad van het verzoek."),
            "errors": serializers.DictField(
                child=serializers.ListField(child=serializers.CharField()), required=False,
                help_text="Bij ongeldige invoer: per veld de meldingen."),
        },
    )


@functools.cache
def _problem_response(code: int):
    from drf_spectacular.utils import OpenApiExample, OpenApiResponse  # noqa: PLC0415

    from .problems import PROBLEM_TYPE_BASE  # noqa: PLC0415

    description, suffix, title, detail, errors = PROBLEMS.get(
        code, ("RFC 9457 problem details (application/problem+json).", "fout", "Fout", "Fout", None))
    example = {"type": PROBLEM_TYPE_BASE + suffix, "title": title, "status": code, "detail": detail,
               "instance": "/api/v1/…", **({"errors": errors} if errors else {})}
    return OpenApiResponse(response=_problem_serializer(), description=description,
                           examples=[OpenApiExample(title, value=example, status_codes=[str(code)],
                                                    response_only=True)])


def problems(*codes: int) -> dict:
    """The problem responses of an operation, for `extend_schema(responses={200: ..., **problems(400, 404)})`.

    401, 403 and 429 are added for every operation that requires a scope (every one but the document itself)."""
    return {code: _problem_response(code) for code in sorted({*codes, 401, 403, 429})}


PROBLEM_REF = "#/components/schemas/Problem"


def problem_media_type(result, generator, request, public):
    """drf-spectacular postprocessing hook: problem responses are documented as `application/problem+json`, the
    media type `problems.problem_handler` answers them with (drf-spectacular would say `application/json`)."""
    from .problems import CONTENT_TYPE  # noqa: PLC0415

    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                described = content.get("application/json")
                if status.isdigit() and int(status) >= 400 and described and described.get("schema", {}).get(
                        "$ref") == PROBLEM_REF:
                    response["content"] = {CONTENT_TYPE: described}
    return result
