"""When a subject, an anonymous signal or the access log is past its retention date (retention.due)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procesregie.casework.models import CaseStatus
from procesregie.core.months import add_months
from procesregie.retention.due import due_for, due_items, subject_due
from procesregie.retention.models import ItemKind, Phase, RetentionExtension, RetentionRule
from procesregie.signals.models import Signal, SignalKind, SignalOutcome
from procesregie.subjects.models import SystemMember
from tests import factories as f

pytestmark = pytest.mark.django_db
D = datetime.date


def closed_case(end: datetime.date, **registration):
    case = f.CaseFactory(closed=True, registration__registered_on=end - datetime.timedelta(days=200), **{
        f"registration__{key}": value for key, value in registration.items()})
    case.end_date = end
    case.save()
    return case


def signal(*, date, person=None, system=None, outcome=SignalOutcome.ADVIES, follow_up_on=None, approach=None):
    return Signal.objects.create(
        ref=f"M-{Signal.objects.count() + 1}", approach=approach or f.ApproachFactory(), date=date,
        kind=SignalKind.MELDING, reported_by=f.OrganisationFactory(), person=person, system=system,
        outcome=outcome, follow_up_on=follow_up_on,
    )


def keys(items):
    return {(due.kind, due.object_id) for due in items}


def test_a_closed_case_is_kept_five_years_after_its_end_date():
    case = closed_case(D(2019, 3, 10))
    person = case.registration.person
    due = subject_due(person=person)
    assert (due.due_on, due.phase, due.kind) == (D(2024, 3, 10), Phase.CLOSED_CASE, ItemKind.PERSON)
    assert due_for(person=person, as_of=D(2024, 3, 10)) is None  # kept until and including that day
    assert due_for(person=person, as_of=D(2024, 3, 11)).due_on == D(2024, 3, 10)
    assert keys(due_items(D(2024, 3, 11))) == {(ItemKind.PERSON, person.pk)}
    assert due_items(D(2024, 3, 10)) == []


def test_a_declined_registration_counts_from_its_triage_date_or_as_the_rule_says():
    registration = f.RegistrationFactory(declined=True, registered_on=D(2022, 1, 1))  # triaged 15 January
    assert subject_due(person=registration.person).due_on == D(2023, 1, 15)
    RetentionRule.objects.create(phase=Phase.DECLINED_REGISTRATION, approach=registration.approach, months=6,
                                 counts_from="registered_on")
    due = subject_due(person=registration.person)
    assert (due.due_on, due.approach_code) == (D(2022, 7, 1), registration.approach.code)


def test_the_latest_item_sets_the_date_and_open_work_keeps_the_subject():
    person = f.PersonFactory()
    closed_case(D(2015, 1, 1), person=person)
    closed_case(D(2018, 6, 1), person=person)
    assert subject_due(person=person).due_on == D(2023, 6, 1)
    pending = f.RegistrationFactory(person=person)
    assert subject_due(person=person) is None
    assert due_items(D(2030, 1, 1)) == []
    pending.delete()
    open_case = f.CaseFactory(registration__person=person, registration__registered_on=D(2018, 1, 1))
    assert due_items(D(2030, 1, 1)) == []
    open_case.status, open_case.end_date = CaseStatus.CLOSED, D(2019, 1, 1)
    open_case.end_reason = f.closing_reason("positief")
    open_case.save()
    assert subject_due(person=person).due_on == D(2024, 1, 1)  # the case closed last


def test_signals_without_a_registration_count_and_open_signals_keep_the_subject():
    person = f.PersonFactory()
    signal(date=D(2020, 5, 1), person=person)
    assert subject_due(person=person).due_on == D(2021, 5, 1)
    follow_up = signal(date=D(2020, 6, 1), person=person, follow_up_on=D(2020, 7, 1))
    assert subject_due(person=person) is None
    follow_up.follow_up_on = None
    follow_up.save()
    assert subject_due(person=person).due_on == D(2021, 6, 1)
    signal(date=D(2020, 7, 1), person=person, outcome="")  # waits for a procesregisseur
    assert subject_due(person=person) is None


def test_an_anonymous_signal_is_an_item_of_its_own():
    anonymous = signal(date=D(2021, 2, 1))
    waiting = signal(date=D(2021, 2, 1), outcome="")
    assert keys(due_items(D(2023, 1, 1))) == {(ItemKind.SIGNAL, anonymous.pk)}
    assert due_for(signal=anonymous, as_of=D(2023, 1, 1)).phase == Phase.SIGNAL
    assert due_for(signal=waiting, as_of=D(2030, 1, 1)) is None


def test_an_extension_keeps_a_subject_until_its_date():
    case = closed_case(D(2018, 1, 1))
    person = case.registration.person
    RetentionExtension.objects.create(person=person, until=D(2025, 1, 1), reason="Lopend onderzoek")
    RetentionExtension.objects.create(person=person, until=D(2024, 1, 1), reason="Eerder")
    due = subject_due(person=person)
    assert (due.due_on, due.extended_until) == (D(2025, 1, 1), D(2025, 1, 1))
    assert due_items(D(2024, 6, 1)) == []
    assert keys(due_items(D(2025, 1, 2))) == {(ItemKind.PERSON, person.pk)}


def test_a_member_goes_with_its_system_and_is_due_by_its_own_dates_once_the_system_is_destroyed():
    system_case = closed_case(D(2016, 1, 1), person=None, system=f.SystemFactory(), approach=f.ApproachFactory(system=True))
    system = system_case.registration.system
    member = f.PersonFactory()
    SystemMember.objects.create(system=system, person=member)
    closed_case(D(2015, 1, 1), person=member)
    assert subject_due(system=system).due_on == D(2021, 1, 1)
    assert subject_due(person=member) is None  # its own case alone: 2020, but the household is kept
    assert keys(due_items(D(2021, 1, 2))) == {(ItemKind.SYSTEM, system.pk)}
    type(system).objects.filter(pk=system.pk).update(destroyed_on=D(2021, 1, 2))
    type(system_case.registration).objects.filter(pk=system_case.registration_id).update(destroyed_on=D(2021, 1, 2))
    assert subject_due(person=member).due_on == D(2020, 1, 1)
    assert keys(due_items(D(2021, 1, 2))) == {(ItemKind.PERSON, member.pk)}


def test_a_member_of_a_system_with_open_work_is_never_due():
    system_case = closed_case(D(2016, 1, 1), person=None, system=f.SystemFactory(), approach=f.ApproachFactory(system=True))
    system = system_case.registration.system
    member = f.PersonFactory()
    SystemMember.objects.create(system=system, person=member)
    closed_case(D(2015, 1, 1), person=member)
    f.RegistrationFactory(system=system, person=None)  # the system is registered again: pending
    assert subject_due(person=member) is None
    assert due_items(D(2030, 1, 1)) == []


def test_a_member_without_registrations_of_its_own_goes_with_its_system():
    system_case = closed_case(D(2016, 1, 1), person=None, system=f.SystemFactory(), approach=f.ApproachFactory(system=True))
    member = f.PersonFactory()
    SystemMember.objects.create(system=system_case.registration.system, person=member)
    assert subject_due(person=member) is None
    assert keys(due_items(D(2030, 1, 1))) == {(ItemKind.SYSTEM, system_case.registration.system_id)}


def test_destroyed_subjects_are_never_due_again():
    case = closed_case(D(2010, 1, 1))
    person = case.registration.person
    person.destroyed_on = D(2020, 1, 1)
    person.save()
    registration = case.registration
    registration.destroyed_on = D(2020, 1, 1)
    registration.save()
    assert due_items(D(2030, 1, 1)) == []
    assert due_for(person=person, as_of=D(2030, 1, 1)) is None


def test_the_approach_rule_overrides_the_house_default():
    approach = f.ApproachFactory()
    case = closed_case(D(2020, 1, 1), approach=approach)
    other = closed_case(D(2020, 1, 1))
    RetentionRule.objects.create(phase=Phase.CLOSED_CASE, approach=approach, months=24, counts_from="end_date")
    due = subject_due(person=case.registration.person)
    assert (due.due_on, due.approach_code, due.rule["months"]) == (D(2022, 1, 1), approach.code, 24)
    assert subject_due(person=other.registration.person).due_on == D(2025, 1, 1)
    RetentionRule.objects.create(phase=Phase.CLOSED_CASE, approach=None, months=36, counts_from="end_date")
    assert subject_due(person=other.registration.person).due_on == D(2023, 1, 1)


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def test_due_items_reads_the_installation_in_a_fixed_number_of_queries():
    for year in range(2005, 2008):
        closed_case(D(year, 1, 1))
    signal(date=D(2012, 1, 1))
    assert len(due_items(D(2025, 1, 1))) == 4
    before = _queries(lambda: due_items(D(2025, 1, 1)))
    for year in range(2008, 2012):
        closed_case(D(year, 1, 1))
    system_case = closed_case(D(2010, 1, 1), person=None, system=f.SystemFactory(members=2),
                              approach=f.ApproachFactory(system=True))
    RetentionExtension.objects.create(system=system_case.registration.system, until=D(2029, 1, 1), reason="x")
    signal(date=D(2013, 1, 1), person=f.PersonFactory())
    f.RegistrationFactory(declined=True, registered_on=D(2015, 1, 1))
    assert len(due_items(D(2025, 1, 1))) == 10
    assert _queries(lambda: due_items(D(2025, 1, 1))) == before


def test_months_are_calendar_months():
    case = closed_case(D(2019, 8, 31))
    RetentionRule.objects.create(phase=Phase.CLOSED_CASE, approach=None, months=6, counts_from="end_date")
    assert subject_due(person=case.registration.person).due_on == add_months(D(2019, 8, 31), 6)


def test_the_access_log_is_one_item_once_entries_are_older_than_its_period():
    pytest.importorskip("procesregie.audit.pruning")
    from django.utils import timezone

    from procesregie.audit.models import Action
    from procesregie.audit.services import record_access
    from procesregie.subjects.models import Person

    today = timezone.localdate()
    assert [due for due in due_items(today) if due.kind == ItemKind.ACCESS_LOG] == []
    record_access(actor=None, action=Action.READ, obj=Person)
    assert [due for due in due_items(add_months(today, 60)) if due.kind == ItemKind.ACCESS_LOG] == []
    (log,) = [due for due in due_items(add_months(today, 60) + datetime.timedelta(days=2)) if due.kind == ItemKind.ACCESS_LOG]
    assert (log.phase, log.log_before, log.object_id) == (Phase.ACCESS_LOG, today + datetime.timedelta(days=2), None)
