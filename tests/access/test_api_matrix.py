"""The access matrix of the partner API, generated from its OpenAPI document: every operation (path × method) for
every way a client can come without the right (issue 16's acceptance).

- No token, a malformed, unknown or expired token, the earlier token of a revoked client or of a rotated secret:
  401 with `WWW-Authenticate: Bearer …`, as a problem (`application/problem+json`); also with a form body or broken
  JSON (no body is read before the caller is known).
- A client holding one scope (and a client holding all, with a token that carries one): 403 for every operation of
  another scope; for the operations of its own scope neither 401 nor 403.
- An object of another organisation (a registration, by its reference): 404, as for one that does not exist; the
  client's own object is found (so the 404 is not simply every answer).
- Above the client's rate limit: 429 with `Retry-After`.
- No personal data in any of these denied answers: the names, BSN and references of the seeded persons and
  registrations appear in none (the request's own path, which a problem repeats as `instance`, excepted). A POST
  sends a body that names a known person (their BSN and family name), so a refusal has something it could give away.

The operations are read from the document when the module is collected (tests/api/openapi_document.py): an
operation added to the API is in the matrix without a line here. What a browser session gets on these routes is
tests/access/test_matrix.py's (routes/api.py: 401 for every persona).
"""

import base64
import datetime
import hashlib
import json

import pytest
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import timezone
from oauth2_provider.models import AccessToken

from procesregie.accounts.models import ApiScope
from procesregie.api.clients import client_create, client_revoke, client_rotate
from procesregie.api.models import ApiUsage

from .. import factories as f
from ..api.conftest import functional_admin, token_for
from ..api.openapi_document import api_document, operations

pytestmark = pytest.mark.django_db

OPERATIONS = operations(api_document())
OWN_REF, FOREIGN_REF = "A-MATRIX1", "A-MATRIX9"
# Path parameters that name an object the client's organisation may or may not own: the object of its own, and one
# of another organisation (which must answer 404).
OBJECT_PARAMETERS = {"referentie": (OWN_REF, FOREIGN_REF)}
# Other path parameters: a value that is valid for the operation.
PLAIN_VALUES = {"year": 2024}
DENIED = {401, 403, 404, 429}


def _value(name: str, schema: dict):
    if name in OBJECT_PARAMETERS:
        return OBJECT_PARAMETERS[name][0]
    if name in PLAIN_VALUES:
        return PLAIN_VALUES[name]
    return schema.get("minimum", 1) if schema.get("type") == "integer" else OWN_REF


def url_of(operation, **values) -> str:
    return operation.url({name: values.get(name, _value(name, schema))
                          for name, schema in operation.path_parameters.items()})


class World:
    """A police organisation whose client asks; a person in regie that it registered, and a person another
    organisation registered; every name, number and reference of theirs is personal data that no refusal may show."""

    def __init__(self):
        self.organisation = f.OrganisationFactory(code="politie-matrix", police=True)
        other = f.OrganisationFactory(code="gemeente-matrix", municipal=True)
        self.case = f.CaseFactory(registration__ref=OWN_REF, registration__reported_by=self.organisation,
                                  registration__person__given_name="Geheime", registration__person__family_name="Persoonsnaam")
        self.foreign = f.RegistrationFactory(ref=FOREIGN_REF, reported_by=other, person__given_name="Vreemde",
                                             person__family_name="Anderorganisatie")
        self.admin = functional_admin()
        persons = [self.case.registration.person, self.foreign.person]
        self.leaks = [value for person in persons for value in (person.family_name, person.bsn, person.ref)]
        self.leaks += [OWN_REF, FOREIGN_REF]

    def issue(self, *scopes, **limits):
        return client_create(actor=self.admin, organisation=self.organisation, name="Matrix", scopes=scopes, **limits)

    def body(self) -> str:
        person = self.case.registration.person
        return json.dumps({"bsn": person.bsn, "achternaam": person.family_name, "doel": "Toegangsmatrix van de API"})


@pytest.fixture
def world():
    return World()


def call(operation, url: str, world: World, authorization: str | None = None):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization is not None else {}
    body = world.body() if operation.method in ("POST", "PUT", "PATCH") else None
    return Client().generic(operation.method, url, data=body or "", content_type="application/json", **headers)


def _encoded(body, content_type: str) -> dict:
    if content_type == MULTIPART_CONTENT:
        return {"data": encode_multipart(BOUNDARY, body), "content_type": MULTIPART_CONTENT}
    return {"data": body, "content_type": content_type}


def assert_denied_quietly(response, status: int, operation, url: str, world: World, why: str) -> None:
    label = f"{why}: {operation.label} ({url})"
    assert response.status_code == status, f"{label}: {response.status_code} != {status}: {response.content[:300]!r}"
    assert response["Content-Type"].startswith("application/problem+json"), label
    body = response.content.decode(errors="replace").replace(url, "")
    shown = [value for value in world.leaks if value and value in body]
    assert not shown, f"{label} shows {shown}"


def test_the_document_lists_operations_each_requiring_one_scope_and_every_scope_has_one():
    assert OPERATIONS, "the API documents no operation"
    for operation in OPERATIONS:
        assert len(operation.scopes) == 1 and operation.scopes[0] in ApiScope.values, operation.label
    assert {operation.scopes[0] for operation in OPERATIONS} == set(ApiScope.values)
    assert any(set(operation.path_parameters) & set(OBJECT_PARAMETERS) for operation in OPERATIONS)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_without_valid_credentials_every_operation_answers_401(operation, world):
    issued = world.issue(*ApiScope.values)
    valid = token_for(issued)
    expired = token_for(issued)
    AccessToken.objects.filter(token_checksum=hashlib.sha256(expired.encode()).hexdigest()).update(
        expires=timezone.now() - datetime.timedelta(seconds=1))
    basic = base64.b64encode(f"{issued.client_id}:{issued.secret}".encode()).decode()
    attempts = {
        "no token": None,
        "empty bearer": "Bearer",
        "bearer with spaces": "Bearer     ",
        "two words": f"Bearer {valid} extra",
        "unknown token": "Bearer " + "x" * len(valid),
        "a token one character longer": f"Bearer {valid}x",
        "expired token": f"Bearer {expired}",
        "the client's id and secret instead of a token": f"Basic {basic}",
        "another scheme": f"Token {valid}",
    }
    url = url_of(operation)
    for why, authorization in attempts.items():
        response = call(operation, url, world, authorization)
        assert_denied_quietly(response, 401, operation, url, world, why)
        assert response["WWW-Authenticate"].startswith("Bearer"), why
    # No body is read before the caller is known: a form body or broken JSON without a token is a 401 too.
    for why, body, content_type in (("a form body", {"bsn": world.case.registration.person.bsn}, MULTIPART_CONTENT),
                                    ("broken JSON", '{"bsn": ', "application/json")):
        response = Client().generic(operation.method, url, **_encoded(body, content_type))
        assert_denied_quietly(response, 401, operation, url, world, why)
    assert call(operation, url, world, f"Bearer {valid}").status_code not in (401, 403)  # the valid token works


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_a_revoked_client_and_a_rotated_secret_lose_their_earlier_tokens_at_once(operation, world):
    url = url_of(operation)
    revoked = world.issue(*ApiScope.values)
    earlier = token_for(revoked)
    assert call(operation, url, world, f"Bearer {earlier}").status_code not in (401, 403)
    client_revoke(actor=world.admin, client=revoked.client)
    assert_denied_quietly(call(operation, url, world, f"Bearer {earlier}"), 401, operation, url, world, "revoked")

    rotated = world.issue(*ApiScope.values)
    earlier = token_for(rotated)
    client_rotate(actor=world.admin, client=rotated.client)
    assert_denied_quietly(call(operation, url, world, f"Bearer {earlier}"), 401, operation, url, world, "rotated")


@pytest.mark.parametrize("narrowed_token", [False, True], ids=["client-holds-one-scope", "token-carries-one-scope"])
@pytest.mark.parametrize("scope", ApiScope.values)
def test_a_client_reaches_the_operations_of_its_scope_and_no_other(scope, narrowed_token, world):
    if narrowed_token:
        token = token_for(world.issue(*ApiScope.values), scope=scope)
    else:
        token = token_for(world.issue(scope))
    for operation in OPERATIONS:
        url = url_of(operation)
        response = call(operation, url, world, f"Bearer {token}")
        if operation.scopes == [scope]:
            assert response.status_code not in (401, 403), f"{scope}: {operation.label} {response.status_code}"
        else:
            assert_denied_quietly(response, 403, operation, url, world, f"only {scope}")


@pytest.mark.parametrize("operation", [operation for operation in OPERATIONS
                                       if set(operation.path_parameters) & set(OBJECT_PARAMETERS)],
                         ids=lambda operation: operation.label)
def test_an_object_of_another_organisation_is_not_found(operation, world):
    token = token_for(world.issue(*ApiScope.values))
    for name in set(operation.path_parameters) & set(OBJECT_PARAMETERS):
        own, foreign = OBJECT_PARAMETERS[name]
        assert call(operation, url_of(operation, **{name: own}), world, f"Bearer {token}").status_code == 200
        for value in (foreign, "A-BESTAATNIET"):
            url = url_of(operation, **{name: value})
            response = call(operation, url, world, f"Bearer {token}")
            assert_denied_quietly(response, 404, operation, url, world, f"{name}={value}")


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
def test_above_the_rate_limit_every_operation_answers_429(operation, world):
    issued = world.issue(*ApiScope.values, rate_per_minute=1)
    token = token_for(issued)
    minute = timezone.now().replace(second=0, microsecond=0)
    for start in (minute, minute + datetime.timedelta(minutes=1)):  # the limit is used up, also if the minute turns
        ApiUsage.objects.create(client=issued.client, minute=start, calls=1)
    url = url_of(operation)
    response = call(operation, url, world, f"Bearer {token}")
    assert_denied_quietly(response, 429, operation, url, world, "rate limit")
    assert 0 < int(response["Retry-After"]) <= 60
