"""The access rule, asked directly: who sees which case, registration and person."""

import pytest
from django.apps import apps
from django.utils import timezone

from procesregie.access import rules
from procesregie.access.cases import changes_shown_case
from procesregie.accounts.models import RoleAssignment
from procesregie.accounts.roles import Role
from procesregie.casework.models import Participation
from procesregie.meetings.models import Meeting
from procesregie.plans.models import CaseIntervention
from procesregie.reference.models import Table
from tests.factories import InterventionFactory, RegistrationFactory, SystemFactory

from ..personas import build_world, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def visible_cases(user):
    return set(rules.cases_visible_to(user))


SEES_CASE = {"regisseur", "participant"}


@pytest.mark.parametrize("persona", ["regisseur", "regisseur_elsewhere", "participant", "removed", "other_org",
                                     "colleague", "manager", "privacy_officer", "functional_admin", "anonymous"])
def test_who_sees_the_case(world, persona):
    user = world.users[persona]
    assert (world.case in visible_cases(user)) is (persona in SEES_CASE)
    assert rules.can(user, rules.VIEW, world.case) is (persona in SEES_CASE)
    person = world.case.registration.person
    assert (person in set(rules.persons_visible_to(user))) is (persona in SEES_CASE)


def test_participation_counts_from_adding_and_stops_at_removal(world):
    partner = world.users["other_org"]
    assert world.case not in visible_cases(partner)
    participation = Participation.objects.create(case=world.case, organisation=partner.organisation)
    assert world.case in visible_cases(partner)
    participation.removed_at = timezone.now()
    participation.save()
    assert world.case not in visible_cases(partner)
    assert world.other_case in visible_cases(partner)  # its own case stays visible


def test_a_case_without_table_belongs_to_the_tables_of_its_approach(world):
    world.case.table = None
    world.case.save()
    assert world.case in visible_cases(world.users["regisseur"])
    assert world.case not in visible_cases(world.users["regisseur_elsewhere"])


def test_inactive_user_sees_nothing(world):
    regisseur = world.users["regisseur"]
    regisseur.is_active = False
    assert visible_cases(regisseur) == set()


def test_registrations_awaiting_triage(world):
    assert world.pending in set(rules.registrations_visible_to(world.users["regisseur"]))
    assert rules.can(world.users["regisseur"], rules.TRIAGE, world.pending)
    assert world.pending not in set(rules.registrations_visible_to(world.users["regisseur_elsewhere"]))
    assert not rules.can(world.users["regisseur_elsewhere"], rules.TRIAGE, world.pending)
    # The registering partner sees its own registration (for the advice back), not other ones.
    assert world.pending in set(rules.registrations_visible_to(world.users["other_org"]))
    assert world.pending not in set(rules.registrations_visible_to(world.users["participant"]))
    assert not rules.can(world.users["other_org"], rules.TRIAGE, world.pending)


def test_only_the_regisseur_may_change_a_case(world):
    assert rules.can(world.users["regisseur"], rules.CHANGE, world.case)
    for persona in ("participant", "regisseur_elsewhere", "manager", "anonymous"):
        assert not rules.can(world.users[persona], rules.CHANGE, world.case), persona


def test_changing_a_shown_case_is_decided_as_the_rule_decides_and_without_a_query(world, django_assert_num_queries):
    """`changes_shown_case` (the case page's question) answers what `can(CHANGE)` answers for every case a persona
    sees, also for someone who is both procesregisseur and ketenpartner (who sees cases they may not change); only
    that one asks the database."""
    both = make_user("regisseur-en-partner", world.users["participant"].organisation, Role.PROCESREGISSEUR)
    RoleAssignment.objects.create(user=both, role=Role.KETENPARTNER)
    Table.objects.get(code="tafel-b").procesregisseurs.add(both)  # world.case (table A) only through the police
    users = {**{name: user for name, user in world.users.items() if user}, "both": both}
    answered = set()
    for name, user in users.items():
        for case in rules.cases_visible_to(user):
            expected = rules.can(user, rules.CHANGE, case)
            user.role_set()
            with django_assert_num_queries(1 if name == "both" else 0):
                assert changes_shown_case(user, case) is expected, (name, case)
            answered.add((name, expected))
    assert {("regisseur", True), ("participant", False), ("both", True), ("both", False)} <= answered


def test_unknown_actions_are_refused(world):
    assert not rules.can(world.users["regisseur"], "destroy", world.case)


def test_visible_cases_take_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    user = world.users["participant"]
    user.role_set()
    with django_assert_max_num_queries(1):
        list(rules.cases_visible_to(user))


@pytest.mark.parametrize("label, action", sorted(rules.RULES))
def test_a_check_and_its_list_agree_for_every_rule_and_persona(world, label, action):
    """`can(user, action, obj)` is True exactly for the objects `allowed(user, action, Model)` lists."""
    RegistrationFactory(for_system=True, approach=world.case.registration.approach,
                        reported_by=world.users["other_org"].organisation)
    Meeting.objects.create(ref="O-RULES", table=world.case.table, date=timezone.localdate())
    CaseIntervention.objects.create(case=world.case, intervention=InterventionFactory(),
                                    organisation=world.users["participant"].organisation,
                                    agreed_on=timezone.localdate())
    model = apps.get_model(label)
    objects = list(model.objects.all())
    assert objects, f"the world has no {label}"
    some_allowed = False
    for persona, user in world.users.items():
        listed = set(rules.allowed(user, action, model).values_list("pk", flat=True)) if user else set()
        checked = {obj.pk for obj in objects if rules.can(user, action, obj)} if user else set()
        assert checked == listed, persona
        some_allowed |= bool(listed)
    assert some_allowed, f"no persona may {action} any {label}: the rule is not exercised"


def test_an_unknown_pair_is_a_programming_error_in_a_list_and_no_in_a_check(world):
    with pytest.raises(KeyError):
        rules.allowed(world.users["regisseur"], "destroy", world.case)
    assert not rules.can(world.users["regisseur"], "destroy", world.case)


def test_the_members_of_a_visible_system_are_visible_with_it(world):
    """A household registered at approach A: its members are persons the regisseur of table A may see (and the
    registering organisation), nobody else."""
    system = SystemFactory(members=2)
    members = [membership.person for membership in system.memberships.all()]
    RegistrationFactory(person=None, system=system, approach=world.case.registration.approach,
                        reported_by=world.users["other_org"].organisation)
    for persona in ("regisseur", "other_org"):
        user = world.users[persona]
        assert set(members) <= set(rules.persons_visible_to(user)), persona
        assert all(rules.can(user, rules.VIEW, member) for member in members), persona
        assert rules.can(user, rules.VIEW, system), persona
    for persona in ("regisseur_elsewhere", "participant", "manager"):
        user = world.users[persona]
        assert not set(members) & set(rules.persons_visible_to(user)), persona
        assert not rules.can(user, rules.VIEW, system), persona
