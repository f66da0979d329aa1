"""Erasing one subject in place (retention.erasure): what stays, what goes, what is logged, what is refused.

The whole-region proof (every report of every year unchanged, a scan of the whole database) is
test_erasure_acceptance.py; these tests pin the rules one by one on a few hand-made rows.
"""

import datetime

import pytest

from procesregie.audit.models import AccessLogEntry, Action
from procesregie.casework.models import Case, Registration
from procesregie.escalations.models import Escalation, EscalationOutcome, EscalationReason
from procesregie.meetings.models import AgendaItem, Decision, Discussion, Meeting
from procesregie.monitoring.models import Measurement, MeasurementKind
from procesregie.plans.models import CaseIntervention, CaseUpdate, Goal
from procesregie.retention.erasure import ErasureRefused, erase_person, erase_signal, erase_system
from procesregie.retention.models import RetentionExtension
from procesregie.signals.models import Signal, SignalKind, SignalOutcome
from procesregie.subjects.models import Person, PoliceRegistration, SystemMember

from .. import factories as f

ON = datetime.date(2026, 12, 1)
D = datetime.date


def _closed_case(**registration):
    return f.CaseFactory(closed=True, registration__registered_on=D(2018, 1, 10), **{
        f"registration__{name}": value for name, value in registration.items()})


def _measure(case, domain, kind, date, level, note="zorgen over de schulden"):
    return Measurement.objects.create(case=case, domain=domain, kind=kind, date=date, level=level, note=note)


@pytest.mark.django_db
def test_a_person_is_erased_in_place_and_their_case_keeps_only_its_tombstone():
    case = _closed_case(reason="Woont bij zijn moeder", contact_name="Jan Contact", reported_name="Piet Geheim",
                        triage_note="Schulden en verslaving")
    person = case.registration.person
    old_key, old_name = person.subject_key, person.family_name
    meeting = Meeting.objects.create(ref="M-1", date=case.start_date)
    discussion = Discussion.objects.create(meeting=meeting, case=case, date=case.start_date, client_present=True,
                                           notes="Piet was boos")
    item = AgendaItem.objects.create(meeting=meeting, case=case, position=1, prepared_notes="voorbereiding")
    Decision.objects.create(agenda_item=item, text="Piet gaat naar de schuldhulp")
    CaseUpdate.objects.create(case=case, text="Piet is verhuisd")
    goal = Goal.objects.create(case=case, domain=f.LifeDomainFactory(), description="Piet heeft een huis")
    intervention = CaseIntervention.objects.create(
        case=case, intervention=f.InterventionFactory(), organisation=case.registration.reported_by, goal=goal,
        agreed_on=case.start_date, note="via de wijkagent")
    escalation = Escalation.objects.create(
        case=case, raised_on=case.start_date, reason=EscalationReason.NO_LEAD, explanation="Piet wil niet",
        resolved_on=case.start_date, outcome=EscalationOutcome.AGREED, resolution="afspraak met Piet")
    PoliceRegistration.objects.create(person=person, date=D(2017, 5, 1), kind="misdrijf")
    RetentionExtension.objects.create(person=person, until=D(2020, 1, 1), reason="Piet: lopende zaak")
    signal = Signal.objects.create(ref="SIG-1", approach=case.registration.approach, date=D(2017, 12, 1),
                                   kind=SignalKind.MELDING, reported_by=case.registration.reported_by, person=person,
                                   question="Piet is verward", advice="bel het wijkteam", reporter_name="Ria Melder",
                                   outcome=SignalOutcome.ADVIES)

    summary = erase_person(actor=None, person=person, on=ON)

    person.refresh_from_db()
    assert (person.bsn, person.given_name, person.family_name, person.birth_date) == (None, "", "", None)
    assert person.destroyed_on == ON and person.subject_key != old_key and old_name not in person.ref
    registration = Registration.objects.get(pk=case.registration.pk)
    assert registration.destroyed_on == ON and registration.person_id == person.pk  # still counts as a subject
    assert (registration.reason, registration.contact_name, registration.reported_name, registration.triage_note) == (
        "", "", "", "")
    case.refresh_from_db()
    assert (case.start_date, case.end_date, case.end_reason_id) == (
        registration.case.start_date, registration.case.end_date, registration.case.end_reason_id)
    discussion.refresh_from_db()
    assert (discussion.notes, discussion.date, discussion.client_present) == ("", case.start_date, True)
    intervention.refresh_from_db()
    assert (intervention.note, intervention.goal_id, intervention.agreed_on) == ("", None, case.start_date)
    escalation.refresh_from_db()
    assert (escalation.explanation, escalation.resolution, escalation.outcome) == ("", "", EscalationOutcome.AGREED)
    signal.refresh_from_db()
    assert (signal.question, signal.advice, signal.reporter_name, signal.destroyed_on) == ("", "", "", ON)
    assert signal.outcome == SignalOutcome.ADVIES and signal.date == D(2017, 12, 1)
    for model in (AgendaItem, Decision, CaseUpdate, Goal):
        assert not model.objects.filter(pk__isnull=False).exists(), model
    assert not PoliceRegistration.objects.exists() and not RetentionExtension.objects.exists()
    assert summary["persons"] == 1 and summary["registrations"] == 1 and summary["police_registrations"] == 1
    assert summary["decisions"] == 1 and summary["case_updates"] == 1 and summary["signals"] == 1

    (entry,) = AccessLogEntry.objects.filter(action=Action.DELETE)
    assert entry.subject_key == old_key and entry.object_type == "subjects.person"


@pytest.mark.django_db
def test_only_the_measurements_the_annual_report_reads_stay():
    case = _closed_case()
    domain, other = f.LifeDomainFactory(), f.LifeDomainFactory()
    nul = MeasurementKind.NULMETING
    eind = MeasurementKind.EINDMETING
    early = _measure(case, domain, nul, D(2018, 2, 1), 2)
    _measure(case, domain, nul, D(2018, 3, 1), 3)  # a later nulmeting: not read
    _measure(case, domain, MeasurementKind.TUSSENMETING, D(2018, 3, 2), 3)
    _measure(case, domain, eind, D(2018, 4, 1), 3)  # same date as the next: entered first, not read
    last = _measure(case, domain, eind, D(2018, 4, 1), 4)
    _measure(case, other, nul, D(2018, 2, 1), 1)
    tie_last = _measure(case, other, nul, D(2018, 2, 1), 2)  # a tie on the earliest date: the last entered counts

    summary = erase_person(actor=None, person=case.registration.person, on=ON)

    kept = Measurement.objects.order_by("pk")
    assert [m.pk for m in kept] == [early.pk, last.pk, tie_last.pk]
    assert {m.note for m in kept} == {""}
    assert summary["measurements"] == 7


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["pending", "in_regie"])
def test_a_subject_in_use_is_refused_and_nothing_changes(state):
    if state == "pending":
        registration = f.RegistrationFactory()
    else:
        registration = f.CaseFactory().registration
    person = registration.person
    name = person.family_name

    with pytest.raises(ErasureRefused):
        erase_person(actor=None, person=person, on=ON)

    person.refresh_from_db()
    assert person.family_name == name and person.destroyed_on is None
    assert not AccessLogEntry.objects.exists()


@pytest.mark.django_db
def test_erasing_twice_changes_and_logs_nothing():
    person = _closed_case().registration.person
    assert erase_person(actor=None, person=person, on=ON)
    person.refresh_from_db()
    key = person.subject_key

    assert erase_person(actor=None, person=person, on=ON + datetime.timedelta(days=1)) == {}

    person.refresh_from_db()
    assert person.subject_key == key and person.destroyed_on == ON
    assert AccessLogEntry.objects.count() == 1


@pytest.mark.django_db
def test_a_system_takes_its_members_without_ties_of_their_own_along():
    case = _closed_case(person=None, system=f.SystemFactory(), approach=f.ApproachFactory(system=True))
    system = case.registration.system
    only_member = f.PersonFactory()
    with_open_case = f.CaseFactory().registration.person
    with_extension = f.PersonFactory()
    RetentionExtension.objects.create(person=with_extension, until=ON + datetime.timedelta(days=30), reason="lopend")
    for person, role in ((only_member, "ouder"), (with_open_case, "kind"), (with_extension, "kind")):
        SystemMember.objects.create(system=system, person=person, role=role)
    old_keys = {system.subject_key, only_member.subject_key}

    summary = erase_system(actor=None, system=system, on=ON)

    system.refresh_from_db()
    assert (system.name, system.destroyed_on) == ("", ON)
    assert Person.objects.get(pk=only_member.pk).destroyed_on == ON
    for kept in (with_open_case, with_extension):
        fresh = Person.objects.get(pk=kept.pk)
        assert fresh.destroyed_on is None and fresh.family_name == kept.family_name
    assert set(SystemMember.objects.values_list("person_id", "role")) == {
        (only_member.pk, ""), (with_open_case.pk, ""), (with_extension.pk, "")}
    assert summary["systems"] == 1 and summary["persons"] == 1
    assert set(AccessLogEntry.objects.filter(action=Action.DELETE).values_list("subject_key", flat=True)) == old_keys


@pytest.mark.django_db
def test_an_anonymous_signal_keeps_what_the_report_counts():
    organisation = f.OrganisationFactory()
    signal = Signal.objects.create(ref="SIG-A", approach=f.ApproachFactory(), date=D(2019, 3, 1),
                                   kind=SignalKind.ADVIESGESPREK, reported_by=organisation,
                                   reporter_name="Ria Melder", reporter_phone="0612345678",
                                   question="Een buurman is verward", advice="bel de huisarts",
                                   outcome=SignalOutcome.ADVIES)

    assert erase_signal(actor=None, signal=signal, on=ON) == {"signals": 1}

    signal.refresh_from_db()
    assert (signal.reporter_name, signal.reporter_phone, signal.question, signal.advice) == ("", "", "", "")
    assert (signal.date, signal.kind, signal.reported_by_id, signal.outcome, signal.destroyed_on) == (
        D(2019, 3, 1), SignalKind.ADVIESGESPREK, organisation.pk, SignalOutcome.ADVIES, ON)
    (entry,) = AccessLogEntry.objects.filter(action=Action.DELETE)
    assert entry.subject_key is None and entry.object_id == str(signal.pk)
    assert Case.objects.count() == 0  # nothing else was touched
