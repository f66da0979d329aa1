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


@functools.cache
def _problem_component():
    """One `Problem` component for every operation (a second serializer of that name would be a second component)."""
    from drf_spectacular.utils import OpenApiResponse, inline_serializer  # noqa: PLC0415
    from rest_framework import serializers  # noqa: PLC0415

    problem = inline_serializer(
        name="Problem",
        fields={
            "type": serializers.URLField(),
            "title": serializers.CharField(),
            "status": serializers.IntegerField(),
            "detail": serializers.CharField(),
            "instance": serializers.CharField(required=False),
            "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False),
        },
    )
    return OpenApiResponse(response=problem, description="RFC 9457 problem details (application/problem+json)")


def problems(*codes: int) -> dict:
    """The problem responses of an operation, for `extend_schema(responses={200: ..., **problems(400, 404)})`.

    401, 403 and 429 are added for every operation that requires a scope (every one but the document itself)."""
    response = _problem_component()
    return {code: response for code in sorted({*codes, 401, 403, 429})}


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
