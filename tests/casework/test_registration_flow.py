"""Registering a person or a system (aanmelding): the flow as a partner sees it, and what it must never reveal."""

import pytest
from django.urls import reverse

from procesregie.accounts.roles import Role
from procesregie.casework.models import Registration, RegistrationStatus
from procesregie.subjects.models import Person, System, SystemMember
from tests.factories import ApproachFactory, MunicipalityFactory, PersonFactory, RegistrationFactory, synthetic_bsn
from tests.personas import build_world, make_user

from .helpers import (
    assert_every_input_has_a_label,
    assert_no_inline_script_or_style,
    last_sequence,
    logged_in,
    new_entries,
    snapshot,
    summary,
)

pytestmark = pytest.mark.django_db

PERSON_URL = reverse("casework:registration-create-person")
SYSTEM_URL = reverse("casework:registration-create-system")


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def municipality():
    return MunicipalityFactory(name="Gemeente Synthetisch")


CONTACT = {"urgency": "normal", "contact_name": "Wijkagent Jansen", "contact_phone": "06 1234 5678",
           "contact_email": ""}


def person_data(world, place, **overrides) -> dict:
    data = {
        "given_name": "Jan",
        "family_name": "Nieuwkomer",
        "birth_date": "1990-01-02",
        "bsn": "",
        "person_municipality": "",
        "approach": world.case.registration.approach.pk,
        "municipality": place.pk,
        "reason": "Veel incidenten en schulden.",
        **CONTACT,
    }
    return {**data, **overrides}


def test_a_partner_registers_a_person_and_sees_the_confirmation(world, municipality):
    partner = world.users["participant"]
    client = logged_in(partner)
    page = client.get(PERSON_URL).content.decode()
    assert_no_inline_script_or_style(page)
    assert_every_input_has_a_label(page)
    assert "Politie (synthetisch)" in page  # "U meldt aan namens ...": the organisation is not a choice
    bsn = synthetic_bsn()
    before = last_sequence()

    response = client.post(PERSON_URL, person_data(world, municipality, bsn=f"{bsn[:4]}.{bsn[4:]}"))

    registration = Registration.objects.get(created_by=partner)
    assert response.status_code == 302 and response["Location"] == reverse(
        "casework:registration-detail", args=[registration.pk]
    )
    person = registration.person
    assert (person.given_name, person.family_name, person.bsn) == ("Jan", "Nieuwkomer", bsn)
    assert (registration.status, registration.created_by, registration.municipality) == (
        RegistrationStatus.PENDING, partner, municipality
    )
    assert registration.reported_name == "Jan Nieuwkomer"
    assert summary(new_entries(before)) == [
        ("create", "subjects.person", person.subject_key, None, "granted"),
        ("create", "casework.registration", person.subject_key, None, "granted"),
    ]
    assert new_entries(before)[1].purpose_approach == registration.approach.code

    html = client.get(response["Location"]).content.decode()
    for text in ("Uw aanmelding is verzonden", registration.ref, "Jan Nieuwkomer", "Aanpak A", "wacht op triage",
                 "Veel incidenten en schulden."):
        assert text in html, text
    assert_no_inline_script_or_style(html)
    assert registration.ref in client.get(reverse("casework:registration-list")).content.decode()


def test_free_text_is_stored_as_plain_text(world, municipality):
    client = logged_in(world.users["participant"])
    client.post(PERSON_URL, person_data(
        world, municipality, given_name="<b>Jan</b>", reason="<script>alert(1)</script>Zorgen <i>ernstig</i> & a < b"
    ))
    registration = Registration.objects.get(created_by=world.users["participant"])
    assert registration.reason == "Zorgen ernstig & a < b"
    assert registration.person.given_name == "Jan"


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"bsn": "123456789"}, "11-proef"),
        ({"bsn": "12345"}, "9 cijfers"),
        ({"family_name": ""}, "Vul de achternaam in."),
        ({"reason": ""}, "Geef de reden van aanmelding."),
        ({"reason": "<b></b>"}, "Geef de reden van aanmelding."),
        ({"birth_date": "2999-01-01"}, "toekomst"),
        ({"birth_date": "gisteren"}, "geldige datum"),
        ({"approach": "system"}, "Kies een aanpak uit de lijst."),
        ({"municipality": ""}, "Kies de gemeente."),
    ],
)
def test_bad_input_shows_the_form_again_and_creates_nothing(world, municipality, overrides, message):
    if overrides.get("approach") == "system":
        overrides["approach"] = ApproachFactory(system=True).pk
    client = logged_in(world.users["participant"])
    before, rows = last_sequence(), snapshot()
    response = client.post(PERSON_URL, person_data(world, municipality, **overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is een probleem" in html and message in html
    assert snapshot() == rows and new_entries(before) == []


def test_a_known_bsn_tells_nothing_to_a_partner_who_may_not_see_the_person(world, municipality):
    """A partner of another organisation types the BSN of a person in a case it does not take part in: the form
    behaves exactly as for an unknown person (no oracle), the registration is attached to the known person, the
    match is logged, and the procesregisseur sees it at triage."""
    known = world.case.registration.person
    client = logged_in(world.users["other_org"])
    data = person_data(world, municipality, given_name="Ander", family_name="Mens", bsn=known.bsn,
                       birth_date="1970-07-07")
    unknown = person_data(world, municipality, given_name="Echt", family_name="Nieuw", bsn=synthetic_bsn(),
                          birth_date="1970-07-07")
    first = client.post(PERSON_URL, unknown)
    same = client.get(first["Location"]).content.decode()
    before = last_sequence()

    response = client.post(PERSON_URL, data)

    assert response.status_code == first.status_code == 302  # no question, as for an unknown person
    registration = Registration.objects.get(reported_by=world.users["other_org"].organisation, person=known)
    assert Person.objects.filter(bsn=known.bsn).count() == 1
    assert summary(new_entries(before)) == [
        ("read", "subjects.person", known.subject_key, None, "granted"),  # the match, although not shown
        ("create", "casework.registration", known.subject_key, None, "granted"),
    ]
    confirmation = client.get(response["Location"]).content.decode()
    assert "Een procesregisseur beoordeelt" in confirmation and "Een procesregisseur beoordeelt" in same
    assert "bekend" not in confirmation and "gekoppeld" not in confirmation
    secrets = [str(known), known.given_name, known.ref, world.case.registration.ref, "Politie (synthetisch)",
               "in regie"]
    if known.birth_date:
        secrets.append(known.birth_date.strftime("%Y-%m-%d"))
    assert [secret for secret in secrets if secret in confirmation] == []
    assert client.get(reverse("casework:case-detail", args=[world.case.pk])).status_code == 404
    listing = client.get(reverse("casework:registration-list")).content.decode()
    assert registration.ref in listing and "Ander Mens" in listing and str(known) not in listing

    triage = logged_in(world.users["regisseur"]).get(reverse("casework:triage", args=[registration.pk]))
    html = triage.content.decode()
    assert "Deze persoon is al bekend: 1 andere aanmelding" in html and "Ander Mens" in html
    assert world.case.registration.ref in html  # the regisseur may open the earlier one


def test_a_partner_who_may_see_the_person_is_told_it_is_known(world, municipality):
    """The police take part in the case: they are asked to confirm, and told nothing else."""
    known = world.case.registration.person
    client = logged_in(world.users["participant"])
    data = person_data(world, municipality, given_name="Ander", family_name="Mens", bsn=known.bsn)
    rows = snapshot()
    before = last_sequence()

    html = client.post(PERSON_URL, data).content.decode()

    assert "Deze persoon is al bekend" in html and world.case.registration.ref not in html
    assert snapshot() == rows  # nothing attached yet
    assert summary(new_entries(before)) == [("read", "subjects.person", known.subject_key, None, "granted")]
    assert client.post(PERSON_URL, {**data, "confirm_known": "on"}).status_code == 302
    assert Registration.objects.filter(reported_by=world.users["participant"].organisation, person=known).exists()


def test_the_same_name_and_birth_date_is_a_known_person(world, municipality):
    existing = PersonFactory(given_name="Piet", family_name="Dubbel", birth_date="1980-05-05", no_bsn=True)
    client = logged_in(world.users["participant"])
    data = person_data(world, municipality, given_name="piet", family_name="DUBBEL", birth_date="1980-05-05")
    response = client.post(PERSON_URL, data)  # a person nobody may see yet: attached without a word
    assert response.status_code == 302
    assert Registration.objects.get(person=existing).reported_by == world.users["participant"].organisation
    assert Person.objects.filter(family_name__iexact="dubbel").count() == 1
    # Now their organisation made a registration of Piet: the next one asks.
    assert "Deze persoon is al bekend" in client.post(PERSON_URL, data).content.decode()


def test_a_different_bsn_with_the_same_name_is_another_person(world, municipality):
    PersonFactory(given_name="Piet", family_name="Dubbel", birth_date="1980-05-05")
    client = logged_in(world.users["participant"])
    data = person_data(world, municipality, given_name="Piet", family_name="Dubbel", birth_date="1980-05-05",
                       bsn=synthetic_bsn())
    assert client.post(PERSON_URL, data).status_code == 302
    assert Person.objects.filter(family_name="Dubbel").count() == 2


def system_data(approach, municipality, members, **overrides) -> dict:
    data = {
        "name": "Systeem Synthetisch", "system_municipality": "", "approach": approach.pk,
        "municipality": municipality.pk, "reason": "Huiselijk geweld.", **CONTACT,
        "lid-TOTAL_FORMS": "6", "lid-INITIAL_FORMS": "0", "lid-MIN_NUM_FORMS": "1", "lid-MAX_NUM_FORMS": "6",
    }
    for index, member in enumerate(members):
        for key, value in member.items():
            data[f"lid-{index}-{key}"] = value
    return {**data, **overrides}


def test_a_system_is_registered_with_its_members(world, municipality):
    approach = ApproachFactory(system=True, name="MDA++ synthetisch")
    known = world.case.registration.person
    client = logged_in(world.users["other_org"])
    page = client.get(SYSTEM_URL).content.decode()
    assert page.count('name="lid-') >= 6 * 5 and "Lid 6" in page
    assert_every_input_has_a_label(page)
    members = [
        {"given_name": "Moeder", "family_name": "Synthetisch", "birth_date": "1985-01-01", "role": "moeder"},
        {"given_name": "Kind", "family_name": "Synthetisch", "birth_date": "2015-01-01", "role": "kind",
         "bsn": synthetic_bsn()},
        {"given_name": "Vader", "family_name": "Anders", "bsn": known.bsn, "role": "vader"},
    ]
    data = system_data(approach, municipality, members)
    before = last_sequence()
    assert client.post(SYSTEM_URL, data).status_code == 302  # the known father is not theirs to see: no question

    system = System.objects.get(name="Systeem Synthetisch")
    memberships = list(SystemMember.objects.filter(system=system).select_related("person").order_by("pk"))
    assert [(m.person.given_name, m.role) for m in memberships] == [
        ("Moeder", "moeder"), ("Kind", "kind"), (known.given_name, "vader")
    ]
    registration = Registration.objects.get(system=system)
    assert (registration.approach, registration.reported_name) == (approach, "Systeem Synthetisch")
    keys = [system.subject_key, *(m.person.subject_key for m in memberships)]
    assert summary(new_entries(before)) == [
        ("read", "subjects.person", known.subject_key, None, "granted"),  # the match
        ("create", "subjects.person", memberships[0].person.subject_key, None, "granted"),
        ("create", "subjects.person", memberships[1].person.subject_key, None, "granted"),
        ("create", "subjects.system", system.subject_key, None, "granted"),
        *[("create", "casework.registration", key, None, "granted") for key in keys],
    ]


@pytest.mark.parametrize(
    "members, message",
    [
        ([], "Vul ten minste één lid van het systeem in."),
        ([{"given_name": "Zonder", "role": "kind"}], "Vul de achternaam in."),
        ([{"family_name": "A", "bsn": "999999990"}, {"family_name": "B", "bsn": "999999990"}], "Dit BSN staat al"),
    ],
)
def test_bad_members_show_the_form_again(world, municipality, members, message):
    approach = ApproachFactory(system=True)
    client = logged_in(world.users["participant"])
    rows = snapshot()
    response = client.post(SYSTEM_URL, system_data(approach, municipality, members))
    assert response.status_code == 200 and message in response.content.decode()
    assert snapshot() == rows


def test_a_procesregisseur_registers_for_the_house(world, municipality):
    client = logged_in(world.users["regisseur"])
    assert client.post(PERSON_URL, person_data(world, municipality)).status_code == 302
    assert Registration.objects.get(person__family_name="Nieuwkomer").reported_by.code == "zvh"


def test_a_user_without_organisation_cannot_register(world, municipality):
    loner = make_user("zonder-organisatie", None, Role.KETENPARTNER)
    client = logged_in(loner)
    assert client.get(PERSON_URL).status_code == 404
    assert client.post(PERSON_URL, person_data(world, municipality)).status_code == 404
    assert not Registration.objects.filter(person__family_name="Nieuwkomer").exists()


def test_the_registration_list_shows_only_the_own_organisation(world):
    own = RegistrationFactory(reported_by=world.users["participant"].organisation)
    police = logged_in(world.users["participant"]).get(reverse("casework:registration-list")).content.decode()
    municipal = logged_in(world.users["other_org"]).get(reverse("casework:registration-list")).content.decode()
    assert own.ref in police and world.pending.ref not in police
    assert world.pending.ref in municipal and own.ref not in municipal


def test_a_registration_of_another_organisation_is_not_found(world):
    response = logged_in(world.users["participant"]).get(
        reverse("casework:registration-detail", args=[world.pending.pk])
    )
    assert response.status_code == 404 and world.pending.person.family_name not in response.content.decode()
