"""POST /api/v1/registrations/: a partner system registers a person or a system through the form's service.

Valid messages are registered on behalf of the client's organisation, exactly as from the form; bad input is a 400
problem with an error per field and writes nothing; the API never tells that a person is already known.
"""

import json

import pytest

from procesregie.accounts.models import ApiScope
from procesregie.api.registrations.serializers import REQUEST_MAX, SITUATION_MAX, compose_reason
from procesregie.audit.models import AccessLogEntry
from procesregie.casework.models import Registration
from procesregie.casework.services.registrations import REASON_MAX_LENGTH
from procesregie.subjects.models import Person

from .. import factories as f
from .registrations_world import LIST, PERSON, REMOVE, SYSTEM, build, message, rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(issue_client):
    return build(issue_client)


def test_a_partner_system_registers_a_person_and_gets_its_reference(world):
    response = world.http().post(LIST, PERSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"referentie", "status", "aangemeld_op", "url"}
    assert body["status"] == "ontvangen"
    assert response["Location"] == body["url"] == f"http://testserver/api/v1/registrations/{body['referentie']}/"
    registration = Registration.objects.select_related("person", "approach", "municipality").get(ref=body["referentie"])
    assert body["aangemeld_op"] == registration.registered_on.isoformat()
    assert registration.reported_by == world.police and registration.created_by == world.police_client.client.user
    assert (registration.approach.code, registration.municipality.code) == ("top-x", "GM0344")
    assert registration.person.bsn == "999990019" and registration.reported_name == "Sam Geheimzinnig"
    assert registration.reason == compose_reason(PERSON["zorgelijke_situatie"], PERSON["verzoek"])
    assert registration.reason.startswith("Zorgelijke situatie:\n") and "\n\nVerzoek:\n" in registration.reason
    assert (registration.urgency, registration.contact_name, registration.contact_phone) == (
        "normal", "Wijkagent De Vries", "030 123 45 67")


def test_a_partner_system_registers_a_system_with_its_members(world):
    response = world.http().post(LIST, SYSTEM)
    assert response.status_code == 201, response.content
    registration = Registration.objects.get(ref=response.json()["referentie"])
    assert registration.system.name == "Systeem Verborgen" and registration.urgency == "urgent"
    members = {(m.person.given_name, m.role) for m in registration.system.memberships.select_related("person")}
    assert members == {("Kim", "ouder"), ("Noor", "kind")}
    assert registration.reported_members == [{"name": "Kim Verborgen", "role": "ouder"},
                                             {"name": "Noor Verborgen", "role": "kind"}]
    assert registration.contact_email == "vt@example.org"


def test_the_registration_is_logged_as_created_by_the_client_and_its_organisation(world):
    response = world.http().post(LIST, PERSON)
    person = Registration.objects.get(ref=response.json()["referentie"]).person
    entries = AccessLogEntry.objects.filter(subject_key=person.subject_key, action="create")
    assert entries.exists()
    assert {(e.actor_username, e.actor_organisation) for e in entries} == {
        (world.police_client.client.user.username, "politie")}


def test_a_person_already_known_is_attached_and_the_answer_does_not_tell(world):
    """The same BSN registered before by the client's own organisation (whose persons it could see: it has
    registrations:read): attached silently, and the answer is exactly the one for a new person."""
    first = world.http().post(LIST, PERSON).json()
    before = rows()
    second = world.http().post(LIST, message(persoon__voornaam="Anders"))
    assert second.status_code == 201
    assert set(second.json()) == set(first) and second.json()["status"] == "ontvangen"
    assert "bekend" not in second.content.decode()
    assert rows() == {**before, "Registration": before["Registration"] + 1}  # no second person
    assert Registration.objects.get(ref=second.json()["referentie"]).person.bsn == "999990019"


def test_a_person_known_elsewhere_is_attached_silently_too(world):
    known = f.PersonFactory(bsn="999990019", family_name="Bestaand")
    response = world.http().post(LIST, PERSON)
    assert response.status_code == 201 and "Bestaand" not in response.content.decode()
    registration = Registration.objects.get(ref=response.json()["referentie"])
    assert registration.person == known and registration.reported_name == "Sam Geheimzinnig"


def field_errors(response) -> dict:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400 and body["type"].endswith("ongeldig-verzoek")
    return body.get("errors", {})


BAD_MESSAGES = {
    "unknown approach": (message(aanpak="bestaat-niet"), "aanpak"),
    "approach for systems with a person": (message(aanpak="gezin"), "aanpak"),
    "approach for persons with a system": (message(SYSTEM, aanpak="top-x"), "aanpak"),
    "unknown municipality": (message(gemeente="GM9999"), "gemeente"),
    "another kind of message": (message(soort="VT"), "soort"),
    "no kind": (message(soort=REMOVE), "soort"),
    "BSN fails the 11-proef": (message(persoon__bsn="123456789"), "persoon.bsn"),
    "BSN in other digits": (message(persoon__bsn="٩٩٩٩٩٠٠١٩"), "persoon.bsn"),
    "birth date in the future": (message(persoon__geboortedatum="2999-01-01"), "persoon.geboortedatum"),
    "birth date out of range": (message(persoon__geboortedatum="10000-01-01"), "persoon.geboortedatum"),
    "no family name": (message(persoon__achternaam=""), "persoon.achternaam"),
    "a family name of markup only": (message(persoon__achternaam="<b></b>"), "persoon.achternaam"),
    "a name too long": (message(persoon__achternaam="x" * 201), "persoon.achternaam"),
    "no concern": (message(zorgelijke_situatie="   "), "zorgelijke_situatie"),
    "a concern of markup only": (message(zorgelijke_situatie="<script>alert(1)</script>"), "zorgelijke_situatie"),
    "a request too long": (message(verzoek="x" * (REQUEST_MAX + 1)), "verzoek"),
    "a null byte": (message(verzoek="graag\x00hulp"), "verzoek"),
    "no urgency": (message(urgentie=REMOVE), "urgentie"),
    "unknown urgency": (message(urgentie="morgen"), "urgentie"),
    "neither person nor system": (message(persoon=REMOVE), "non_field_errors"),
    "both person and system": (message(systeem=SYSTEM["systeem"]), "non_field_errors"),
    "a null person": (message(persoon=None), "persoon"),
    "no contact name": (message(contact__naam=""), "contact.naam"),
    "no phone nor e-mail": (message(contact={"naam": "Agent"}), "contact.telefoon"),
    "a bad phone number": (message(contact__telefoon="bel maar"), "contact.telefoon"),
    "a bad e-mail address": (message(contact__email="geen-adres"), "contact.email"),
    "no members": (message(SYSTEM, systeem__leden=[]), "systeem.leden"),
    "too many members": (message(SYSTEM, systeem__leden=[
        {"achternaam": f"Lid{i}", "bsn": None} for i in range(7)]), "systeem.leden"),
    "a member typed twice": (message(SYSTEM, systeem__leden=[
        {"achternaam": "Een", "bsn": "999990019"}, {"achternaam": "Twee", "bsn": "99999 0019"}]),
        "systeem.leden.1.bsn"),
    "a member with the same name and birth date": (message(SYSTEM, systeem__leden=[
        {"voornaam": "Kim", "achternaam": "Verborgen", "geboortedatum": "1985-02-03"},
        {"voornaam": "kim", "achternaam": " verborgen", "geboortedatum": "1985-02-03"}]), "systeem.leden.1.achternaam"),
    "a member's bad BSN": (message(SYSTEM, systeem__leden__1__bsn="111111111"), "systeem.leden.1.bsn"),
    # JSON may carry lone surrogates ("\ud800"): refused, and never repeated in an answer that UTF-8 cannot carry
    "a lone surrogate for a choice": (message(soort="\ud800"), "soort"),
    "a lone surrogate in the urgency": (message(urgentie="spoed\udfff"), "urgentie"),
    "a lone surrogate in a name": (message(persoon__achternaam="Jan\ud800sen"), "persoon.achternaam"),
    "a lone surrogate in an e-mail address": (message(contact__email="a\ud800@example.org"), "contact.email"),
    "a lone surrogate in a phone number": (message(contact__telefoon="06\ud800"), "contact.telefoon"),
    "a string for an object": (message(persoon="Sam"), "persoon"),
    "a number for a text": (message(persoon__achternaam=True), "persoon.achternaam"),
}


@pytest.mark.parametrize("case", BAD_MESSAGES.values(), ids=BAD_MESSAGES.keys())
def test_bad_input_gets_an_error_at_its_field_and_writes_nothing(world, case):
    body, field = case
    caller = world.http()
    before, logged = rows(), AccessLogEntry.objects.count()
    errors = field_errors(caller.post(LIST, body))
    assert field in errors and all(errors[field]), errors
    assert rows() == before and AccessLogEntry.objects.count() == logged


@pytest.mark.parametrize("raw, content_type, status", [
    ("{niet: json", "application/json", 400),
    ("[]", "application/json", 400),
    ('"tekst"', "application/json", 400),
    ("soort=ZVH", "application/x-www-form-urlencoded", 415),
])
def test_a_body_that_is_no_message_is_refused_and_writes_nothing(world, raw, content_type, status):
    before = rows()
    response = world.http().post(LIST, raw, content_type=content_type)
    assert response.status_code == status and response["Content-Type"] == "application/problem+json"
    assert rows() == before


def test_the_longest_message_fits_in_the_reason_and_is_stored_whole(world):
    situation, request = "s" * SITUATION_MAX, "v" * REQUEST_MAX
    assert len(compose_reason(situation, request)) <= REASON_MAX_LENGTH
    response = world.http().post(LIST, message(zorgelijke_situatie=situation, verzoek=request))
    assert response.status_code == 201
    assert Registration.objects.get(ref=response.json()["referentie"]).reason == compose_reason(situation, request)


def test_markup_in_the_texts_is_stored_as_plain_text(world):
    response = world.http().post(LIST, message(zorgelijke_situatie="<b>Zorgen</b> <script>x()</script>thuis",
                                               persoon__voornaam="<i>Sam</i>"))
    registration = Registration.objects.select_related("person").get(ref=response.json()["referentie"])
    assert "<" not in registration.reason and "Zorgen thuis" in registration.reason
    assert registration.person.given_name == "Sam"


def test_odd_unicode_is_kept_as_typed(world):
    response = world.http().post(LIST, message(persoon__achternaam="Øzdemir-ʻĀina 𝔘", persoon__bsn=""))
    assert response.status_code == 201
    assert Person.objects.filter(family_name="Øzdemir-ʻĀina 𝔘", bsn__isnull=True).exists()


def test_without_the_write_scope_registering_is_forbidden_and_writes_nothing(world, issue_client):
    reader = issue_client(world.police, ApiScope.REGISTRATIONS_READ, ApiScope.HITNOHIT)
    before = rows()
    response = world.http(reader).post(LIST, PERSON)
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    assert rows() == before


def test_a_token_without_the_write_scope_cannot_register_even_if_the_client_may(world):
    from .conftest import bearer, token_for

    token = token_for(world.police_client, scope="registrations:read")
    response = world.http().client.post(LIST, json.dumps(PERSON), content_type="application/json", **bearer(token))
    assert response.status_code == 403


def test_without_a_token_registering_is_unauthenticated(world):
    from django.test import Client

    before = rows()
    response = Client().post(LIST, PERSON, content_type="application/json")
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert rows() == before
