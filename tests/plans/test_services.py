"""The plan's services: who may change what, the version that refuses stale forms, and the log of each write."""

import datetime

import pytest
from django.utils import timezone

from procesregie.core.errors import Conflict, DomainError, IllegalTransition, NotFound
from procesregie.plans import services
from procesregie.plans.models import CaseIntervention, Goal, GoalStatus, InterventionStatus, Plan

from ..days import days, on_the_day
from ..factories import CaseFactory, InterventionFactory, OrganisationFactory, closing_reason
from .conftest import agreed, entries_since, last_sequence

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def add_goal(actor, case, domain, description="Een eigen woning binnen een jaar", version=None):
    version = services.plan_version(case) if version is None else version
    return services.goal_add(actor=actor, case=case, domain=domain, description=description, expected_version=version)


def snapshot(case) -> tuple:
    """Everything of the plan that a refused change must leave as it was."""
    return (
        services.plan_version(case),
        list(Goal.objects.filter(case=case).values_list("id", "domain_id", "description", "status")),
        list(CaseIntervention.objects.filter(case=case).values_list(
            "id", "organisation_id", "due_date", "status", "note", "goal_id"
        )),
    )


# --- goals ----------------------------------------------------------------------------------------------------


def test_goal_add_raises_the_version_and_logs_one_create_for_the_subject(world, regisseur, domains):
    before = last_sequence()
    goal = add_goal(regisseur, world.case, domains[0])
    assert (goal.case, goal.domain, goal.status, goal.position) == (world.case, domains[0], GoalStatus.OPEN, 1)
    assert services.plan_version(world.case) == 1
    (entry,) = entries_since(before)
    person = world.case.registration.person
    assert (entry.action, entry.outcome, entry.actor_username) == ("create", "granted", "regisseur")
    assert (entry.object_type, entry.object_id, entry.subject_key) == ("subjects.person", str(person.pk), person.subject_key)
    assert (entry.purpose_case_id, entry.purpose_approach) == (world.case.pk, "aanpak-a")


def test_goals_keep_the_order_in_which_they_were_set(world, regisseur, domains):
    first = add_goal(regisseur, world.case, domains[1], "Schulden in kaart")
    second = add_goal(regisseur, world.case, domains[0], "Woning")
    assert (first.position, second.position) == (1, 2)
    assert services.plan_version(world.case) == 2


def test_goal_text_is_stored_as_plain_text(world, regisseur, domains):
    goal = add_goal(regisseur, world.case, domains[0], "<b>Woning</b> <script>alert(1)</script>binnen 1 < 2 jaar")
    assert goal.description == "Woning binnen 1 < 2 jaar"


def test_goal_without_text_is_refused_and_nothing_changes(world, regisseur, domains):
    before, sequence = snapshot(world.case), last_sequence()
    with pytest.raises(DomainError, match="Beschrijf het doel"):
        add_goal(regisseur, world.case, domains[0], "  <p></p> ")
    assert snapshot(world.case) == before and entries_since(sequence) == []


@pytest.mark.parametrize("persona", ["participant", "regisseur_elsewhere", "other_org", "removed", "manager"])
def test_only_the_procesregisseur_may_add_goals(world, domains, persona):
    before, sequence = snapshot(world.case), last_sequence()
    with pytest.raises(NotFound):
        add_goal(world.users[persona], world.case, domains[0], version=0)
    assert snapshot(world.case) == before and entries_since(sequence) == []


def test_goal_update_changes_wording_domain_and_status(world, regisseur, domains):
    goal = add_goal(regisseur, world.case, domains[0])
    before = last_sequence()
    updated = services.goal_update(
        actor=regisseur, goal=goal, domain=domains[1], description="Schuldhulp gestart", status=GoalStatus.ACHIEVED,
        expected_version=1,
    )
    goal.refresh_from_db()
    assert (goal.domain, goal.description, goal.status) == (domains[1], "Schuldhulp gestart", GoalStatus.ACHIEVED)
    assert updated == goal and services.plan_version(world.case) == 2
    (entry,) = entries_since(before)
    assert (entry.action, entry.purpose_case_id) == ("update", world.case.pk)


def test_goal_status_follows_its_lifecycle(world, regisseur, domains):
    goal = add_goal(regisseur, world.case, domains[0])
    services.goal_update(actor=regisseur, goal=goal, domain=goal.domain, description=goal.description,
                         status=GoalStatus.ACHIEVED, expected_version=1)
    with pytest.raises(IllegalTransition, match="behaald"):
        services.goal_update(actor=regisseur, goal=goal, domain=goal.domain, description=goal.description,
                             status=GoalStatus.DROPPED, expected_version=2)
    services.goal_update(actor=regisseur, goal=goal, domain=goal.domain, description=goal.description,
                         status=GoalStatus.OPEN, expected_version=2)  # reopened
    goal.refresh_from_db()
    assert goal.status == GoalStatus.OPEN and services.plan_version(world.case) == 3


def test_a_closed_case_keeps_its_plan(world, regisseur, domains):
    goal = add_goal(regisseur, world.case, domains[0])
    type(world.case).objects.filter(pk=world.case.pk).update(
        status="closed", end_date=TODAY(), end_reason=closing_reason("positief")
    )
    before = snapshot(world.case)
    with pytest.raises(DomainError, match="afgesloten"):
        add_goal(regisseur, world.case, domains[1])
    with pytest.raises(DomainError, match="afgesloten"):
        services.goal_update(actor=regisseur, goal=goal, domain=goal.domain, description="x", status="open",
                             expected_version=1)
    assert snapshot(world.case) == before


# --- the version: stale forms -----------------------------------------------------------------------------------


def test_a_form_opened_before_another_change_is_refused_and_nothing_is_lost(world, regisseur, domains):
    opened_at = services.plan_version(world.case)  # two people open a form on the same plan
    theirs = add_goal(regisseur, world.case, domains[0], "Hun doel", version=opened_at)
    before, sequence = snapshot(world.case), last_sequence()

    with pytest.raises(Conflict, match="Iemand anders heeft het plan intussen gewijzigd"):
        add_goal(regisseur, world.case, domains[1], "Mijn doel", version=opened_at)
    with pytest.raises(Conflict):
        services.goal_update(actor=regisseur, goal=theirs, domain=domains[1], description="Overschreven",
                             status=GoalStatus.DROPPED, expected_version=opened_at)
    with pytest.raises(Conflict):
        services.intervention_agree(actor=regisseur, case=world.case, intervention=InterventionFactory(),
                                    organisation=regisseur.organisation, agreed_on=TODAY(), expected_version=opened_at)

    assert snapshot(world.case) == before  # their goal as they left it, no new rows, the same version
    assert entries_since(sequence) == []
    theirs.refresh_from_db()
    assert theirs.description == "Hun doel"


def test_saving_again_with_the_current_version_succeeds(world, regisseur, domains):
    add_goal(regisseur, world.case, domains[0], version=0)
    with pytest.raises(Conflict):
        add_goal(regisseur, world.case, domains[1], "Mijn doel", version=0)
    add_goal(regisseur, world.case, domains[1], "Mijn doel", version=services.plan_version(world.case))
    assert Goal.objects.filter(case=world.case).count() == 2 and services.plan_version(world.case) == 2


def test_a_change_without_a_form_is_not_checked_but_makes_open_forms_stale(world, regisseur):
    """A meeting's decision agrees an intervention without a version; a form opened before it is then stale."""
    opened_at = services.plan_version(world.case)
    services.intervention_agree(actor=regisseur, case=world.case, intervention=InterventionFactory(),
                                organisation=regisseur.organisation, agreed_on=TODAY())
    assert Plan.objects.get(case=world.case).version == opened_at + 1
    with pytest.raises(Conflict):
        services.intervention_agree(actor=regisseur, case=world.case, intervention=InterventionFactory(),
                                    organisation=regisseur.organisation, agreed_on=TODAY(), expected_version=opened_at)


def test_versions_are_per_case(world, regisseur, domains):
    other = CaseFactory(registration__approach=world.case.registration.approach, table=world.case.table)
    add_goal(regisseur, world.case, domains[0])
    add_goal(regisseur, other, domains[0], version=0)
    assert services.plan_version(world.case) == services.plan_version(other) == 1


# --- interventions ----------------------------------------------------------------------------------------------


def test_intervention_agree_logs_one_create_and_keeps_its_details(world, regisseur, partner, domains):
    goal = add_goal(regisseur, world.case, domains[0])
    before = last_sequence()
    item = services.intervention_agree(
        actor=regisseur, case=world.case, intervention=InterventionFactory(name="Schuldhulpverlening"),
        organisation=partner.organisation, goal=goal, agreed_on=TODAY(), due_date=TODAY() + datetime.timedelta(days=60),
        note="<i>Start</i> na intake", expected_version=1,
    )
    assert (item.status, item.goal, item.organisation, item.note) == (
        InterventionStatus.AGREED, goal, partner.organisation, "Start na intake"
    )
    assert services.plan_version(world.case) == 2
    (entry,) = entries_since(before)
    assert (entry.action, entry.purpose_case_id, entry.subject_key) == (
        "create", world.case.pk, world.case.registration.person.subject_key
    )


@pytest.mark.parametrize("change, message", [
    ({"agreed_on": days(1)}, "in de toekomst"),
    ({"due_date": days(-40)}, "vóór de datum van de afspraak"),
    ({"organisation": None}, "verantwoordelijke partner"),
    ({"goal": "of another case"}, "hoort niet bij deze casus"),
])
def test_intervention_agree_refuses_inconsistent_input(world, regisseur, domains, change, message):
    arguments = {"agreed_on": TODAY() - datetime.timedelta(days=30), "organisation": regisseur.organisation}
    arguments.update(on_the_day(change))
    if arguments.get("goal") == "of another case":
        other = CaseFactory(registration__approach=world.case.registration.approach, table=world.case.table)
        arguments["goal"] = add_goal(regisseur, other, domains[0], version=0)
    before = snapshot(world.case)
    with pytest.raises(DomainError, match=message):
        services.intervention_agree(actor=regisseur, case=world.case, intervention=InterventionFactory(),
                                    expected_version=0, **arguments)
    assert snapshot(world.case) == before


def test_intervention_update_by_the_procesregisseur(world, regisseur, partner):
    item = agreed(world.case, regisseur.organisation)
    before = last_sequence()
    due = TODAY() + datetime.timedelta(days=10)
    services.intervention_update(actor=regisseur, case_intervention=item, status=InterventionStatus.RUNNING,
                                 due_date=due, organisation=partner.organisation, note="Loopt", expected_version=0)
    item.refresh_from_db()
    assert (item.status, item.due_date, item.organisation, item.note) == (
        InterventionStatus.RUNNING, due, partner.organisation, "Loopt"
    )
    (entry,) = entries_since(before)
    assert (entry.action, entry.purpose_case_id) == ("update", world.case.pk)


def test_done_and_cancelled_interventions_stay_so(world, regisseur):
    item = agreed(world.case, regisseur.organisation, status=InterventionStatus.DONE)
    with pytest.raises(IllegalTransition, match="afgerond"):
        services.intervention_update(actor=regisseur, case_intervention=item, status=InterventionStatus.RUNNING,
                                     expected_version=0)
    item.refresh_from_db()
    assert item.status == InterventionStatus.DONE and services.plan_version(world.case) == 0


# --- the partner rule -------------------------------------------------------------------------------------------


def test_a_partner_sets_the_status_of_an_intervention_its_organisation_carries(world, partner):
    item = agreed(world.case, partner.organisation)
    before = last_sequence()
    services.intervention_update(actor=partner, case_intervention=item, status=InterventionStatus.RUNNING,
                                 expected_version=0)
    item.refresh_from_db()
    assert item.status == InterventionStatus.RUNNING and services.plan_version(world.case) == 1
    (entry,) = entries_since(before)
    assert (entry.action, entry.actor_username, entry.purpose_case_id) == ("update", "partner", world.case.pk)


@pytest.mark.parametrize("change", [
    {"due_date": None}, {"organisation": "other"}, {"note": "Eigen notitie"},
])
def test_a_partner_changes_nothing_but_the_status(world, partner, change):
    item = agreed(world.case, partner.organisation, due_date=TODAY() + datetime.timedelta(days=5))
    if change.get("organisation") == "other":
        change = {"organisation": OrganisationFactory()}
    before = snapshot(world.case)
    with pytest.raises(DomainError, match="alleen de status"):
        services.intervention_update(actor=partner, case_intervention=item, status=InterventionStatus.RUNNING,
                                     expected_version=0, **change)
    assert snapshot(world.case) == before


def test_a_partner_may_not_touch_what_another_organisation_carries(world, partner):
    item = agreed(world.case, OrganisationFactory())
    before = snapshot(world.case)
    with pytest.raises(NotFound):
        services.intervention_update(actor=partner, case_intervention=item, status=InterventionStatus.DONE,
                                     expected_version=0)
    assert snapshot(world.case) == before


@pytest.mark.parametrize("persona", ["removed", "colleague"])
def test_the_partner_rule_needs_a_partner_at_the_case(world, persona):
    """Probation was removed from the case; the police colleague is a manager, not a ketenpartner."""
    item = agreed(world.case, world.users[persona].organisation)
    with pytest.raises(NotFound):
        services.intervention_update(actor=world.users[persona], case_intervention=item,
                                     status=InterventionStatus.DONE, expected_version=0)
    item.refresh_from_db()
    assert item.status == InterventionStatus.AGREED


def test_a_partner_may_not_agree_interventions(world, partner):
    with pytest.raises(NotFound):
        services.intervention_agree(actor=partner, case=world.case, intervention=InterventionFactory(),
                                    organisation=partner.organisation, agreed_on=TODAY(), expected_version=0)
    assert not CaseIntervention.objects.filter(case=world.case).exists()


# --- systems ----------------------------------------------------------------------------------------------------


def test_a_change_to_a_systems_plan_is_logged_for_the_system_and_each_member(world, regisseur, domains):
    case = CaseFactory(registration__for_system=True, registration__system__members=2, table=world.case.table,
                       registration__approach=world.case.registration.approach)
    before = last_sequence()
    add_goal(regisseur, case, domains[0], version=0)
    entries = entries_since(before)
    system = case.registration.system
    expected = {system.subject_key, *(m.person.subject_key for m in system.memberships.all())}
    assert {e.subject_key for e in entries} == expected and len(entries) == 3
    assert {(e.action, e.purpose_case_id) for e in entries} == {("create", case.pk)}
