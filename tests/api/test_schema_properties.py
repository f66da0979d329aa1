"""Property-based tests of the partner API against the running app (issue 16's acceptance): schemathesis calls every
operation of the OpenAPI document on a live server with generated data, valid and invalid (its examples, coverage
and fuzzing phases), as a client that holds every scope; no answer may be a server error or break the document.

- The server is pytest-django's `live_server` (a thread of this process, its own database connections) on the
  transactional test database, so what the test seeds is committed and the server's writes are real.
- The client is registered through the service with every scope and a rate limit that generated calls do not reach;
  its token comes from the real token endpoint. The test seeds what the operations look for (the approaches and
  municipality the document's examples name, registrations of the client's organisation and of another, the persons
  of the hit/no-hit examples, cases over three years): the examples phase requests every seeded reference and year
  (added as examples of their path parameters) and the fuzzing phase mixes them into generated values, so that the
  answers are not only 404s and 400s (locally: 201s for registrations, hits, reports of each year).
- The operations come from the document, built in this process when the module is collected
  (tests/api/openapi_document.py), so that each operation is a test of its own; the first test asserts that the live
  server publishes exactly this document at /api/v1/schema/. (schemathesis' lazy `from_fixture` loader, which would
  read it from the server, does not run under pytest 9.2: it sets `node._nodeid`, which pytest 9.2 no longer has.)
  An operation added to the API is covered without a change here.
- Checks: no server error; the status code, the content type, the headers and the body of every answer as the
  document describes them (problem answers are `application/problem+json`, api/schema.py documents them so); a method
  the document does not list answers 405 with `Allow` (or 401/403, authentication coming first), and `Allow` on
  OPTIONS lists the documented methods.
- Reproducible: a fixed seed, Hypothesis's example database off.
"""

import copy
import datetime

import hypothesis
import pytest
import requests
import schemathesis
from django.db import connection
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from procesregie.accounts.models import ApiScope
from procesregie.casework.models import CaseStatus
from procesregie.reference.services import closing_reasons_ensure

from .. import factories as f
from .conftest import token_for
from .openapi_document import api_document

pytestmark = pytest.mark.django_db(transaction=True)

SEED = 16
EXAMPLES_PER_OPERATION = 30
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance, unsupported_method, allow_header_conformance]
# Seeded objects that path parameters name (by the parameter's name): registrations of the client's organisation and of
# another one, and years with figures. Each is an example of its parameter (the examples phase requests every one),
# and the generated values of the fuzzing phase are mixed with them.
OWN_REFS = ["A-API01", "A-API02", "A-API03"]
FOREIGN_REFS = ["A-API91", "A-API92"]
YEARS = [2023, 2024, 2025]
KNOWN = {"referentie": OWN_REFS + FOREIGN_REFS, "year": YEARS}


def with_known_examples(document: dict) -> dict:
    """A copy of `document` in which each path parameter of KNOWN has the seeded values as its examples."""
    document = copy.deepcopy(document)
    for methods in document["paths"].values():
        for operation in methods.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "path" and parameter["name"] in KNOWN:
                    parameter["examples"] = {str(value): {"value": value} for value in KNOWN[parameter["name"]]}
    return document


DOCUMENT = api_document()
schema = schemathesis.openapi.from_dict(with_known_examples(DOCUMENT), config=SchemathesisConfig.from_dict({
    "seed": SEED,
    "generation": {"mode": "all", "max-examples": EXAMPLES_PER_OPERATION, "database": "none"},
}))


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Part of the time, a generated path parameter is replaced by a seeded object's."""
    choices = [st.just(path_parameters)]
    for name in path_parameters or {}:
        if name in KNOWN:
            choices.append(st.sampled_from(KNOWN[name]).map(lambda value, name=name: {**path_parameters, name: value}))
    return st.one_of(*choices)


def _seed(client_organisation) -> None:
    """What generated requests can find.

    - The approaches and the municipality the document's registration examples name (`topx` for a person, `mda`
      for a system, GM0344: the Utrecht region's reference data), so that a submitted registration can be accepted.
    - Registrations of the client's organisation, pending, declined and accepted with a case, and of another
      organisation, with fixed references (KNOWN).
    - The persons of the hit/no-hit examples: BSN 111222333 in regie, Kees Jansen (1990-04-01) registered and pending.
    - Cases that start, run and end in the years of YEARS, for the annual and the outcomes report.
    """
    closing_reasons_ensure(actor=None)  # the data migration's rows are gone after an earlier transactional test
    other = f.OrganisationFactory(code="andere-organisatie")
    person_approach = f.ApproachFactory(code="topx", name="Top X")
    f.ApproachFactory(code="mda", name="MDA++", system=True)
    municipality = f.MunicipalityFactory(code="GM0344", name="Utrecht")
    f.TableFactory(approach=person_approach)
    own = {"approach": person_approach, "municipality": municipality, "reported_by": client_organisation}
    f.RegistrationFactory(ref=OWN_REFS[0], **own)
    f.RegistrationFactory(ref=OWN_REFS[1], declined=True, **own)
    f.CaseFactory(**{f"registration__{key}": value for key, value in own.items()}, registration__ref=OWN_REFS[2],
                  registration__person__bsn="111222333")
    for ref in FOREIGN_REFS:
        f.RegistrationFactory(ref=ref, approach=person_approach, municipality=municipality, reported_by=other)
    f.RegistrationFactory(approach=person_approach, municipality=municipality, reported_by=other,
                          person__given_name="Kees", person__family_name="Jansen",
                          person__birth_date=datetime.date(1990, 4, 1))
    for year in YEARS:
        for month in (2, 5, 9):
            registered = datetime.date(year, month, 1)
            case = f.CaseFactory(registration__approach=person_approach, registration__municipality=municipality,
                                 registration__registered_on=registered, registration__triage_on=registered,
                                 start_date=registered)
            if month == 2:
                case.status, case.end_date = CaseStatus.CLOSED, registered + datetime.timedelta(days=200)
                case.end_reason = f.closing_reason("positief")
                case.save(update_fields=["status", "end_date", "end_reason"])


@pytest.fixture
def bearer_headers(live_server, issue_client) -> dict:
    """A client with every scope and limits the generated calls do not reach, its token, the seeded data."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("an in-memory SQLite test database is one connection, shared by the server's threads")
    organisation = f.OrganisationFactory(code="politie-api", police=True)
    _seed(organisation)
    issued = issue_client(organisation, *ApiScope.values, rate_per_minute=6000, hitnohit_per_day=100_000)
    return {"Authorization": f"Bearer {token_for(issued)}"}


def test_the_server_publishes_the_document_the_properties_are_generated_from(live_server):
    served = requests.get(live_server.url + "/api/v1/schema/?format=json", timeout=30)
    assert served.status_code == 200
    assert served.json() == DOCUMENT
    assert DOCUMENT["paths"], "the API documents no operation"


@schema.parametrize()
@hypothesis.settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, database=None, deadline=None,
                     suppress_health_check=list(hypothesis.HealthCheck))
def test_every_operation_answers_as_documented_and_never_with_a_server_error(case, live_server, bearer_headers):
    case.call_and_validate(base_url=live_server.url, headers=bearer_headers, checks=CHECKS)

