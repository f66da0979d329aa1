"""Casework services: registration, triage, closing, transfer, reopening and participation.

These tests are about the domain rules; the actor is a procesregisseur (and ketenpartner) who works at every
table when a service is called (see `staffed`). Who may call the services is tested in test_service_access.py.
"""

import datetime
import functools
import itertools

import pytest
from django.utils import timezone

from procesregie.accounts.models import RoleAssignment
from procesregie.accounts.roles import Role
from procesregie.casework import lifecycle, services
from procesregie.casework.models import Case, Participation, Registration
from procesregie.core.errors import DomainError, IllegalTransition
from procesregie.reference.models import Table
from procesregie.reference.services import default_tables_ensure
from procesregie.subjects.models import Person, System, SystemMember
from tests.factories import (
    ApproachFactory,
    CaseFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    RegistrationFactory,
    SystemFactory,
    TableFactory,
    UserFactory,
    closing_reason,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
REGISTERED_ON = datetime.date(2024, 3, 4)
CRITERIA = ["criterion_multi_problem", "criterion_local_safety"]


def staff_every_table(user) -> None:
    default_tables_ensure(actor=None)
    user.tables.set(Table.objects.all())


def staffed(service):
    """`service`, called after the (user) actor was made to work at every table that exists by then."""

    @functools.wraps(service)
    def call(*, actor, **kwargs):
        if actor is not None:
            staff_every_table(actor)
        return service(actor=actor, **kwargs)

    return call


case_close = staffed(services.case_close)
case_holder_set = staffed(services.case_holder_set)
case_reopen = staffed(services.case_reopen)
case_transfer = staffed(services.case_transfer)
participant_add = staffed(services.participant_add)
participant_remove = staffed(services.participant_remove)
registration_accept = staffed(services.registration_accept)
registration_create = staffed(services.registration_create)
registration_decline = staffed(services.registration_decline)


def regisseur(**kwargs):
    user = UserFactory(**kwargs)
    for role in (Role.PROCESREGISSEUR, Role.KETENPARTNER):
        RoleAssignment.objects.create(user=user, role=role)
    return user


def snapshot():
    """Every row these services can write, to prove that a refused request changed nothing."""
    models = (Registration, Case, Participation, Person, System, SystemMember)
    return [list(model.objects.order_by("pk").values()) for model in models]


@pytest.fixture
def actor():
    return regisseur()


def active_organisations(case):
    return set(case.participations.filter(removed_at__isnull=True).values_list("organisation_id", flat=True))


# --- every transition of both machines, through the services -------------------------------------------------

REGISTRATION_IN_STATE = {"pending": {}, "accepted": {"accepted": True}, "declined": {"declined": True}}
CASE_IN_STATE = {"in_regie": {}, "closed": {"closed": True}}


def prepare_accept(actor, registration):
    return lambda: registration_accept(
        actor=actor, registration=registration, decided_on=registration.registered_on, criteria=CRITERIA
    )


def prepare_decline(actor, registration):
    return lambda: registration_decline(
        actor=actor, registration=registration, decided_on=registration.registered_on, reason="Eerst wijkteam."
    )


def prepare_close(actor, case):
    reason = closing_reason("negatief")
    return lambda: case_close(actor=actor, case=case, end_date=case.start_date + 30 * DAY, reason=reason)


def prepare_transfer(actor, case):
    to_approach = ApproachFactory(unit=case.registration.approach.unit)
    return lambda: case_transfer(actor=actor, case=case, to_approach=to_approach, transfer_date=case.start_date + DAY)


def prepare_reopen(actor, case):
    # within the period after closing (the factory closes cases long ago)
    Case.objects.filter(pk=case.pk, status="closed").update(end_date=timezone.localdate())
    case.refresh_from_db()
    return lambda: case_reopen(actor=actor, case=case, reason="Toch nog nodig.")


# The services that move an object to a target status. A new target needs a service here, or the tests fail.
REGISTRATION_SERVICES = {"accepted": [prepare_accept], "declined": [prepare_decline]}
CASE_SERVICES = {"closed": [prepare_close, prepare_transfer], "in_regie": [prepare_reopen]}


def transition_cases(machine, services):
    """Every (current, target) pair of the table, once per service that moves to the target."""
    states = list(machine.transitions)
    return [
        pytest.param(current, target, prepare, id=f"{current}->{target}:{prepare.__name__ if prepare else 'none'}")
        for current, target in itertools.product(states, states)
        for prepare in services.get(target, [None])
    ]


def assert_transition(machine, current, target, prepare, obj, actor):
    if prepare is None:
        assert not machine.allowed(current, target), f"{current} -> {target} is allowed but no service performs it"
        return
    action = prepare(actor, obj)
    if machine.allowed(current, target):
        action()
        obj.refresh_from_db()
        assert obj.status == target
    else:
        before = snapshot()
        with pytest.raises(IllegalTransition):
            action()
        assert snapshot() == before
        obj.refresh_from_db()
        assert obj.status == current


@pytest.mark.parametrize("current, target, prepare", transition_cases(lifecycle.REGISTRATION, REGISTRATION_SERVICES))
def test_registration_transition(actor, current, target, prepare):
    registration = RegistrationFactory(**REGISTRATION_IN_STATE[current])
    assert_transition(lifecycle.REGISTRATION, current, target, prepare, registration, actor)


@pytest.mark.parametrize("current, target, prepare", transition_cases(lifecycle.CASE, CASE_SERVICES))
def test_case_transition(actor, current, target, prepare):
    case = CaseFactory(**CASE_IN_STATE[current])
    ParticipationFactory(case=case)
    assert_transition(lifecycle.CASE, current, target, prepare, case, actor)


def test_every_state_can_be_built_for_the_transition_tests():
    assert set(REGISTRATION_IN_STATE) == set(lifecycle.REGISTRATION.transitions)
    assert set(CASE_IN_STATE) == set(lifecycle.CASE.transitions)


# --- registration_create ----------------------------------------------------------------------------------------


def test_registration_create_for_a_person(actor):
    person, approach = PersonFactory(), ApproachFactory()
    municipality, partner = MunicipalityFactory(), actor.organisation
    registration = registration_create(
        actor=actor, subject=person, approach=approach, municipality=municipality, reported_by=partner,
        registered_on=REGISTERED_ON, reason=" Veel incidenten ",
    )
    registration = Registration.objects.get(pk=registration.pk)
    assert registration.subject == person and registration.system is None
    assert registration.approach == approach
    assert (registration.municipality, registration.reported_by) == (municipality, partner)
    assert registration.status == "pending" and registration.triage_on is None
    assert registration.reason == "Veel incidenten"
    assert registration.created_by == actor
    assert registration.ref.startswith("A-")


def test_registration_create_for_a_system(actor):
    system = SystemFactory(members=2)
    registration = registration_create(
        actor=actor, subject=system, approach=ApproachFactory(system=True), municipality=MunicipalityFactory(),
        reported_by=actor.organisation, registered_on=REGISTERED_ON,
    )
    assert Registration.objects.get(pk=registration.pk).system == system


@pytest.mark.parametrize("subject_factory, unit", [(PersonFactory, "system"), (SystemFactory, "person")])
def test_registration_create_refuses_a_subject_of_the_wrong_unit(actor, subject_factory, unit):
    subject, approach = subject_factory(), ApproachFactory(unit=unit)
    before = snapshot()
    with pytest.raises(DomainError, match="bedoeld voor een"):
        registration_create(
            actor=actor, subject=subject, approach=approach, municipality=MunicipalityFactory(),
            reported_by=actor.organisation, registered_on=REGISTERED_ON,
        )
    assert snapshot() == before


def test_registration_create_refuses_other_subjects(actor):
    before = snapshot()
    with pytest.raises(DomainError, match="persoon of een systeem"):
        registration_create(
            actor=actor, subject=OrganisationFactory(), approach=ApproachFactory(), municipality=MunicipalityFactory(),
            reported_by=actor.organisation, registered_on=REGISTERED_ON,
        )
    assert snapshot() == before


def test_registration_create_refuses_a_future_date_and_a_used_ref(actor):
    existing = RegistrationFactory()
    kwargs = dict(
        actor=actor, subject=PersonFactory(), approach=ApproachFactory(), municipality=MunicipalityFactory(),
        reported_by=actor.organisation,
    )
    before = snapshot()
    with pytest.raises(DomainError, match="toekomst"):
        registration_create(**kwargs, registered_on=timezone.localdate() + DAY)
    with pytest.raises(DomainError, match="referentie"):
        registration_create(**kwargs, registered_on=REGISTERED_ON, ref=existing.ref)
    assert snapshot() == before
    assert registration_create(**kwargs, registered_on=REGISTERED_ON, ref="dataset-42").ref == "dataset-42"


# --- registration_accept / registration_decline -----------------------------------------------------------------


def test_registration_accept_opens_the_case(actor):
    registration = RegistrationFactory(registered_on=REGISTERED_ON)
    table = TableFactory(approach=registration.approach)
    holder, police, probation = OrganisationFactory(), OrganisationFactory(police=True), OrganisationFactory()
    case = registration_accept(
        actor=actor, registration=registration, decided_on=REGISTERED_ON + 14 * DAY, table=table,
        procesregisseur=actor, case_holder=holder, participants=[police, probation, holder, police],
        criteria=CRITERIA,
    )
    case = Case.objects.get(pk=case.pk)
    assert registration.status == "accepted" and registration.triage_on == REGISTERED_ON + 14 * DAY
    assert case.registration == registration and case.status == "in_regie"
    assert case.start_date == REGISTERED_ON + 14 * DAY
    assert (case.table, case.procesregisseur, case.case_holder) == (table, actor, holder)
    registration.refresh_from_db()
    assert (registration.criterion_multi_problem, registration.criterion_multiple_chains) == (True, False)
    assert (registration.criterion_social_impact, registration.criterion_local_safety) == (False, True)
    assert case.participations.count() == 3
    assert active_organisations(case) == {holder.pk, police.pk, probation.pk}


def test_registration_accept_with_an_explicit_start_date(actor):
    registration = RegistrationFactory(registered_on=REGISTERED_ON)
    case = registration_accept(
        actor=actor, registration=registration, decided_on=REGISTERED_ON + 7 * DAY, start_date=REGISTERED_ON,
        criteria=CRITERIA,
    )
    assert Case.objects.get(pk=case.pk).start_date == REGISTERED_ON
    assert case.participations.count() == 0


@pytest.mark.parametrize(
    "arguments, message",
    [
        ({"decided_on": REGISTERED_ON - DAY}, "triagebesluit ligt vóór"),
        ({"decided_on": REGISTERED_ON, "start_date": REGISTERED_ON - DAY}, "startdatum ligt vóór"),
        ({"decided_on": "tomorrow"}, "toekomst"),
        ({"decided_on": REGISTERED_ON, "start_date": "tomorrow"}, "toekomst"),
        ({"decided_on": REGISTERED_ON, "table": "other approach"}, "overlegtafel hoort niet"),
    ],
)
def test_registration_accept_refuses_inconsistent_input(actor, arguments, message):
    registration = RegistrationFactory(registered_on=REGISTERED_ON)
    replacements = {"tomorrow": timezone.localdate() + DAY, "other approach": TableFactory()}
    arguments = {key: replacements.get(value, value) for key, value in arguments.items()}
    before = snapshot()
    with pytest.raises(DomainError, match=message):
        registration_accept(
            actor=actor, registration=registration, case_holder=OrganisationFactory(), criteria=CRITERIA, **arguments
        )
    assert snapshot() == before
    assert registration.status == "pending"


def test_registration_decline_records_the_advice(actor):
    registration = RegistrationFactory(registered_on=REGISTERED_ON)
    registration_decline(
        actor=actor, registration=registration, decided_on=REGISTERED_ON + DAY,
        reason=" Advies: meld bij het wijkteam. ",
    )
    registration = Registration.objects.get(pk=registration.pk)
    assert (registration.status, registration.triage_on) == ("declined", REGISTERED_ON + DAY)
    assert registration.triage_note == "Advies: meld bij het wijkteam."
    assert not Case.objects.filter(registration=registration).exists()


@pytest.mark.parametrize(
    "reason, decided_on, message",
    [
        ("", REGISTERED_ON, "reden of advies"),
        ("   ", REGISTERED_ON, "reden of advies"),
        ("Advies", REGISTERED_ON - DAY, "vóór de datum van aanmelding"),
    ],
)
def test_registration_decline_refuses_without_reason_or_with_bad_date(actor, reason, decided_on, message):
    registration = RegistrationFactory(registered_on=REGISTERED_ON)
    before = snapshot()
    with pytest.raises(DomainError, match=message):
        registration_decline(actor=actor, registration=registration, decided_on=decided_on, reason=reason)
    assert snapshot() == before


# --- case_close ---------------------------------------------------------------------------------------------------


CLOSING_CODES = ["positief", "negatief", "detentie_maatregel", "overdracht_extern", "overleden", "overig"]


@pytest.mark.parametrize("code", CLOSING_CODES)
def test_case_close_with_each_reason(actor, code):
    case = CaseFactory()
    ParticipationFactory(case=case)
    case_close(actor=actor, case=case, end_date=case.start_date + 10 * DAY, reason=closing_reason(code))
    case = Case.objects.get(pk=case.pk)
    assert (case.status, case.end_date, case.end_reason.code) == ("closed", case.start_date + 10 * DAY, code)
    assert case.participations.filter(removed_at__isnull=True).count() == 1  # history of who took part stays


def test_case_close_on_the_start_date_is_allowed(actor):
    case = CaseFactory()
    case_close(actor=actor, case=case, end_date=case.start_date, reason=closing_reason("overig"))
    assert Case.objects.get(pk=case.pk).status == "closed"


@pytest.mark.parametrize(
    "end_date, code, message",
    [
        ("day before start", "positief", "vóór de startdatum"),
        ("tomorrow", "positief", "toekomst"),
        ("day after start", "overdracht_intern", "overdragen"),
    ],
)
def test_case_close_refuses(actor, end_date, code, message):
    case = CaseFactory()
    end_date = {
        "day before start": case.start_date - DAY,
        "day after start": case.start_date + DAY,
        "tomorrow": timezone.localdate() + DAY,
    }[end_date]
    before = snapshot()
    with pytest.raises(DomainError, match=message):
        case_close(actor=actor, case=case, end_date=end_date, reason=closing_reason(code))
    assert snapshot() == before
    assert case.status == "in_regie"


# --- case_transfer ------------------------------------------------------------------------------------------------


def test_case_transfer_closes_and_continues(actor):
    case = CaseFactory(procesregisseur=UserFactory(), case_holder=OrganisationFactory())
    kept, removed = ParticipationFactory(case=case, organisation=case.case_holder), ParticipationFactory(case=case)
    other = ParticipationFactory(case=case)
    participant_remove(actor=actor, case=case, organisation=removed.organisation)
    to_approach = ApproachFactory(months=True)
    table = TableFactory(approach=to_approach)
    transfer_date = case.start_date + 100 * DAY

    continuation = case_transfer(
        actor=actor, case=case, to_approach=to_approach, transfer_date=transfer_date, table=table
    )

    case.refresh_from_db()
    assert (case.status, case.end_date, case.end_reason.code) == ("closed", transfer_date, "overdracht_intern")
    continuation = Case.objects.get(pk=continuation.pk)
    assert continuation.status == "in_regie"
    assert continuation.transferred_from == case and case.continuation == continuation
    assert continuation.start_date == transfer_date
    assert (continuation.table, continuation.procesregisseur) == (table, case.procesregisseur)
    assert continuation.case_holder == case.case_holder
    assert active_organisations(continuation) == {kept.organisation_id, other.organisation_id}
    new_registration, old_registration = continuation.registration, case.registration
    assert new_registration.pk != old_registration.pk and new_registration.ref.startswith("A-")
    assert new_registration.approach == to_approach
    assert new_registration.person == old_registration.person and new_registration.system is None
    assert new_registration.municipality == old_registration.municipality
    assert new_registration.reported_by == actor.organisation
    assert (new_registration.status, new_registration.registered_on, new_registration.triage_on) == (
        "accepted", transfer_date, transfer_date
    )
    assert Registration.objects.count() == 2 and Case.objects.count() == 2


def test_case_transfer_by_the_system_keeps_the_reporter(actor):
    case = CaseFactory()
    to_approach = ApproachFactory()
    other_procesregisseur = regisseur()
    other_procesregisseur.tables.add(TableFactory(approach=to_approach))
    continuation = case_transfer(
        actor=None, case=case, to_approach=to_approach, transfer_date=case.start_date,
        procesregisseur=other_procesregisseur,
    )
    assert continuation.registration.reported_by == case.registration.reported_by
    assert continuation.procesregisseur == other_procesregisseur


def test_case_transfer_of_a_system(actor):
    case = CaseFactory(registration=RegistrationFactory(for_system=True, accepted=True))
    continuation = case_transfer(
        actor=actor, case=case, to_approach=ApproachFactory(system=True), transfer_date=case.start_date + DAY
    )
    assert continuation.registration.system == case.registration.system
    assert continuation.registration.person is None


@pytest.mark.parametrize(
    "target, message",
    [
        ("same approach", "andere aanpak"),
        ("system approach", "bedoeld voor een systeem"),
        ("table of another approach", "overlegtafel hoort niet"),
        ("before start", "vóór de startdatum"),
        ("tomorrow", "toekomst"),
    ],
)
def test_case_transfer_refuses(actor, target, message):
    case = CaseFactory()
    ParticipationFactory(case=case)
    arguments = {"to_approach": ApproachFactory(), "transfer_date": case.start_date + DAY}
    if target == "same approach":
        arguments["to_approach"] = case.registration.approach
    elif target == "system approach":
        arguments["to_approach"] = ApproachFactory(system=True)
    elif target == "table of another approach":
        arguments["table"] = TableFactory()
    elif target == "before start":
        arguments["transfer_date"] = case.start_date - DAY
    else:
        arguments["transfer_date"] = timezone.localdate() + DAY
    before = snapshot()
    with pytest.raises(DomainError, match=message):
        case_transfer(actor=actor, case=case, **arguments)
    assert snapshot() == before


def test_a_continuation_can_be_transferred_again(actor):
    case = CaseFactory()
    first = case_transfer(actor=actor, case=case, to_approach=ApproachFactory(), transfer_date=case.start_date + DAY)
    second = case_transfer(
        actor=actor, case=first, to_approach=case.registration.approach, transfer_date=first.start_date + DAY
    )
    assert second.transferred_from == first and first.transferred_from == case
    assert second.registration.approach == case.registration.approach


# --- reopening ----------------------------------------------------------------------------------------------------


def test_reopening_is_a_new_registration_for_the_same_subject(actor):
    case = CaseFactory()
    case_close(actor=actor, case=case, end_date=case.start_date + 30 * DAY, reason=closing_reason("positief"))
    old = case.registration
    reopened = registration_create(
        actor=actor, subject=old.person, approach=old.approach, municipality=old.municipality,
        reported_by=actor.organisation, registered_on=case.start_date + 60 * DAY,
    )
    new_case = registration_accept(
        actor=actor, registration=reopened, decided_on=reopened.registered_on, criteria=CRITERIA
    )
    case.refresh_from_db()
    assert case.status == "closed"
    assert new_case.status == "in_regie" and new_case.transferred_from is None
    assert Case.objects.filter(registration__person=old.person).count() == 2


def test_a_declined_subject_can_be_registered_again(actor):
    declined = RegistrationFactory(declined=True)
    again = registration_create(
        actor=actor, subject=declined.person, approach=declined.approach, municipality=declined.municipality,
        reported_by=actor.organisation, registered_on=declined.triage_on,
    )
    accepted = registration_accept(actor=actor, registration=again, decided_on=again.registered_on, criteria=CRITERIA)
    assert accepted.status == "in_regie"


# --- participation --------------------------------------------------------------------------------------------------


def test_participant_add_and_remove_keep_history(actor):
    case, partner = CaseFactory(), OrganisationFactory()
    participant_add(actor=actor, case=case, organisation=partner)
    assert active_organisations(case) == {partner.pk}

    removed = participant_remove(actor=actor, case=case, organisation=partner)
    assert removed.removed_at is not None
    assert active_organisations(case) == set()
    assert Participation.objects.filter(case=case, organisation=partner).count() == 1

    participant_add(actor=actor, case=case, organisation=partner)
    assert active_organisations(case) == {partner.pk}
    history = Participation.objects.filter(case=case, organisation=partner).order_by("pk")
    assert [row.removed_at is None for row in history] == [False, True]


def test_participant_add_twice_is_refused(actor):
    case, partner = CaseFactory(), OrganisationFactory()
    participant_add(actor=actor, case=case, organisation=partner)
    before = snapshot()
    with pytest.raises(DomainError, match="neemt al deel"):
        participant_add(actor=actor, case=case, organisation=partner)
    assert snapshot() == before


def test_participant_remove_of_a_non_participant_is_refused(actor):
    case = CaseFactory()
    former = ParticipationFactory(case=case)
    participant_remove(actor=actor, case=case, organisation=former.organisation)
    ParticipationFactory(organisation=former.organisation)  # takes part in another case: irrelevant here
    for organisation in (OrganisationFactory(), former.organisation):
        before = snapshot()
        with pytest.raises(DomainError, match="neemt niet deel"):
            participant_remove(actor=actor, case=case, organisation=organisation)
        assert snapshot() == before


def test_the_case_holder_cannot_be_removed_until_replaced(actor):
    holder, successor = OrganisationFactory(), OrganisationFactory()
    case = CaseFactory(case_holder=holder)
    ParticipationFactory(case=case, organisation=holder)
    before = snapshot()
    with pytest.raises(DomainError, match="casushouder"):
        participant_remove(actor=actor, case=case, organisation=holder)
    assert snapshot() == before

    case_holder_set(actor=actor, case=case, organisation=successor)
    assert Case.objects.get(pk=case.pk).case_holder == successor
    assert active_organisations(case) == {holder.pk, successor.pk}
    participant_remove(actor=actor, case=case, organisation=holder)
    assert active_organisations(case) == {successor.pk}


@pytest.mark.parametrize("action", ["add", "remove", "case holder"])
def test_a_closed_case_refuses_participation_changes(actor, action):
    case = CaseFactory(closed=True)
    member = ParticipationFactory(case=case)
    before = snapshot()
    with pytest.raises(DomainError, match="afgesloten"):
        if action == "add":
            participant_add(actor=actor, case=case, organisation=OrganisationFactory())
        elif action == "remove":
            participant_remove(actor=actor, case=case, organisation=member.organisation)
        else:
            case_holder_set(actor=actor, case=case, organisation=member.organisation)
    assert snapshot() == before
