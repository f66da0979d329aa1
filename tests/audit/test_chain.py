"""Appending to the access log: the fields of an entry and the hash chains that link them."""

import datetime
import hashlib
import json
import uuid

import pytest

from procesregie.accounts.models import RoleAssignment
from procesregie.audit.chain import CHAIN_COUNT, GENESIS_HASH
from procesregie.audit.models import AccessLogEntry, Action, ChainHead, Outcome
from procesregie.audit.services import AccessTarget, record_access, record_accesses
from procesregie.subjects.models import Person
from tests.factories import ApproachFactory, CaseFactory, OrganisationFactory, PersonFactory, UserFactory

from .conftest import record_in_chain

pytestmark = pytest.mark.django_db


def auditor_hash(entry: dict) -> str:
    """The formula of the `audit.chain` docstring, written again from the text alone."""
    obj = {key: value for key, value in entry.items() if key not in ("hash", "chain", "position")}
    obj["occurred_at"] = obj["occurred_at"].astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if obj["subject_key"] is not None:
        obj["subject_key"] = str(obj["subject_key"])
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((entry["prev_hash"] + text).encode("utf-8")).hexdigest()


def auditor_checks_the_log() -> int:
    """The checks of the `audit.chain` docstring, written again from the text alone; returns the entry count."""
    rows = list(AccessLogEntry.objects.order_by("chain", "position").values())
    heads = {head["id"]: head for head in ChainHead.objects.values()}
    assert set(heads) == set(range(1, CHAIN_COUNT + 1))
    for chain, head in heads.items():
        in_chain = [row for row in rows if row["chain"] == chain]
        assert [row["position"] for row in in_chain] == list(range(1, len(in_chain) + 1))
        prev_hash = GENESIS_HASH
        for row in in_chain:
            assert row["prev_hash"] == prev_hash
            assert auditor_hash(row) == row["hash"]
            prev_hash = row["hash"]
        last = in_chain[-1] if in_chain else {"position": 0, "sequence": 0, "hash": GENESIS_HASH}
        assert (head["last_position"], head["last_sequence"], head["last_hash"]) == (
            last["position"], last["sequence"], last["hash"]
        )
    assert {row["chain"] for row in rows} <= set(heads)
    return len(rows)


def test_entries_form_a_chain_from_genesis_that_an_auditor_can_recompute():
    for _i in range(3):
        record_access(actor=None, action=Action.READ, obj=PersonFactory())
    rows = list(AccessLogEntry.objects.order_by("sequence").values())
    assert [(row["chain"], row["position"]) for row in rows] == [(1, 1), (1, 2), (1, 3)]
    assert rows[0]["sequence"] < rows[1]["sequence"] < rows[2]["sequence"]
    assert rows[0]["prev_hash"] == GENESIS_HASH
    assert rows[1]["prev_hash"] == rows[0]["hash"]
    assert rows[2]["prev_hash"] == rows[1]["hash"]
    assert len({row["hash"] for row in rows}) == 3
    assert auditor_checks_the_log() == 3
    head = ChainHead.objects.get(pk=1)
    assert (head.last_position, head.last_sequence, head.last_hash) == (3, rows[2]["sequence"], rows[2]["hash"])


def test_each_chain_starts_from_genesis_and_entries_are_numbered_across_chains():
    entries = [record_in_chain(chain, actor=None, action=Action.READ, obj=PersonFactory()) for chain in (1, 2, 1, 5)]
    assert [(entry.chain, entry.position) for entry in entries] == [(1, 1), (2, 1), (1, 2), (5, 1)]
    assert [entry.prev_hash for entry in entries] == [GENESIS_HASH, GENESIS_HASH, entries[0].hash, GENESIS_HASH]
    assert [entry.sequence for entry in entries] == sorted({entry.sequence for entry in entries})
    assert auditor_checks_the_log() == 4


def test_entry_records_who_in_which_role_and_organisation_did_what_to_whom_and_why():
    user = UserFactory(username="regisseur1", organisation=OrganisationFactory(code="zvh-utrecht"))
    RoleAssignment.objects.create(user=user, role="procesregisseur")
    RoleAssignment.objects.create(user=user, role="manager")
    person = PersonFactory()
    case = CaseFactory(registration__person=person)
    approach = ApproachFactory(code="top-x")

    entry = record_access(
        actor=user, action=Action.UPDATE, obj=person, purpose_case=case, purpose_approach=approach
    )

    stored = AccessLogEntry.objects.get(sequence=entry.sequence)
    assert stored.actor_id == user.pk
    assert stored.actor_username == "regisseur1"
    assert stored.actor_organisation == "zvh-utrecht"
    assert stored.actor_roles == "manager,procesregisseur"
    assert (stored.action, stored.outcome) == ("update", "granted")
    assert (stored.object_type, stored.object_id) == ("subjects.person", str(person.pk))
    assert stored.subject_key == person.subject_key
    assert (stored.purpose_case_id, stored.purpose_approach) == (case.pk, "top-x")
    assert stored.occurred_at.tzinfo is not None
    assert (stored.ip, stored.request_id) == ("", "")


def test_system_actor_and_denied_outcome():
    key = uuid.uuid4()
    entry = record_access(actor=None, action=Action.EXPORT, subject_key=str(key), outcome=Outcome.DENIED)
    stored = AccessLogEntry.objects.get(sequence=entry.sequence)
    assert (stored.actor_id, stored.actor_username, stored.actor_roles) == (None, "system", "")
    assert (stored.subject_key, stored.outcome) == (key, "denied")


def test_entry_outlives_the_user_it_names():
    user = UserFactory(username="vertrokken")
    record_access(actor=user, action=Action.LOGIN)
    user_id = user.pk
    user.delete()
    stored = AccessLogEntry.objects.get()
    assert (stored.actor_id, stored.actor_username) == (user_id, "vertrokken")


def test_a_list_is_one_entry_per_subject_shown_in_one_append():
    people = PersonFactory.create_batch(3)
    entries = record_accesses(
        actor=None, action=Action.READ, targets=[AccessTarget(obj=person) for person in people]
    )
    assert [(entry.chain, entry.position) for entry in entries] == [(1, 1), (1, 2), (1, 3)]
    assert set(AccessLogEntry.objects.values_list("subject_key", flat=True)) == {p.subject_key for p in people}
    assert ChainHead.objects.get(pk=1).last_position == 3


def test_a_list_that_shows_nobody_is_one_entry_without_subject():
    record_access(actor=None, action=Action.READ, obj=Person)
    stored = AccessLogEntry.objects.get()
    assert (stored.object_type, stored.object_id, stored.subject_key) == ("subjects.person", "", None)


def test_programming_errors_write_nothing():
    unsaved = PersonFactory.build()
    with pytest.raises(ValueError):
        record_access(actor=None, action=Action.DELETE, obj=unsaved)
    with pytest.raises(ValueError):
        record_access(actor=None, action="peek")
    assert not AccessLogEntry.objects.exists()
