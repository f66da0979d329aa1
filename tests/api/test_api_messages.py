"""What a partner's developer reads when a message is wrong: a Dutch message at the field to fix, also where REST
framework's own checks refuse it (empty, null, too long, not a date, not a list, not an object), and what to send
instead where that can be said (the approach codes, persoon or systeem).
"""

import json

import pytest
from django.test import Client

from procesregie.accounts.models import ApiScope
from procesregie.reference.models import Approach

from .. import factories as f
from .conftest import bearer, token_for
from .hitnohit_helpers import ask
from .registrations_world import LIST, PERSON, REMOVE, SYSTEM, build, message

pytestmark = pytest.mark.django_db

# Words of REST framework's own English messages ("This field may not be blank.", "Ensure this field has ...",
# "Date has wrong format ...", "Expected a list of items ...", "Invalid data. Expected a dictionary ...").
ENGLISH = ("This field", "Ensure", "Date has", "Expected", "Invalid data", "Not a valid", "may not", "must")


@pytest.fixture
def world(issue_client):
    return build(issue_client)


def errors_of(response) -> dict[str, list[str]]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()["errors"]


def assert_dutch(errors: dict[str, list[str]]) -> None:
    english = [message for messages in errors.values() for message in messages
               if any(word in message for word in ENGLISH)]
    assert not english, errors


REGISTRATION_CASES = {
    "blank family name": (message(persoon__achternaam=""), "persoon.achternaam", "mag niet leeg"),
    "null family name": (message(persoon__achternaam=None), "persoon.achternaam", "null"),
    "family name too long": (message(persoon__achternaam="x" * 201), "persoon.achternaam", "ten hoogste 200 tekens"),
    "birth date not a date": (message(persoon__geboortedatum="12-04-2001"), "persoon.geboortedatum", "JJJJ-MM-DD"),
    "birth date with a time": (message(persoon__geboortedatum="2001-04-12T10:00:00"), "persoon.geboortedatum",
                               "JJJJ-MM-DD"),
    "family name not text": (message(persoon__achternaam={"a": 1}), "persoon.achternaam", "tekst"),
    "person not an object": (message(persoon=["Sam"]), "persoon", "object"),
    "members not a list": (message(SYSTEM, systeem__leden={"voornaam": "Kim"}), "systeem.leden", "lijst"),
    "no members": (message(SYSTEM, systeem__leden=[]), "systeem.leden", "ten minste één"),
    "too many members": (message(SYSTEM, systeem__leden=[{"achternaam": f"Lid{n}"} for n in range(7)]),
                         "systeem.leden", "ten hoogste 6"),
    "situation too long": (message(zorgelijke_situatie="x" * 3001), "zorgelijke_situatie", "ten hoogste 3000"),
    "e-mail address": (message(contact__email="geen-adres"), "contact.email", "e-mailadres"),
}


@pytest.mark.parametrize("body, field, words", REGISTRATION_CASES.values(), ids=REGISTRATION_CASES.keys())
def test_a_registration_refused_by_the_frameworks_own_checks_says_so_in_dutch_at_the_field(world, body, field, words):
    errors = errors_of(world.http().post(LIST, body))
    assert field in errors, errors
    assert words in " ".join(errors[field]), errors
    assert_dutch(errors)


def test_an_unknown_approach_names_the_codes_there_are(world):
    errors = errors_of(world.http().post(LIST, message(aanpak="topx")))
    assert errors == {"aanpak": ["Er is geen aanpak met deze code. De codes van dit Zorg- en Veiligheidshuis: gezin, "
                                 "top-x."]}


@pytest.mark.parametrize("body", [message(persoon=REMOVE), {**PERSON, "systeem": SYSTEM["systeem"]}],
                         ids=["neither", "both"])
def test_neither_or_both_of_person_and_system_names_the_two_fields(world, body):
    errors = errors_of(world.http().post(LIST, body))
    assert errors == {"non_field_errors": ["Geef het veld persoon of het veld systeem mee, niet allebei."]}


def test_a_message_that_is_no_object_says_so_in_dutch(world):
    errors = errors_of(world.http().post(LIST, json.dumps(["ZVH"])))
    assert errors == {"non_field_errors": ["Geef hier een object (een JSON-object met velden)."]}


def test_a_filter_date_of_the_list_is_refused_in_dutch(world):
    errors = errors_of(world.http().get(LIST, {"aangemeld_vanaf": "1-1-2025"}))
    assert list(errors) == ["aangemeld_vanaf"] and "JJJJ-MM-DD" in errors["aangemeld_vanaf"][0]
    assert_dutch(errors)


@pytest.fixture
def hitnohit_token(issue_client):
    return token_for(issue_client(f.OrganisationFactory(police=True), ApiScope.HITNOHIT, name="Politie"))


HITNOHIT_CASES = {
    "purpose too short": ({"bsn": "111222333", "doel": "nagaan"}, "doel", "ten minste 10 tekens"),
    "purpose too long": ({"bsn": "111222333", "doel": "x" * 501}, "doel", "ten hoogste 500 tekens"),
    "blank BSN": ({"bsn": ""}, "bsn", "mag niet leeg"),
    "null BSN": ({"bsn": None}, "bsn", "null"),
    "birth date not a date": ({"achternaam": "Jansen", "geboortedatum": "01-04-1990"}, "geboortedatum", "JJJJ-MM-DD"),
    "family name too long": ({"achternaam": "x" * 201, "geboortedatum": "1990-04-01"}, "achternaam",
                             "ten hoogste 200 tekens"),
}


@pytest.mark.parametrize("body, field, words", HITNOHIT_CASES.values(), ids=HITNOHIT_CASES.keys())
def test_a_hitnohit_question_refused_by_the_frameworks_own_checks_says_so_in_dutch(hitnohit_token, body, field, words):
    errors = errors_of(ask(hitnohit_token, **body))
    assert field in errors, errors
    assert words in " ".join(errors[field]), errors
    assert_dutch(errors)


def test_a_hitnohit_question_that_is_no_object_says_so_in_dutch(hitnohit_token):
    response = Client().post("/api/v1/hitnohit/", "[]", content_type="application/json", **bearer(hitnohit_token))
    assert errors_of(response) == {"non_field_errors": ["Geef hier een object (een JSON-object met velden)."]}


def test_a_page_that_does_not_exist_says_so_in_dutch(world):
    response = world.http().get(LIST, {"page": 999})
    assert response.status_code == 404
    assert response.json()["detail"] == "Deze pagina bestaat niet."


# --- the OpenAPI document, as the reference page shows it -------------------------------------------------------------


@pytest.fixture
def document(db):
    response = Client().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_each_operation_names_the_scope_it_requires_in_its_description(document):
    missing = []
    for name, operation in operations(document):
        (scope,) = operation["security"][0]["clientCredentials"]
        if f"Vereist het recht `{scope}`." not in operation["description"]:
            missing.append(name)
    assert not missing


def paginated(response) -> bool:
    """A page of a list: described by its schema (drf-spectacular gives a list its pages only without a description)."""
    return response["content"]["application/json"]["schema"].get("$ref", "").startswith("#/components/schemas/Paginated")


def test_each_answer_and_parameter_of_an_operation_is_described(document):
    undescribed = [f"{name} {status}" for name, operation in operations(document)
                   for status, response in operation["responses"].items()
                   if not response.get("description") and not paginated(response)]
    undescribed += [f"{name} ?{parameter['name']}" for name, operation in operations(document)
                    for parameter in operation.get("parameters", []) if not parameter.get("description")]
    assert not undescribed


def test_the_pages_of_a_list_are_described_in_dutch(document):
    parameters = {parameter["name"]: parameter["description"]
                  for parameter in document["paths"]["/api/v1/registrations/"]["get"]["parameters"]}
    assert parameters["page"] == "Het nummer van de pagina (vanaf 1)."
    assert parameters["page_size"] == "Het aantal per pagina: standaard 25, ten hoogste 100."


def test_the_registration_examples_use_the_approach_codes_of_the_regions_reference_data(document, reference_data):
    examples = document["paths"]["/api/v1/registrations/"]["post"]["requestBody"]["content"]["application/json"][
        "examples"]
    units = dict(Approach.objects.values_list("code", "unit"))
    assert units[examples["Persoon"]["value"]["aanpak"]] == "person"
    assert units[examples["Systeem"]["value"]["aanpak"]] == "system"
