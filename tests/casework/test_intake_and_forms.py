"""Triage and forms that help: waiting days in the intake queue, what else is known of the subject at triage, the
reporting organisation pre-selected in a searchable picker, and a registration form with marked required fields,
urgency, a contact person and (for a household) its members on the confirmation page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.accounts.models import RoleAssignment
from procesregie.accounts.roles import Role
from procesregie.casework import services
from procesregie.casework.models import Participation, Registration
from procesregie.core.errors import DomainError
from tests.factories import ApproachFactory, CaseFactory, MunicipalityFactory, RegistrationFactory
from tests.personas import build_world

from .helpers import assert_every_input_has_a_label, assert_no_inline_script_or_style, logged_in, snapshot

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
INTAKE_URL = reverse("casework:intake")
PERSON_URL = reverse("casework:registration-create-person")
SYSTEM_URL = reverse("casework:registration-create-system")


@pytest.fixture
def world():
    return build_world()


def triage_url(registration):
    return reverse("casework:triage", args=[registration.pk])


def days_ago(days):
    return TODAY() - datetime.timedelta(days=days)


# --- the intake queue ----------------------------------------------------------------------------------------


def test_the_intake_queue_shows_waiting_days_and_sorts_on_them(world):
    approach = world.pending.approach
    Registration.objects.filter(pk=world.pending.pk).update(registered_on=days_ago(3))
    old = RegistrationFactory(approach=approach, registered_on=days_ago(41), urgency="urgent",
                              person__family_name="Langwachtend")
    middle = RegistrationFactory(approach=approach, registered_on=days_ago(12), person__family_name="Middel")
    client = logged_in(world.users["regisseur"])

    html = client.get(INTAKE_URL).content.decode()
    assert re.findall(r'data-testid="waiting-days">(\d+)<', html) == ["41", "12", "3"]
    assert html.index(old.ref) < html.index(middle.ref) < html.index(world.pending.ref)
    row = re.search(rf"{old.ref}.*?</tr>", html, re.S).group(0)
    assert "spoed" in row and "utrecht-status-badge--danger" in row
    assert 'aria-sort="descending"' in html

    shortest = client.get(INTAKE_URL, {"sort": "kortst"}).content.decode()
    assert re.findall(r'data-testid="waiting-days">(\d+)<', shortest) == ["3", "12", "41"]
    assert 'aria-sort="ascending"' in shortest
    assert_no_inline_script_or_style(html)
    assert_every_input_has_a_label(html)


# --- the triage form ----------------------------------------------------------------------------------------------


def test_triage_shows_the_subjects_open_registrations_and_cases_the_regisseur_may_see(world):
    person = world.pending.person
    approach_a = world.pending.approach
    other_pending = RegistrationFactory(approach=approach_a, person=person)
    open_case = CaseFactory(registration__approach=approach_a, registration__person=person, table=world.case.table)
    # at a table of approach A the regisseur does not work at; reported by their own organisation, for which they
    # also act as a partner: the registration is theirs to see, the case is not
    RoleAssignment.objects.create(user=world.users["regisseur"], role=Role.KETENPARTNER)
    hidden_case = CaseFactory(registration__approach=approach_a, registration__person=person,
                              registration__reported_by=world.users["regisseur"].organisation,
                              table=world.neighbour_case.table)
    closed_case = CaseFactory(registration__approach=approach_a, registration__person=person, table=world.case.table,
                              closed=True)

    html = logged_in(world.users["regisseur"]).get(triage_url(world.pending)).content.decode()

    registrations = re.search(r'data-testid="open-registrations">.*?</dd>', html, re.S).group(0)
    assert other_pending.ref in registrations and world.pending.ref not in registrations
    cases = re.search(r'data-testid="open-cases">.*?</dd>', html, re.S).group(0)
    assert open_case.registration.ref in cases and reverse("casework:case-detail", args=[open_case.pk]) in cases
    assert "geen procesregisseur" in cases
    assert hidden_case.registration.ref not in cases  # the case is not theirs to see
    assert closed_case.registration.ref not in cases  # closed: among the earlier ones, not the open ones
    assert "4 andere aanmeldingen in het huis" in html  # the count includes what they may not open


def test_triage_preselects_the_reporting_organisation_in_a_searchable_picker(world):
    client = logged_in(world.users["regisseur"])
    html = client.get(triage_url(world.pending)).content.decode()
    picker = re.search(r"<fieldset[^>]*data-organisation-picker.*?</fieldset>", html, re.S).group(0)
    municipality = world.pending.reported_by
    assert re.search(rf'<input type="checkbox" name="participants" value="{municipality.pk}"[^>]*checked', picker)
    assert len(re.findall(r'name="participants"[^>]*checked', picker)) == 1
    # the search box is there for the script to show; without it, the checkboxes work as they are
    assert re.search(r'data-picker-search hidden', picker) and 'type="search"' in picker
    assert 'src="/static/casework/organisation-picker.js"' in html
    assert_no_inline_script_or_style(html)
    assert_every_input_has_a_label(html)

    # a posted form keeps what was chosen (the reporting organisation may be unticked)
    response = client.post(triage_url(world.pending), {"decision": "accept", "participants": []})
    assert not re.search(rf'value="{municipality.pk}"[^>]*checked', response.content.decode())


def test_accepting_with_the_preselection_lets_the_reporting_organisation_take_part(world):
    client = logged_in(world.users["regisseur"])
    response = client.post(triage_url(world.pending), {
        "criterion_multi_problem": "on", "decision": "accept", "decided_on": TODAY().isoformat(),
        "table": world.case.table.pk, "procesregisseur": world.users["regisseur"].pk,
        "participants": [world.pending.reported_by_id],
    })
    assert response.status_code == 302
    case = Registration.objects.get(pk=world.pending.pk).case
    assert set(Participation.objects.filter(case=case).values_list("organisation", flat=True)) == {
        world.pending.reported_by_id}


# --- the registration form ---------------------------------------------------------------------------------------


def person_data(world, **overrides):
    data = {"given_name": "Jan", "family_name": "Nieuwkomer", "birth_date": "1990-01-02", "bsn": "",
            "person_municipality": "", "approach": world.case.registration.approach.pk,
            "municipality": MunicipalityFactory().pk, "reason": "Veel incidenten.", "urgency": "urgent",
            "contact_name": "Wijkagent Jansen", "contact_phone": "06 1234 5678", "contact_email": "jansen@example.org"}
    return {**data, **overrides}


def test_the_registration_form_marks_required_fields_without_error_styling_before_input(world):
    html = logged_in(world.users["participant"]).get(PERSON_URL).content.decode()
    for label in ("Achternaam", "Aanpak", "Gemeente", "Reden van aanmelding", "Naam contactpersoon"):
        assert re.search(rf">{label} <span class=\"procesregie-required\">\(verplicht\)</span></label>", html), label
    assert not re.search(r">(Voornaam|Telefoon contactpersoon) <span class=\"procesregie-required\"", html)
    # browsers style an empty `required` field as invalid before anything was typed: none here, nor error classes
    assert not re.search(r"<(input|select|textarea)[^>]*\srequired[\s>]", html)
    assert 'aria-required="true"' in html and "invalid" not in html
    assert re.search(r'<input type="radio" name="urgency" value="normal"[^>]*checked', html)
    assert 'value="Wijkagent' not in html  # the user has no name in the fixture; the e-mail is prefilled when known
    assert_no_inline_script_or_style(html)
    assert_every_input_has_a_label(html)


def test_a_registration_keeps_its_urgency_and_contact_person(world):
    client = logged_in(world.users["participant"])
    response = client.post(PERSON_URL, person_data(world))
    registration = Registration.objects.get(created_by=world.users["participant"])
    assert response.status_code == 302
    assert (registration.urgency, registration.contact_name, registration.contact_phone,
            registration.contact_email) == ("urgent", "Wijkagent Jansen", "06 1234 5678", "jansen@example.org")
    detail = client.get(response["Location"]).content.decode()
    assert "spoed" in re.search(r'data-testid="urgency">.*?</dd>', detail, re.S).group(0)
    contact = re.search(r'data-testid="contact-person">.*?</dd>', detail, re.S).group(0)
    assert "Wijkagent Jansen" in contact and 'href="tel:0612345678"' in contact and "jansen@example.org" in contact
    triage = logged_in(world.users["regisseur"]).get(triage_url(registration)).content.decode()
    assert "Wijkagent Jansen" in triage and "spoed" in triage


@pytest.mark.parametrize("overrides, message", [
    ({"contact_name": ""}, "Vul de naam van de contactpersoon in."),
    ({"contact_phone": "", "contact_email": ""}, "Vul een telefoonnummer of e-mailadres van de contactpersoon in."),
    ({"contact_email": "geen-adres"}, "Vul een geldig e-mailadres in."),
    ({"contact_phone": "bel maar"}, "Vul een geldig telefoonnummer in."),
    ({"urgency": "morgen"}, "Kies normaal of spoed."),
])
def test_a_bad_contact_or_urgency_changes_nothing(world, overrides, message):
    before = snapshot()
    response = logged_in(world.users["participant"]).post(PERSON_URL, person_data(world, **overrides))
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert snapshot() == before


def test_the_service_refuses_a_bad_contact_person_too(world):
    before = snapshot()
    details = services.PersonDetails(given_name="X", family_name="Y")
    for contact in (services.ContactPerson(name="A"), services.ContactPerson(name="A", email="nee"),
                    services.ContactPerson(phone="0612345678")):
        with pytest.raises(DomainError):
            services.registration_submit(actor=world.users["participant"], approach=world.case.registration.approach,
                                         municipality=MunicipalityFactory(), reason="Zorgen", person=details,
                                         contact=contact)
    assert snapshot() == before


def test_the_confirmation_of_a_household_lists_its_members_as_registered(world):
    approach = ApproachFactory(system=True)
    known = world.case.registration.person  # the municipality may not see this person: it is attached silently
    data = {
        "name": "Huishouden Synthetisch", "system_municipality": "", "approach": approach.pk,
        "municipality": MunicipalityFactory().pk, "reason": "Zorgen om de kinderen.", "urgency": "normal",
        "contact_name": "Consulent", "contact_phone": "", "contact_email": "consulent@example.org",
        "lid-TOTAL_FORMS": "6", "lid-INITIAL_FORMS": "0", "lid-MIN_NUM_FORMS": "1", "lid-MAX_NUM_FORMS": "6",
        "lid-0-given_name": "Moeder", "lid-0-family_name": "Synthetisch", "lid-0-role": "moeder",
        "lid-1-given_name": "Kind", "lid-1-family_name": "Synthetisch", "lid-1-role": "kind",
        "lid-2-given_name": "Getypt", "lid-2-family_name": "Anders", "lid-2-bsn": known.bsn, "lid-2-role": "vader",
    }
    client = logged_in(world.users["other_org"])
    response = client.post(SYSTEM_URL, data)
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    members = re.search(r'data-testid="reported-members">.*?</table>', html, re.S).group(0)
    rows = re.findall(r"<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)</td>", members)
    assert rows == [("Moeder Synthetisch", "moeder"), ("Kind Synthetisch", "kind"), ("Getypt Anders", "vader")]
    assert known.family_name not in html  # as they typed it, never the stored name of the known person
    assert_no_inline_script_or_style(html)
