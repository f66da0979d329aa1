"""The OpenAPI document's security scheme: OAuth2 client credentials with our four scopes (drf-spectacular).

Each operation lists the scope it requires (`HasScope`, from the view's `required_scope(s)`), so the reference page
tells a partner's developer which scope to ask for.
"""

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


def _problem_component():
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
