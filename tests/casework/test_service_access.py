"""The services check the actor themselves (whatever the entry point) and log every write in their transaction."""

import datetime

import pytest
from django.utils import timezone

from procesregie.audit.errors import AccessLogUnavailable
from procesregie.casework import services
from procesregie.core.errors import Conflict, DomainError, NotFound
from procesregie.reference.models import ClosingReason
from tests.factories import ApproachFactory, MunicipalityFactory, OrganisationFactory, PersonFactory
from tests.personas import build_world

from ..audit.conftest import break_log_inserts
from .helpers import last_sequence, new_entries, snapshot, summary

pytestmark = pytest.mark.django_db
CONTACT = services.ContactPerson(name="Wijkagent Jansen", phone="0612345678")

TODAY = timezone.localdate


@pytest.fixture
def world():
    return build_world()


def calls(world):
    """One call per service that changes a case or decides a registration, with valid arguments."""
    case, pending = world.case, world.pending
    organisation = OrganisationFactory()
    return {
        "participant_add": lambda actor: services.participant_add(actor=actor, case=case, organisation=organisation),
        "participant_remove": lambda actor: services.participant_remove(
            actor=actor, case=case, organisation=world.users["participant"].organisation),
        "case_holder_set": lambda actor: services.case_holder_set(actor=actor, case=case, organisation=organisation),
        "case_close": lambda actor: services.case_close(
            actor=actor, case=case, end_date=TODAY(), reason=ClosingReason.objects.get(code="positief")),
        "case_transfer": lambda actor: services.case_transfer(
            actor=actor, case=case, to_approach=ApproachFactory(), transfer_date=TODAY()),
        "registration_accept": lambda actor: services.registration_accept(
            actor=actor, registration=pending, decided_on=TODAY(), criteria=["criterion_multi_problem"]),
        "registration_decline": lambda actor: services.registration_decline(
            actor=actor, registration=pending, decided_on=TODAY(), reason="Advies"),
    }


SERVICES = ["participant_add", "participant_remove", "case_holder_set", "case_close", "case_transfer",
            "registration_accept", "registration_decline"]


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("persona", ["participant", "regisseur_elsewhere", "other_org", "manager", "functional_admin"])
def test_a_service_refuses_an_actor_outside_the_access_rule(world, service, persona):
    rows, before = snapshot(), last_sequence()
    with pytest.raises(NotFound):
        calls(world)[service](world.users[persona])
    assert snapshot() == rows and new_entries(before) == []


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_is_allowed_to_the_procesregisseur_and_logs_in_its_transaction(world, service):
    before = last_sequence()
    calls(world)[service](world.users["regisseur"])
    entries = new_entries(before)
    assert entries and {e.actor_username for e in entries} == {"regisseur"}
    assert {e.outcome for e in entries} == {"granted"}
    assert all(e.subject_key for e in entries)


@pytest.mark.parametrize("service", SERVICES)
def test_the_system_may_and_is_logged_as_system(world, service):
    before = last_sequence()
    calls(world)[service](None)
    assert {e.actor_username for e in new_entries(before)} == {"system"}


@pytest.mark.parametrize("service", SERVICES)
def test_when_the_log_cannot_be_written_the_change_is_undone(world, service):
    rows = snapshot()
    break_log_inserts()
    with pytest.raises(AccessLogUnavailable):
        calls(world)[service](world.users["regisseur"])
    assert snapshot() == rows


@pytest.mark.parametrize("service", ["participant_add", "participant_remove", "case_holder_set", "case_close",
                                     "case_transfer"])
def test_a_stale_version_is_a_conflict(world, service):
    case = world.case
    stale = case.version
    services.participant_add(actor=None, case=case, organisation=OrganisationFactory())
    rows = snapshot()
    arguments = {
        "participant_add": {"organisation": OrganisationFactory()},
        "participant_remove": {"organisation": world.users["participant"].organisation},
        "case_holder_set": {"organisation": OrganisationFactory()},
        "case_close": {"end_date": TODAY(), "reason": ClosingReason.objects.get(code="positief")},
        "case_transfer": {"to_approach": ApproachFactory(), "transfer_date": TODAY()},
    }[service]
    with pytest.raises(Conflict):
        getattr(services, service)(actor=world.users["regisseur"], case=case, expected_version=stale, **arguments)
    assert snapshot() == rows
    getattr(services, service)(actor=world.users["regisseur"], case=case, expected_version=stale + 1, **arguments)


def test_every_change_raises_the_version(world):
    case = world.case
    versions = [case.version]
    organisation = OrganisationFactory()
    services.participant_add(actor=None, case=case, organisation=organisation)
    case.refresh_from_db()
    versions.append(case.version)
    services.participant_remove(actor=None, case=case, organisation=organisation)
    case.refresh_from_db()
    versions.append(case.version)
    services.case_close(actor=None, case=case, end_date=TODAY(), reason=ClosingReason.objects.get(code="overig"))
    case.refresh_from_db()
    versions.append(case.version)
    assert versions == sorted(set(versions)) and len(versions) == 4


def test_registration_create_is_for_registrars_of_their_own_organisation(world):
    kwargs = dict(subject=PersonFactory(), approach=world.pending.approach, municipality=MunicipalityFactory(),
                  registered_on=TODAY())
    rows = snapshot()
    with pytest.raises(NotFound):
        services.registration_create(actor=world.users["manager"], reported_by=world.users["manager"].organisation,
                                     **kwargs)
    with pytest.raises(DomainError, match="eigen organisatie"):
        services.registration_create(actor=world.users["participant"], reported_by=OrganisationFactory(), **kwargs)
    assert snapshot() == rows
    before = last_sequence()
    registration = services.registration_create(
        actor=world.users["participant"], reported_by=world.users["participant"].organisation, **kwargs
    )
    assert summary(new_entries(before)) == [
        ("create", "casework.registration", kwargs["subject"].subject_key, None, "granted")
    ]
    assert registration.reported_by.code == "politie"


@pytest.mark.parametrize("criteria, message", [([], "ten minste één criterium"), (["verzonnen"], "Onbekend")])
def test_accepting_needs_known_criteria(world, criteria, message):
    rows = snapshot()
    with pytest.raises(DomainError, match=message):
        services.registration_accept(actor=world.users["regisseur"], registration=world.pending,
                                     decided_on=TODAY(), criteria=criteria)
    assert snapshot() == rows


def test_a_procesregisseur_must_work_at_the_table(world):
    rows = snapshot()
    table_a = world.case.table
    with pytest.raises(DomainError, match="geen procesregisseur aan deze overlegtafel"):
        services.registration_accept(actor=world.users["regisseur"], registration=world.pending, decided_on=TODAY(),
                                     criteria=["criterion_multi_problem"], table=table_a,
                                     procesregisseur=world.users["regisseur_elsewhere"])
    assert snapshot() == rows


def test_submitting_a_known_person_without_confirmation_writes_only_the_match(world):
    """The police see the person (their organisation takes part): asked to confirm, nothing written but the match."""
    known = world.case.registration.person
    details = services.PersonDetails(given_name="X", family_name="Y", bsn=known.bsn, birth_date=datetime.date(1990, 1, 1))
    rows, before = snapshot(), last_sequence()
    with pytest.raises(services.KnownPersons) as refused:
        services.registration_submit(actor=world.users["participant"], approach=world.pending.approach,
                                     municipality=MunicipalityFactory(), reason="Zorgen", person=details,
                                     contact=CONTACT)
    assert refused.value.positions == (0,) and str(refused.value) == "Deze persoon is al bekend."
    assert snapshot() == rows
    assert summary(new_entries(before)) == [("read", "subjects.person", known.subject_key, None, "granted")]


def test_a_known_person_the_actor_may_not_see_is_attached_without_a_question(world):
    known = world.case.registration.person
    details = services.PersonDetails(given_name="X", family_name="Y", bsn=known.bsn, birth_date=datetime.date(1990, 1, 1))
    before = last_sequence()
    submission = services.registration_submit(actor=world.users["other_org"], approach=world.pending.approach,
                                              municipality=MunicipalityFactory(), reason="Zorgen", person=details,
                                              contact=CONTACT)
    assert submission.known == () and submission.registration.person == known
    assert submission.registration.reported_name == "X Y"
    assert [e.action for e in new_entries(before) if e.subject_key == known.subject_key] == ["read", "create"]
