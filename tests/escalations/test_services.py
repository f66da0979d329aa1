"""Raising and resolving escalations: who, what is required, once, dates, the access log. A refusal writes nothing."""

import datetime

import pytest
from django.utils import timezone

from procesregie.casework.models import Participation
from procesregie.core.errors import DomainError, NotFound
from procesregie.escalations.models import Escalation, EscalationOutcome, EscalationReason
from procesregie.escalations.services import EXPLANATION_MAX_LENGTH, escalation_raise, escalation_resolve

from .. import factories as f
from ..days import days, on_the_day
from .conftest import agreed, entries_since, escalated, last_sequence

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def raise_on(case, actor, **fields) -> Escalation:
    fields.setdefault("reason", EscalationReason.INTERVENTION_NOT_DELIVERED)
    fields.setdefault("explanation", "De schuldhulp start al drie maanden niet.")
    return escalation_raise(actor=actor, case=case, **fields)


def close(case) -> None:
    case.status, case.end_date, case.end_reason = "closed", TODAY(), f.closing_reason("positief")
    case.save()


def test_a_partner_escalates_and_the_entry_names_the_subject_and_the_case(world, partner):
    intervention = agreed(world.case, partner.organisation)
    before = last_sequence()
    escalation = raise_on(world.case, partner, explanation="  <b>Geen</b> start <script>x</script> ",
                          concerns_intervention=intervention)
    escalation.refresh_from_db()
    assert (escalation.case, escalation.raised_on, escalation.raised_by, escalation.raised_by_organisation) == (
        world.case, TODAY(), partner, partner.organisation)
    assert escalation.reason == EscalationReason.INTERVENTION_NOT_DELIVERED and escalation.explanation == "Geen start"
    # an intervention names its organisation
    assert (escalation.concerns_intervention, escalation.concerns_organisation) == (intervention, partner.organisation)
    assert escalation.is_open and escalation.outcome == ""
    (entry,) = entries_since(before)
    person = world.case.registration.person
    assert (entry.action, entry.outcome, entry.actor_username) == ("create", "granted", partner.username)
    assert (entry.object_type, entry.object_id) == ("escalations.escalation", str(escalation.pk))
    assert (entry.subject_key, entry.purpose_case_id, entry.purpose_approach) == (
        person.subject_key, world.case.pk, world.case.registration.approach.code)


def test_the_regisseur_escalates_for_the_house(world, regisseur):
    escalation = raise_on(world.case, regisseur, reason=EscalationReason.NO_LEAD)
    assert escalation.raised_by_organisation == regisseur.organisation


def test_a_system_case_logs_the_system_and_each_member(world, regisseur):
    case = f.CaseFactory(registration__for_system=True, registration__system__members=2, table=world.case.table,
                         registration__approach=world.case.registration.approach)
    registration = case.registration
    before = last_sequence()
    raise_on(case, regisseur)
    keys = {entry.subject_key for entry in entries_since(before)}
    members = {m.person.subject_key for m in registration.system.memberships.select_related("person")}
    assert members and keys == {registration.system.subject_key, *members}


@pytest.mark.parametrize("persona", ["regisseur_elsewhere", "removed", "other_org", "colleague", "manager",
                                     "privacy_officer", "functional_admin"])
def test_who_does_not_take_part_in_the_case_cannot_escalate(world, persona):
    count, before = Escalation.objects.count(), last_sequence()
    with pytest.raises(NotFound):
        raise_on(world.case, world.users[persona])
    assert Escalation.objects.count() == count and entries_since(before) == []


def test_nobody_escalates_without_an_account(world):
    with pytest.raises(NotFound):
        raise_on(world.case, None)


def test_a_closed_case_takes_no_new_escalation(world, partner):
    close(world.case)
    count = Escalation.objects.count()
    with pytest.raises(DomainError, match="afgesloten"):
        raise_on(world.case, partner)
    assert Escalation.objects.count() == count


def test_a_partner_removed_from_the_case_can_no_longer_escalate(world, partner):
    Participation.objects.filter(case=world.case, organisation=partner.organisation).update(removed_at=timezone.now())
    with pytest.raises(NotFound):
        raise_on(world.case, partner)


@pytest.mark.parametrize(("fields", "message"), [
    ({"reason": ""}, "Kies de reden"),
    ({"reason": "verzonnen"}, "Kies de reden"),
    ({"explanation": ""}, "Licht de escalatie toe"),
    ({"explanation": "<p> </p>"}, "Licht de escalatie toe"),
    ({"raised_on": days(1)}, "in de toekomst"),
    ({"raised_on": datetime.date(2000, 1, 1)}, "vóór de start van de casus"),
])
def test_bad_input_is_refused_and_writes_nothing(world, partner, fields, message):
    count, before = Escalation.objects.count(), last_sequence()
    with pytest.raises(DomainError, match=message):
        raise_on(world.case, partner, **on_the_day(fields))
    assert Escalation.objects.count() == count and entries_since(before) == []


def test_a_long_explanation_is_cut_to_its_maximum(world, partner):
    escalation = raise_on(world.case, partner, explanation="x" * (EXPLANATION_MAX_LENGTH + 50))
    assert len(escalation.explanation) == EXPLANATION_MAX_LENGTH


def test_what_it_concerns_must_belong_to_the_case(world, partner):
    other_intervention = agreed(world.other_case, world.users["other_org"].organisation)
    with pytest.raises(DomainError, match="hoort niet bij deze casus"):
        raise_on(world.case, partner, concerns_intervention=other_intervention)
    with pytest.raises(DomainError, match="neemt niet deel"):  # the municipality takes no part in this case
        raise_on(world.case, partner, concerns_organisation=world.users["other_org"].organisation)
    with pytest.raises(DomainError, match="neemt niet deel"):  # probation was removed
        raise_on(world.case, partner, concerns_organisation=world.users["removed"].organisation)
    intervention = agreed(world.case, partner.organisation)
    with pytest.raises(DomainError, match="andere organisatie"):
        raise_on(world.case, partner, concerns_intervention=intervention,
                 concerns_organisation=world.users["regisseur"].organisation)
    assert Escalation.objects.count() == 1  # the world's own
    # an organisation that carries one of its interventions may be named without taking part
    carrier = f.OrganisationFactory(code="ggz", name="GGZ (synthetisch)")
    agreed(world.case, carrier)
    assert raise_on(world.case, partner, concerns_organisation=carrier).concerns_organisation == carrier


# --- resolving ------------------------------------------------------------------------------------------------


def test_a_manager_resolves_once_and_the_entry_names_the_subject(world, manager, second_manager):
    escalation = world.escalation
    before = last_sequence()
    resolved = escalation_resolve(actor=manager, escalation=escalation, outcome=EscalationOutcome.AGREED,
                                  resolution=" Afspraak: <i>de politie</i> neemt de leiding. ")
    assert (resolved.resolved_on, resolved.resolved_by, resolved.outcome, resolved.resolution) == (
        TODAY(), manager, EscalationOutcome.AGREED, "Afspraak: de politie neemt de leiding.")
    assert not Escalation.objects.get(pk=escalation.pk).is_open
    (entry,) = entries_since(before)
    assert (entry.action, entry.object_type, entry.object_id, entry.actor_username) == (
        "update", "escalations.escalation", str(escalation.pk), manager.username)
    assert (entry.subject_key, entry.purpose_case_id) == (world.case.registration.person.subject_key, world.case.pk)

    before = last_sequence()
    with pytest.raises(DomainError, match="al afgehandeld"):
        escalation_resolve(actor=second_manager, escalation=escalation,
                           outcome=EscalationOutcome.NOT_RESOLVED, resolution="Nog een keer")
    again = Escalation.objects.get(pk=escalation.pk)
    assert (again.outcome, again.resolved_by) == (EscalationOutcome.AGREED, manager)
    assert entries_since(before) == []


def test_a_stale_copy_cannot_resolve_twice(world, manager, second_manager):
    """Two managers opened the same open escalation; the second save finds it resolved."""
    stale = Escalation.objects.get(pk=world.escalation.pk)
    escalation_resolve(actor=manager, escalation=world.escalation, outcome=EscalationOutcome.AGREED, resolution="a")
    with pytest.raises(DomainError, match="al afgehandeld"):
        escalation_resolve(actor=second_manager, escalation=stale, outcome=EscalationOutcome.WITHDRAWN,
                           resolution="b")
    assert Escalation.objects.get(pk=stale.pk).outcome == EscalationOutcome.AGREED


def test_the_raiser_withdraws_through_a_manager(world, manager):
    resolved = escalation_resolve(actor=manager, escalation=world.escalation, outcome=EscalationOutcome.WITHDRAWN,
                                  resolution="De politie trekt de escalatie in: er is een regisseur.")
    assert resolved.get_outcome_display() == "ingetrokken"


@pytest.mark.parametrize("persona", ["regisseur", "participant", "regisseur_elsewhere", "other_org", "removed",
                                     "privacy_officer", "functional_admin"])
def test_only_managers_resolve(world, persona):
    with pytest.raises(NotFound):
        escalation_resolve(actor=world.users[persona], escalation=world.escalation,
                           outcome=EscalationOutcome.AGREED, resolution="Ik beslis")
    assert Escalation.objects.get(pk=world.escalation.pk).is_open


def test_a_deactivated_manager_cannot_resolve(world, manager):
    manager.is_active = False
    manager.save()
    with pytest.raises(NotFound):
        escalation_resolve(actor=manager, escalation=world.escalation, outcome=EscalationOutcome.AGREED,
                           resolution="x")


@pytest.mark.parametrize(("fields", "message"), [
    ({"outcome": ""}, "Kies de uitkomst"),
    ({"outcome": "opgelost"}, "Kies de uitkomst"),
    ({"resolution": "   "}, "Licht de afhandeling toe"),
    ({"resolved_on": days(1)}, "in de toekomst"),
])
def test_a_resolution_needs_an_outcome_an_explanation_and_a_real_date(world, manager, fields, message):
    arguments = {"outcome": EscalationOutcome.AGREED, "resolution": "Afspraak gemaakt", **on_the_day(fields)}
    before = last_sequence()
    with pytest.raises(DomainError, match=message):
        escalation_resolve(actor=manager, escalation=world.escalation, **arguments)
    assert Escalation.objects.get(pk=world.escalation.pk).is_open and entries_since(before) == []


def test_a_resolution_is_not_dated_before_the_escalation(world, manager):
    escalation = escalated(world.case, days_ago=3)
    with pytest.raises(DomainError, match="vóór de datum van de escalatie"):
        escalation_resolve(actor=manager, escalation=escalation, outcome=EscalationOutcome.AGREED,
                           resolution="x", resolved_on=TODAY() - datetime.timedelta(days=4))
    assert Escalation.objects.get(pk=escalation.pk).is_open
    resolved = escalation_resolve(actor=manager, escalation=escalation, outcome=EscalationOutcome.AGREED,
                                  resolution="x", resolved_on=TODAY() - datetime.timedelta(days=3))
    assert resolved.resolved_on == escalation.raised_on


def test_an_escalation_of_a_case_closed_since_is_still_resolved(world, manager):
    close(world.case)
    resolved = escalation_resolve(actor=manager, escalation=world.escalation, outcome=EscalationOutcome.NOT_RESOLVED,
                                  resolution="De casus is intussen afgesloten.")
    assert resolved.outcome == EscalationOutcome.NOT_RESOLVED
