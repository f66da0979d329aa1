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
