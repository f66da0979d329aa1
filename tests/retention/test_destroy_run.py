"""Carrying out approved items (retention.services.destroying.destruction_carry_out) and the "Vernietigen" page:
each item re-checked with due_for (no longer due: lapsed), erased, recorded without a link to its subject, lists
closed when done; pending and excluded items are never destroyed; a second run changes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.casework.models import Registration
from procesregie.core.errors import NotFound
from procesregie.retention.models import Decision, DestructionItem, DestructionList, Result
from procesregie.retention.services.destroying import destruction_carry_out
from procesregie.subjects.models import Person
from tests import factories as f
from tests.logins import verified_client

from .review_helpers import destruction_list, due_person, item_for

pytestmark = pytest.mark.django_db


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def approved(the_list, person, officer):
    return item_for(the_list, person=person, decision=Decision.APPROVED, decided_by=officer,
                    decided_at=timezone.now())


def test_an_approved_person_is_destroyed_and_the_item_keeps_counts_not_the_person(officer):
    person = due_person(family_name="Weg", given_name="Helemaal")
    the_list = destruction_list()
    item = approved(the_list, person, officer)
    outcome = destruction_carry_out(actor=officer)
    assert (outcome["destroyed"], outcome["lapsed"], outcome["lists_closed"]) == (1, 0, [the_list.pk])
    person = fresh(person)
    assert person.destroyed_on == timezone.localdate()
    assert (person.family_name, person.given_name, person.bsn) == ("", "", None)
    item = fresh(item)
    assert (item.result, item.person_id, item.carried_out_at is not None) == (Result.DESTROYED, None, True)
    assert item.summary.get("persons") == 1 and item.summary.get("registrations") == 1
    assert item.policy and item.policy[0]["phase"] == "declined_registration"
    assert outcome["data"] == item.summary
    assert fresh(the_list).closed_at is not None


def test_a_second_run_changes_nothing(officer):
    person = due_person()
    approved(destruction_list(), person, officer)
    destruction_carry_out(actor=officer)
    rows = (list(Person.objects.values()), list(DestructionItem.objects.values()),
            list(DestructionList.objects.values()))
    assert destruction_carry_out(actor=officer) == {"destroyed": 0, "lapsed": 0, "data": {}, "lists_closed": []}
    assert rows == (list(Person.objects.values()), list(DestructionItem.objects.values()),
                    list(DestructionList.objects.values()))


def test_pending_and_excluded_items_are_never_destroyed_and_keep_the_list_open(officer):
    pending_person, excluded_person, approved_person = due_person(), due_person(), due_person()
    the_list = destruction_list()
    pending = item_for(the_list, person=pending_person)
    item_for(the_list, person=excluded_person, decision=Decision.EXCLUDED, decision_reason="Bewaren.")
    approved(the_list, approved_person, officer)
    outcome = destruction_carry_out(actor=None)  # the scheduled command: only what the officer approved
    assert outcome["destroyed"] == 1 and outcome["lists_closed"] == []
    assert fresh(pending_person).destroyed_on is None and fresh(excluded_person).destroyed_on is None
    assert fresh(approved_person).destroyed_on is not None
    assert fresh(the_list).closed_at is None
    pending.decision = Decision.EXCLUDED
    pending.save()
    assert destruction_carry_out(actor=None)["lists_closed"] == [the_list.pk]


def test_an_item_no_longer_due_lapses_and_its_data_stays(officer):
    person = due_person(family_name="Terug")
    the_list = destruction_list()
    item = approved(the_list, person, officer)
    f.RegistrationFactory(person=person)  # a new registration, waiting for triage: never due while it waits
    outcome = destruction_carry_out(actor=officer)
    assert (outcome["destroyed"], outcome["lapsed"]) == (0, 1)
    assert fresh(person).family_name == "Terug" and fresh(person).destroyed_on is None
    assert Registration.objects.filter(person=person).count() == 2
    item = fresh(item)
    assert (item.result, item.summary, item.person_id) == (Result.LAPSED, {}, None)


def test_only_the_given_list_is_carried_out(officer):
    first, second = destruction_list(), destruction_list()
    in_first, in_second = due_person(), due_person()
    approved(first, in_first, officer)
    approved(second, in_second, officer)
    destruction_carry_out(actor=officer, destruction_list=first)
    assert fresh(in_first).destroyed_on is not None and fresh(in_second).destroyed_on is None


@pytest.mark.parametrize("persona", ["regisseur", "manager", "functional_admin"])
def test_nobody_but_the_privacy_officer_or_the_system_carries_out(world, officer, persona):
    person = due_person()
    approved(destruction_list(), person, officer)
    with pytest.raises(NotFound):
        destruction_carry_out(actor=world.users[persona])
    assert fresh(person).destroyed_on is None


def test_the_page_asks_for_confirmation_then_destroys_and_shows_the_record(officer):
    person = due_person(family_name="Bevestigd")
    the_list = destruction_list()
    approved(the_list, person, officer)
    client = verified_client(officer)
    url = reverse("retention:destruction-run", args=[the_list.pk])
    page = client.get(url).content.decode()
    assert "1 goedgekeurd item van deze lijst wordt vernietigd." in page and "Bevestigd" not in page
    response = client.post(url, {})
    assert response.status_code == 200
    assert "Bevestig dat u de goedgekeurde items wilt vernietigen." in response.content.decode()
    assert fresh(person).destroyed_on is None
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("retention:destruction-record",
                                                                          args=[the_list.pk])
    assert fresh(person).destroyed_on is not None
    record = client.get(response["Location"]).content.decode()
    assert "Vernietigd: 1, vervallen: 0." in record
    assert "personen" in record and "Bevestigd" not in record


def test_the_access_log_is_pruned_before_the_approved_date_once_the_policy_says_it_is_past(officer):
    from procesregie.audit.models import AccessLogEntry, Action
    from procesregie.audit.services import record_access

    for _ in range(3):
        record_access(actor=officer, action=Action.READ, obj=Person)
    the_list = destruction_list()
    item = item_for(the_list, kind="access_log", decision=Decision.APPROVED, decided_by=officer,
                    decided_at=timezone.now(), phase="access_log",
                    log_before=timezone.localdate() + datetime.timedelta(days=1))
    today = timezone.localdate()
    assert destruction_carry_out(actor=officer, on=today)["lapsed"] == 1  # under the policy, nothing is old enough
    assert AccessLogEntry.objects.filter(action=Action.READ).count() == 3
    item = fresh(item)
    item.result, item.carried_out_at = Result.NONE, None
    item.save()
    outcome = destruction_carry_out(actor=officer, on=today + datetime.timedelta(days=365 * 6))
    item = fresh(item)
    assert item.result == Result.DESTROYED and item.summary["access_log_entries"] >= 3
    assert item.policy[0]["phase"] == "access_log"
    assert not AccessLogEntry.objects.filter(action=Action.READ).exists()
    assert outcome["data"]["access_log_entries"] == item.summary["access_log_entries"]


def test_a_destruction_that_would_change_a_report_destroys_nothing(officer, monkeypatch):
    import contextlib

    from django.db import transaction

    from procesregie.core.errors import DomainError
    from procesregie.retention.safeguard import ReportsChanged
    from procesregie.retention.services import destroying

    @contextlib.contextmanager
    def a_report_changes(**_kwargs):
        with transaction.atomic():
            yield
            raise ReportsChanged([("annual", {"year": 2015})])

    monkeypatch.setattr(destroying, "reports_unchanged", a_report_changes)
    person = due_person(family_name="Blijft")
    the_list = destruction_list()
    item = approved(the_list, person, officer)
    with pytest.raises(DomainError, match="Er is niets vernietigd.*annual"):
        destruction_carry_out(actor=officer)
    assert fresh(person).family_name == "Blijft" and fresh(person).destroyed_on is None
    item = fresh(item)
    assert (item.result, item.person_id, item.decision) == (Result.NONE, person.pk, Decision.APPROVED)
    assert fresh(the_list).closed_at is None


def test_an_approved_system_and_an_anonymous_signal_are_destroyed_by_their_kind(officer):
    from procesregie.signals.models import Signal, SignalKind, SignalOutcome
    from procesregie.subjects.models import System

    registration = f.RegistrationFactory(for_system=True, declined=True, registered_on=datetime.date(2015, 1, 1),
                                         system__name="Systeem Weggevaagd")
    system = registration.system
    signal = Signal.objects.create(
        ref="M-ANON-1", approach=f.ApproachFactory(), date=datetime.date(2015, 2, 1), kind=SignalKind.MELDING,
        reported_by=f.OrganisationFactory(), outcome=SignalOutcome.ADVIES, question="Anonieme vraag over iemand.",
    )
    the_list = destruction_list()
    system_item = item_for(the_list, system=system, decision=Decision.APPROVED, decided_by=officer,
                           decided_at=timezone.now())
    signal_item = item_for(the_list, signal=signal, phase="signal", decision=Decision.APPROVED, decided_by=officer,
                           decided_at=timezone.now())
    outcome = destruction_carry_out(actor=officer)
    assert outcome["destroyed"] == 2
    system = System.objects.get(pk=system.pk)
    assert (system.name, system.destroyed_on) == ("", timezone.localdate())
    signal = Signal.objects.get(pk=signal.pk)
    assert (signal.question, signal.destroyed_on) == ("", timezone.localdate())
    assert fresh(system_item).summary.get("systems") == 1 and fresh(signal_item).summary.get("signals") == 1
    assert (fresh(system_item).system_id, fresh(signal_item).signal_id) == (None, None)
