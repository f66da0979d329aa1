"""Proposing destruction lists (idempotent) and `procesregie retention propose`."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from procesregie.audit.models import AccessLogEntry, Action
from procesregie.retention.models import Decision, DestructionItem, DestructionList, ItemKind, Phase, Result
from procesregie.retention.services.proposing import destruction_list_propose
from tests import factories as f

from .test_due import closed_case, signal

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def past():
    """Two persons and an anonymous signal past their dates on 2025-01-01; one person not yet."""
    return {
        "old": closed_case(D(2015, 1, 1)).registration.person,
        "older": closed_case(D(2012, 6, 1)).registration.person,
        "anonymous": signal(date=D(2020, 1, 1)),
        "recent": closed_case(D(2022, 1, 1)).registration.person,
    }


def objects(destruction_list):
    return sorted((item.kind, item.person_id or item.system_id or item.signal_id)
                  for item in destruction_list.items.all())


def test_a_list_holds_what_is_past_its_date_with_the_policy(past):
    destruction_list = destruction_list_propose(actor=None, as_of=D(2025, 1, 1))
    assert objects(destruction_list) == sorted([(ItemKind.PERSON, past["old"].pk), (ItemKind.PERSON, past["older"].pk),
                                                (ItemKind.SIGNAL, past["anonymous"].pk)])
    item = destruction_list.items.get(person=past["older"])
    assert (item.due_on, item.phase, item.decision) == (D(2017, 6, 1), Phase.CLOSED_CASE, Decision.PENDING)
    assert item.policy == [{"phase": "closed_case", "approach": "", "months": 60, "counts_from": "end_date"}]
    assert {rule["phase"] for rule in destruction_list.policy} == set(Phase.values)
    entry = AccessLogEntry.objects.get(object_type="retention.destructionlist")
    assert (entry.action, entry.actor_username, entry.subject_key) == (Action.CREATE, "system", None)


def test_proposing_again_adds_nothing_twice_and_writes_nothing(past):
    first = destruction_list_propose(actor=None, as_of=D(2025, 1, 1))
    log = AccessLogEntry.objects.count()
    assert destruction_list_propose(actor=None, as_of=D(2025, 1, 1)) == first
    assert DestructionList.objects.count() == 1 and DestructionItem.objects.count() == 3
    assert AccessLogEntry.objects.count() == log


def test_newly_due_objects_join_the_open_list(past):
    first = destruction_list_propose(actor=None, as_of=D(2025, 1, 1))
    later = destruction_list_propose(actor=None, as_of=D(2027, 6, 1))
    assert later == first and first.items.count() == 4
    assert DestructionList.objects.get().as_of == D(2027, 6, 1)


def test_nothing_due_makes_no_list(db):
    closed_case(D(2024, 1, 1))
    assert destruction_list_propose(actor=None, as_of=D(2025, 1, 1)) is None
    assert not DestructionList.objects.exists()


def test_a_finished_list_is_not_open_and_an_excluded_subject_is_proposed_again(past):
    first = destruction_list_propose(actor=None, as_of=D(2025, 1, 1))
    first.items.filter(person=past["old"]).update(decision=Decision.EXCLUDED, decision_reason="Klacht loopt")
    assert destruction_list_propose(actor=None, as_of=D(2025, 1, 1)) == first  # still open: nothing new
    first.items.exclude(person=past["old"]).update(decision=Decision.APPROVED, result=Result.DESTROYED)
    second = destruction_list_propose(actor=None, as_of=D(2025, 1, 1))
    assert second != first
    # Once the first list is done the excluded subject is proposed again (the review shows the earlier exclusion).
    assert (ItemKind.PERSON, past["old"].pk) in objects(second)


def test_approved_items_not_carried_out_keep_the_list_open(past):
    first = destruction_list_propose(actor=None, as_of=D(2025, 1, 1))
    first.items.update(decision=Decision.APPROVED)
    assert destruction_list_propose(actor=None, as_of=D(2027, 6, 1)) == first
    assert first.items.count() == 4


def test_the_command_prints_counts_without_personal_data(past):
    out = StringIO()
    call_command("retention", "propose", "--as-of", "2025-01-01", stdout=out)
    text = out.getvalue()
    assert "3 nieuw" in text and "persoon: 2" in text and "anonieme melding: 1" in text
    for person in (past["old"], past["older"]):
        assert person.family_name not in text and person.ref not in text and str(person.subject_key) not in text
    again = StringIO()
    call_command("retention", "propose", "--as-of", "2025-01-01", stdout=again)
    assert "Niets nieuws" in again.getvalue() and "3 item(s) te beoordelen" in again.getvalue()
    assert DestructionItem.objects.count() == 3


def test_the_command_says_when_nothing_is_due(db):
    out = StringIO()
    call_command("retention", "propose", "--as-of", "2025-01-01", stdout=out)
    assert "Niets is over de bewaartermijn" in out.getvalue()


def test_the_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError, match="JJJJ-MM-DD"):
        call_command("retention", "propose", "--as-of", "1-1-2025")
    assert not DestructionList.objects.exists()


def test_a_system_and_its_members(db):
    system = f.SystemFactory(members=2)
    closed_case(D(2010, 1, 1), person=None, system=system, approach=f.ApproachFactory(system=True))
    destruction_list = destruction_list_propose(actor=None, as_of=D(2025, 1, 1))
    assert objects(destruction_list) == [(ItemKind.SYSTEM, system.pk)]
