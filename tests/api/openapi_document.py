"""The API's OpenAPI document, as the server publishes it, for tests generated from its operations.

Built in the test process by drf-spectacular (the same generator and settings as `GET /api/v1/schema/`), when a test
module is collected, so that each operation becomes a test of its own; tests/api/test_schema_properties.py asserts
that the live server publishes exactly this document.
"""

from dataclasses import dataclass

from drf_spectacular.generators import SchemaGenerator

SECURITY_SCHEME = "clientCredentials"


def api_document() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


@dataclass(frozen=True)
class Operation:
    method: str  # upper case
    path: str  # as documented: /api/v1/registrations/{referentie}/
    spec: dict

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def scopes(self) -> list[str]:
        """The scopes the document says the operation requires (none: it names no security requirement)."""
        return [scope for requirement in self.spec.get("security", []) for scope in requirement.get(SECURITY_SCHEME, [])]

    @property
    def path_parameters(self) -> dict[str, dict]:
        return {parameter["name"]: parameter.get("schema", {}) for parameter in self.spec.get("parameters", [])
                if parameter["in"] == "path"}

    def url(self, values: dict[str, object]) -> str:
        url = self.path
        for name in self.path_parameters:
            url = url.replace("{" + name + "}", str(values[name]))
        return url


def operations(document: dict) -> list[Operation]:
    return [Operation(method.upper(), path, spec) for path, methods in sorted(document.get("paths", {}).items())
            for method, spec in sorted(methods.items())]
