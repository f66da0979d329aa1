"""access.caseload and access.reminders, asked directly: "mine" and "reminded of" never reach beyond what a persona
may see, and mean what they say for each role."""

import pytest
from django.utils import timezone

from procesregie.access import caseload, reminders, rules
from procesregie.casework.models import Case
from procesregie.meetings.models import AgendaItem, Meeting
from procesregie.plans.models import CaseIntervention
from procesregie.reference.models import Table
from tests.factories import CaseFactory, InterventionFactory, UserFactory

from ..personas import build_world

pytestmark = pytest.mark.django_db

PERSONAS = ["regisseur", "regisseur_elsewhere", "participant", "removed", "other_org", "colleague", "manager",
            "privacy_officer", "functional_admin", "anonymous"]


@pytest.fixture
def world():
    world = build_world()
    me = world.users["regisseur"]
    Case.objects.filter(pk=world.case.pk).update(procesregisseur=me)
    world.colleagues = CaseFactory(table=world.case.table, registration__approach=world.case.registration.approach,
                                   procesregisseur=UserFactory())
    # Directed by me on paper, but at a table where I do not work (e.g. after a transfer of tables): not visible.
    world.elsewhere_mine = CaseFactory(table=Table.objects.get(code="tafel-b"), procesregisseur=me,
                                       registration__approach=world.other_case.registration.approach)
    for case in (world.case, world.colleagues, world.elsewhere_mine, world.other_case):
        CaseIntervention.objects.create(case=case, intervention=InterventionFactory(),
                                        organisation=world.users["participant"].organisation,
                                        agreed_on=case.start_date, responsible_person=world.users["other_org"])
    meeting = Meeting.objects.create(ref="OV-B2", table=Table.objects.get(code="tafel-b2"), date=timezone.localdate())
    AgendaItem.objects.create(meeting=meeting, case=world.elsewhere_mine, position=1)
    return world


@pytest.mark.parametrize("persona", PERSONAS)
def test_everything_mine_or_reminded_is_visible(world, persona):
    user = world.users[persona]
    visible = set(rules.cases_visible_to(user))
    assert set(caseload.caseload_of(user)) <= visible
    assert {item.case for item in reminders.interventions_reminded_to(user)} <= visible
    assert set(reminders.cases_reminded_of_measurements(user)) <= visible
    assert set(reminders.meetings_reminded_to(user)) <= set(rules.meetings_visible_to(user))
    assert set(reminders.registrations_reminded_to(user)) <= set(rules.registrations_visible_to(user))


def test_a_regisseurs_caseload_is_what_they_direct_and_see(world):
    assert set(caseload.caseload_of(world.users["regisseur"])) == {world.case}
    assert set(caseload.caseload_of(world.users["regisseur_elsewhere"])) == set()


def test_a_partners_caseload_is_where_its_organisation_takes_part(world):
    assert set(caseload.caseload_of(world.users["participant"])) == {world.case}
    assert set(caseload.caseload_of(world.users["other_org"])) == {world.other_case}
    assert set(caseload.caseload_of(world.users["removed"])) == set()


def test_who_is_reminded_of_which_intervention(world):
    def cases(persona):
        return {item.case for item in reminders.interventions_reminded_to(world.users[persona])}

    assert cases("regisseur") == {world.case}  # of the cases I direct (not my colleague's at my table)
    assert cases("participant") == {world.case}  # carried by the police, in the case the police sees
    assert cases("other_org") == {world.other_case}  # named to them, where they see the case
    assert cases("manager") == set() and cases("removed") == set()


@pytest.mark.parametrize("persona, expected", [("regisseur", True), ("participant", True), ("other_org", True),
                                               ("removed", True), ("manager", False), ("colleague", False),
                                               ("privacy_officer", False), ("anonymous", False)])
def test_who_receives_reminders(world, persona, expected):
    assert reminders.receives_reminders(world.users[persona]) is expected


def test_the_mail_goes_to_active_accounts_with_an_address_and_a_case_role(world):
    for persona in ("regisseur", "participant", "manager"):
        world.users[persona].email = f"{persona}@example.org"
        world.users[persona].save()
    world.users["other_org"].email = ""
    world.users["other_org"].save()
    world.users["participant"].is_active = False
    world.users["participant"].save()
    assert set(reminders.users_to_mail()) >= {world.users["regisseur"]}
    assert not set(reminders.users_to_mail()) & {world.users[p] for p in ("participant", "manager", "other_org")}
