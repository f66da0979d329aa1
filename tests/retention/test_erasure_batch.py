"""Erasing many subjects at once (retention.erasure.erase_persons/erase_systems/erase_signals): the same rows as
erasing them one by one, in a number of queries that does not grow with the batch; and the batch re-check
(retention.due.due_for_many) answers what due_for answers for each object."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from procesregie.audit.models import AccessLogEntry, Action
from procesregie.casework.models import Case, Registration
from procesregie.meetings.models import Discussion, Meeting
from procesregie.monitoring.models import Measurement, MeasurementKind
from procesregie.retention.due import due_for, due_for_many
from procesregie.retention.erasure import (
    erase_person,
    erase_persons,
    erase_signal,
    erase_signals,
    erase_system,
    erase_systems,
)
from procesregie.retention.models import ItemKind, RetentionExtension
from procesregie.signals.models import Signal, SignalKind, SignalOutcome
from procesregie.subjects.models import Person, PoliceKind, PoliceRegistration, System, SystemMember
from tests import factories as f

pytestmark = pytest.mark.django_db
ON = datetime.date(2026, 12, 1)
D = datetime.date
RANDOM = {"ref", "subject_key"}  # fresh random values on every erasure


def _person_with_history(number: int) -> Person:
    case = f.CaseFactory(closed=True, registration__registered_on=D(2018, 1, 10))
    person = case.registration.person
    meeting = Meeting.objects.create(ref=f"M-{number}", date=case.start_date)
    Discussion.objects.create(meeting=meeting, case=case, date=case.start_date, notes=f"notitie {number}")
    domain = f.LifeDomainFactory()
    for kind, level, day in ((MeasurementKind.NULMETING, 2, 1), (MeasurementKind.NULMETING, 3, 2),
                             (MeasurementKind.EINDMETING, 4, 3)):
        Measurement.objects.create(case=case, domain=domain, kind=kind, date=D(2019, 1, day), level=level,
                                   note="zorgen")
    Signal.objects.create(ref=f"M-S{number}", approach=case.registration.approach, date=D(2017, 5, 1),
                          kind=SignalKind.MELDING, reported_by=f.OrganisationFactory(), person=person,
                          outcome=SignalOutcome.ADVIES, question=f"vraag {number}")
    PoliceRegistration.objects.create(person=person, date=D(2016, 1, number + 1), kind=PoliceKind.OVERTREDING)
    RetentionExtension.objects.create(person=person, until=D(2020, 1, 1), reason="was verlengd")
    return person


def _system_with_members(number: int) -> System:
    case = f.CaseFactory(closed=True, registration__registered_on=D(2018, 1, 10), registration__person=None,
                         registration__system=f.SystemFactory(), registration__approach=f.ApproachFactory(system=True))
    system = case.registration.system
    for role in ("ouder", "kind"):
        SystemMember.objects.create(system=system, person=f.PersonFactory(), role=f"{role} {number}")
    return system


def _rows() -> dict:
    """Every row the erasure touches, without the fresh random keys."""
    models = (Person, System, SystemMember, Registration, Case, Discussion, Measurement, Signal, PoliceRegistration,
              RetentionExtension)
    rows = {model.__name__: sorted((sorted((name, str(value)) for name, value in row.items() if name not in RANDOM)
                                    for row in model.objects.values()), key=str) for model in models}
    rows["deleted"] = sorted(AccessLogEntry.objects.filter(action=Action.DELETE).values_list(
        "object_type", "object_id", "subject_key"), key=str)
    return rows


def _one_by_one_then_undo(erase, objects) -> tuple[dict, list]:
    class Undo(Exception):
        pass

    try:
        with transaction.atomic():
            summaries = [erase(obj) for obj in objects]
            rows = _rows()
            raise Undo
    except Undo:
        return rows, summaries


def test_a_batch_of_persons_is_erased_as_one_by_one():
    persons = [_person_with_history(number) for number in range(4)]
    rows, summaries = _one_by_one_then_undo(lambda person: erase_person(actor=None, person=person, on=ON), persons)
    assert Person.objects.filter(destroyed_on__isnull=True).count() == len(persons)  # undone

    answer = erase_persons(actor=None, persons=persons, on=ON)

    assert _rows() == rows
    assert [answer[person.pk] for person in persons] == summaries
    assert all(summary["persons"] == 1 and summary["signals"] == 1 for summary in summaries)


def test_a_batch_of_systems_and_of_signals_is_erased_as_one_by_one():
    systems = [_system_with_members(number) for number in range(3)]
    signals = [Signal.objects.create(ref=f"ANON-{number}", approach=f.ApproachFactory(), date=D(2019, 3, 1),
                                     kind=SignalKind.ADVIESGESPREK, reported_by=f.OrganisationFactory(),
                                     outcome=SignalOutcome.ADVIES, question=f"anoniem {number}") for number in range(3)]

    def one(obj):
        if isinstance(obj, System):
            return erase_system(actor=None, system=obj, on=ON)
        return erase_signal(actor=None, signal=obj, on=ON)

    rows, summaries = _one_by_one_then_undo(one, [*systems, *signals])

    by_system = erase_systems(actor=None, systems=systems, on=ON)
    by_signal = erase_signals(actor=None, signals=signals, on=ON)

    assert _rows() == rows
    assert [by_system[system.pk] for system in systems] + [by_signal[signal.pk] for signal in signals] == summaries
    assert all(summary["persons"] == 2 and summary["systems"] == 1 for summary in summaries[:3])


def test_the_number_of_queries_does_not_grow_with_the_batch():
    small = [_person_with_history(number) for number in range(2)]
    large = [_person_with_history(number) for number in range(2, 8)]
    with CaptureQueriesContext(connection) as for_small:
        erase_persons(actor=None, persons=small, on=ON)
    with CaptureQueriesContext(connection) as for_large:
        erase_persons(actor=None, persons=large, on=ON)
    assert len(for_large.captured_queries) == len(for_small.captured_queries)
    assert not Person.objects.filter(destroyed_on__isnull=True, pk__in=[p.pk for p in small + large]).exists()


def _closed(end: datetime.date, **registration) -> Case:
    case = f.CaseFactory(closed=True, registration__registered_on=end - datetime.timedelta(days=200), **{
        f"registration__{key}": value for key, value in registration.items()})
    case.end_date = end
    case.save()
    return case


def test_the_batch_re_check_answers_what_due_for_answers_for_each():
    as_of = D(2030, 1, 1)
    past = _closed(D(2015, 3, 1)).registration.person
    recent = _closed(D(2029, 6, 1)).registration.person
    in_regie = f.CaseFactory().registration.person
    extended = _closed(D(2015, 3, 1)).registration.person
    RetentionExtension.objects.create(person=extended, until=D(2031, 1, 1), reason="nog nodig")
    system_case = _closed(D(2016, 3, 1), person=None, system=f.SystemFactory(),
                          approach=f.ApproachFactory(system=True))
    system = system_case.registration.system
    member = _closed(D(2014, 1, 1)).registration.person
    SystemMember.objects.create(system=system, person=member, role="ouder")
    open_system = f.CaseFactory(registration__person=None, registration__system=f.SystemFactory(),
                                registration__approach=f.ApproachFactory(system=True)).registration.system
    held_by_system = _closed(D(2014, 1, 1)).registration.person
    SystemMember.objects.create(system=open_system, person=held_by_system, role="kind")
    anonymous = Signal.objects.create(ref="ANON", approach=f.ApproachFactory(), date=D(2015, 1, 1),
                                      kind=SignalKind.MELDING, reported_by=f.OrganisationFactory(),
                                      outcome=SignalOutcome.ADVIES)
    still_open = Signal.objects.create(ref="OPEN", approach=f.ApproachFactory(), date=D(2015, 1, 1),
                                       kind=SignalKind.MELDING, reported_by=f.OrganisationFactory(), outcome="")
    persons = [past, recent, in_regie, extended, member, held_by_system]
    systems = [system, open_system]
    signals = [anonymous, still_open]

    one_by_one = {}
    for kind, objects in ((ItemKind.PERSON, persons), (ItemKind.SYSTEM, systems), (ItemKind.SIGNAL, signals)):
        for obj in objects:
            due = due_for(as_of=as_of, **{kind: obj})
            if due is not None:
                one_by_one[(kind, obj.pk)] = due
    with CaptureQueriesContext(connection) as queries:
        batch = due_for_many(as_of=as_of, persons=persons, systems=systems, signals=signals)

    assert batch == one_by_one
    # The member goes with its system (not due on its own while the system is not destroyed).
    assert set(batch) == {(ItemKind.PERSON, past.pk), (ItemKind.SYSTEM, system.pk), (ItemKind.SIGNAL, anonymous.pk)}
    with CaptureQueriesContext(connection) as for_one:
        due_for_many(as_of=as_of, persons=persons[:1], systems=systems[:1], signals=signals[:1])
    assert len(queries.captured_queries) == len(for_one.captured_queries)
