"""An API client's service account is no staff member: no list or choice of people offers it, no export writes it
and no import names or reshapes it (access.accounts.staff_accounts)."""

import csv

import pytest
from django.core.management import call_command
from django.utils import timezone

from procesregie.accounts.models import ApiScope, Organisation, RoleAssignment, User
from procesregie.accounts.roles import Role
from procesregie.meetings.candidates import owner_persons
from procesregie.plans.forms import people_of
from procesregie.reference.models import Table
from tests.interchange.conftest import service_problems, v2_files, write_files
from tests.logins import verified_client

from .. import factories as f
from .conftest import functional_admin

pytestmark = pytest.mark.django_db


@pytest.fixture
def police_with_a_client(issue_client):
    """The police (code `politie`, as in the interchange test dataset), a person of it and a client of it."""
    police = f.OrganisationFactory(code="politie", police=True, name="Politie (synthetisch)")
    person = f.UserFactory(username="a.agent", organisation=police)
    RoleAssignment.objects.create(user=person, role=Role.KETENPARTNER)
    issued = issue_client(police, ApiScope.REGISTRATIONS_WRITE, name="Meldsysteem")
    return police, person, issued.client.user


def test_the_contact_person_of_an_intervention_or_a_decision_is_never_a_client(police_with_a_client):
    police, person, service = police_with_a_client
    organisations = Organisation.objects.filter(pk=police.pk)
    assert list(people_of(organisations)) == [person]
    assert list(owner_persons(organisations)) == [person]


def test_the_account_list_does_not_show_a_client(police_with_a_client):
    _police, person, service = police_with_a_client
    page = verified_client(functional_admin()).get("/beheer/accounts/").content.decode()
    assert person.username in page and service.username not in page


def test_the_staff_export_leaves_a_client_out(police_with_a_client, tmp_path):
    _police, person, service = police_with_a_client
    call_command("export", str(tmp_path), verbosity=0)
    with (tmp_path / "staff.csv").open(encoding="utf-8") as handle:
        usernames = [row["username"] for row in csv.DictReader(handle)]
    assert person.username in usernames and service.username not in usernames


def test_an_import_that_names_a_client_in_staff_csv_is_refused(police_with_a_client, tmp_path):
    _police, _person, service = police_with_a_client
    files = v2_files(timezone.localdate())
    files["staff.csv"].append([service.username, "Nep Persoon", "politie", ""])
    before = sorted(User.objects.values_list("username", "first_name", "organisation__code", "is_active"))
    problems = service_problems(write_files(tmp_path / "staff", files))
    assert [line for line in problems if "staff.csv:7: username" in line and "account van een koppeling" in line]
    assert sorted(User.objects.values_list("username", "first_name", "organisation__code", "is_active")) == before


def test_an_import_cannot_seat_a_client_at_a_table(police_with_a_client, tmp_path):
    _police, _person, service = police_with_a_client
    files = v2_files(timezone.localdate())
    files["table_members.csv"].append(["tafel-west", "politie", service.username])
    problems = service_problems(write_files(tmp_path / "members", files))
    assert [line for line in problems if line.startswith("table_members.csv:8: username")]
    assert not Table.named_members.through.objects.filter(user=service).exists()
