"""Retention of the access log (docs/decisions/0018): pruning removes each chain's oldest entries, `audit verify`
continues from the chains' pruning anchors, and everything else the log refused before it still refuses.

The log under test has entries written at set moments (the clock is set while they are appended):
chain 1: 2020-01-10, 2020-06-01, 2021-03-01, 2026-01-01; chain 2: 2020-02-01, 2022-01-01, 2026-01-01;
chain 3: 2019-05-01, 2019-06-01 (all of it old). Pruning before 2021-01-01 removes 2 + 1 + 2 entries.
"""

import datetime
import importlib
import threading
import time
from types import SimpleNamespace
from unittest import mock

import pytest
from django.db import connection, transaction
from django.utils import timezone

from procesregie.audit import verify as verify_module
from procesregie.audit.chain import CHAINS, GENESIS_HASH, entry_hash
from procesregie.audit.models import AccessLogEntry, Action, ChainHead, PruningAnchor
from procesregie.audit.pruning import log_entries_before, prune_access_log
from procesregie.audit.services import record_access
from procesregie.audit.verify import Head, Pruned, verify_chain
from tests.factories import PersonFactory, UserFactory

from .conftest import drop_guards, record_in_chain, restore_guards, run_sql
from .test_concurrency import in_thread, postgresql_only
from .test_guards import refused
from .test_verify import verify, verify_fails

pytestmark = pytest.mark.django_db

CET = datetime.timezone(datetime.timedelta(hours=1))  # the moments below are at noon: the day is the same in Utrecht
WRITTEN = {
    1: ["2020-01-10", "2020-06-01", "2021-03-01", "2026-01-01"],
    2: ["2020-02-01", "2022-01-01", "2026-01-01"],
    3: ["2019-05-01", "2019-06-01"],
}
BEFORE = datetime.date(2021, 1, 1)
REMOVED = {1: 2, 2: 1, 3: 2}


def moment(day: str, hour: int = 12) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=CET)


def append_at(when: datetime.datetime, chain: int = 1) -> AccessLogEntry:
    """A read of a new synthetic person, appended to `chain` with the clock set to `when`."""
    person = PersonFactory()
    with mock.patch("django.utils.timezone.now", return_value=when):
        return record_in_chain(chain, actor=None, action=Action.READ, obj=person)


def heads() -> None:
    """The chains' heads, without an entry (migration 0003 made them; a flushed test database lost them)."""
    ChainHead.objects.bulk_create([ChainHead(pk=chain) for chain in CHAINS], ignore_conflicts=True)


@pytest.fixture
def aged_log(db) -> dict[int, list[AccessLogEntry]]:
    heads()
    assert not AccessLogEntry.objects.exists()
    return {chain: [append_at(moment(day), chain) for day in days] for chain, days in WRITTEN.items()}


def anchor(chain: int) -> PruningAnchor:
    return PruningAnchor.objects.get(pk=chain)


def remaining(chain: int) -> list[int]:
    return list(AccessLogEntry.objects.filter(chain=chain).order_by("position").values_list("position", flat=True))


def pruned_log(aged_log) -> dict[int, list[AccessLogEntry]]:
    assert prune_access_log(actor=None, before=BEFORE) == sum(REMOVED.values())
    return aged_log


# --- what pruning removes, what it leaves, and that the log still verifies ------------------------------------


def test_pruning_removes_the_oldest_entries_of_every_chain_and_the_log_still_verifies(aged_log):
    offset = {chain: entries[0].position - 1 for chain, entries in aged_log.items()}
    assert log_entries_before(BEFORE) == 5
    assert prune_access_log(actor=None, before=BEFORE) == 5
    for chain, entries in aged_log.items():
        kept = [entry.position for entry in entries[REMOVED[chain]:]]
        assert [p for p in remaining(chain) if p <= entries[-1].position] == kept
        last_removed = entries[REMOVED[chain] - 1]
        assert (anchor(chain).position, anchor(chain).sequence, anchor(chain).hash) == (
            last_removed.position, last_removed.sequence, last_removed.hash
        )
        assert anchor(chain).before == BEFORE
        assert anchor(chain).position - offset[chain] == REMOVED[chain]
    assert anchor(4).position == 0
    assert log_entries_before(BEFORE) == 0
    output = verify()
    assert "Toegangslogboek intact" in output
    for chain in (1, 2, 3):
        a = anchor(chain)
        assert f"opschoonanker keten {chain}: {a.sequence}:{a.hash} (plaats {a.position}," in output
    assert "opschoonanker keten 4:" not in output


def test_the_day_before_counts_in_the_installation_s_time_zone(db):
    heads()
    late_evening = append_at(datetime.datetime(2020, 12, 31, 22, 30, tzinfo=datetime.UTC))  # 23:30 in Utrecht
    past_midnight = append_at(datetime.datetime(2020, 12, 31, 23, 30, tzinfo=datetime.UTC))  # 00:30 on 1 January
    assert log_entries_before(BEFORE) == 1
    assert prune_access_log(actor=None, before=BEFORE) == 1
    assert not AccessLogEntry.objects.filter(pk=late_evening.pk).exists()
    assert AccessLogEntry.objects.filter(pk=past_midnight.pk).exists()


def test_an_old_entry_after_a_newer_one_waits_so_the_chain_keeps_no_hole(db):
    """A clock stepped back: the chain's entries are not in time order. Only the oldest run goes."""
    heads()
    old, newer, old_again = (append_at(moment(day)) for day in ("2020-01-01", "2022-01-01", "2020-02-01"))
    assert log_entries_before(BEFORE) == 1
    assert prune_access_log(actor=None, before=BEFORE) == 1
    assert set(AccessLogEntry.objects.values_list("pk", flat=True)) >= {newer.pk, old_again.pk}
    assert not AccessLogEntry.objects.filter(pk=old.pk).exists()
    assert "Toegangslogboek intact" in verify()


def test_the_pruning_is_logged_once_without_a_subject(aged_log):
    officer = UserFactory()
    highest = AccessLogEntry.objects.order_by("-sequence").first().sequence
    prune_access_log(actor=officer, before=BEFORE)
    (entry,) = AccessLogEntry.objects.filter(sequence__gt=highest)
    assert (entry.action, entry.object_type, entry.object_id) == (Action.DELETE, "audit.accesslogentry", "")
    assert entry.subject_key is None
    assert (entry.actor_id, entry.actor_username) == (officer.pk, officer.username)
    assert entry.position > anchor(entry.chain).position


def test_running_it_again_changes_nothing_and_logs_nothing(aged_log):
    pruned_log(aged_log)
    rows = list(AccessLogEntry.objects.order_by("sequence").values_list("sequence", "hash"))
    anchors = list(PruningAnchor.objects.order_by("pk").values())
    assert prune_access_log(actor=None, before=BEFORE) == 0
    assert prune_access_log(actor=None, before=datetime.date(2020, 3, 1)) == 0  # an earlier date: nothing moves back
    assert list(AccessLogEntry.objects.order_by("sequence").values_list("sequence", "hash")) == rows
    assert list(PruningAnchor.objects.order_by("pk").values()) == anchors


def test_a_later_date_moves_the_anchors_forward_and_the_log_still_verifies(aged_log):
    assert prune_access_log(actor=None, before=datetime.date(2020, 3, 1)) == 4  # 1 + 1 + 2
    assert "Toegangslogboek intact" in verify()
    # chain 1's 2020-06 and 2021-03 (the first run's own entry, logged in chain 1, is of today: it stays), chain 2's
    # 2022-01
    assert prune_access_log(actor=None, before=datetime.date(2022, 6, 1)) == 3
    assert anchor(1).sequence == aged_log[1][2].sequence
    assert anchor(2).sequence == aged_log[2][1].sequence
    assert "Toegangslogboek intact" in verify()


def test_a_chain_pruned_to_its_end_verifies_and_goes_on_from_its_anchor(aged_log):
    pruned_log(aged_log)
    last = aged_log[3][-1]
    assert remaining(3) == []
    assert (anchor(3).sequence, anchor(3).hash) == (last.sequence, last.hash)
    assert ChainHead.objects.get(pk=3).last_sequence == last.sequence  # the head names the removed entry
    assert "Toegangslogboek intact" in verify()
    appended = append_at(timezone.now(), chain=3)
    assert (appended.position, appended.prev_hash) == (last.position + 1, last.hash)
    assert "Toegangslogboek intact" in verify()


def test_log_entries_before_takes_a_fixed_number_of_queries(aged_log, django_assert_num_queries):
    with django_assert_num_queries(33):
        assert log_entries_before(BEFORE) == 5
    for _i in range(20):
        append_at(moment("2020-01-20"), chain=4)
    with django_assert_num_queries(33):
        assert log_entries_before(BEFORE) == 25


def test_a_date_is_required(db):
    with pytest.raises(TypeError):
        log_entries_before("2021-01-01")
    with pytest.raises(TypeError):
        prune_access_log(actor=None, before=timezone.now())


# --- the guards still refuse everything else ------------------------------------------------------------------


def test_a_recent_entry_can_still_not_be_deleted_or_changed(aged_log):
    pruned_log(aged_log)
    first_kept = aged_log[1][REMOVED[1]]
    count = AccessLogEntry.objects.count()
    assert "append-only" in refused(lambda: AccessLogEntry.objects.filter(pk=first_kept.pk).delete())
    assert "append-only" in refused(lambda: AccessLogEntry.objects.all().delete())
    assert "append-only" in refused(
        lambda: run_sql(["DELETE FROM audit_accesslogentry WHERE chain = 1 AND position = %s"], [[first_kept.position]])
    )
    assert "append-only" in refused(lambda: run_sql(["UPDATE audit_accesslogentry SET actor_username = 'x'"]))
    assert AccessLogEntry.objects.count() == count


def test_nothing_can_be_deleted_in_a_chain_that_was_not_pruned(aged_log):
    pruned_log(aged_log)
    record_in_chain(5, actor=None, action=Action.READ)
    assert "append-only" in refused(lambda: run_sql(["DELETE FROM audit_accesslogentry WHERE chain = 5"]))


def test_an_anchor_cannot_move_back_be_deleted_or_point_anywhere_else(aged_log):
    pruned_log(aged_log)
    first = aged_log[1][0]
    kept = aged_log[1][REMOVED[1]]
    other = aged_log[2][-1]
    anchors = PruningAnchor.objects.filter(pk=1)
    before = list(PruningAnchor.objects.order_by("pk").values())
    assert "forward" in refused(lambda: anchors.update(position=0, sequence=0, hash=GENESIS_HASH, occurred_at=None))
    assert "forward" in refused(lambda: run_sql(["UPDATE audit_pruninganchor SET position = 1 WHERE id = 1"]))
    assert "forward" in refused(
        lambda: anchors.update(position=first.position, sequence=first.sequence, hash=first.hash)
    )
    # forward, but to no entry, to a forged hash or time, or to an entry of another chain
    assert "forward" in refused(lambda: anchors.update(position=kept.position + 50))
    assert "forward" in refused(
        lambda: anchors.update(position=kept.position, sequence=kept.sequence, hash="f" * 64,
                               occurred_at=kept.occurred_at)
    )
    assert "forward" in refused(
        lambda: anchors.update(position=kept.position, sequence=kept.sequence, hash=kept.hash,
                               occurred_at=kept.occurred_at - datetime.timedelta(days=400))
    )
    assert "forward" in refused(
        lambda: anchors.update(position=other.position, sequence=other.sequence, hash=other.hash,
                               occurred_at=other.occurred_at)
    )
    assert "only moves forward" in refused(lambda: PruningAnchor.objects.filter(pk=1).delete())
    assert "only moves forward" in refused(lambda: run_sql(["DELETE FROM audit_pruninganchor"]))
    assert list(PruningAnchor.objects.order_by("pk").values()) == before


def test_an_anchor_moved_past_entries_that_are_still_there_cannot_go_back_to_them(aged_log):
    """Only possible while a pruning is half done (anchor moved, entries not yet deleted), or by hand."""
    second, last = aged_log[1][1], aged_log[1][-1]
    anchors = PruningAnchor.objects.filter(pk=1)
    anchors.update(position=last.position, sequence=last.sequence, hash=last.hash, occurred_at=last.occurred_at)
    assert "forward" in refused(
        lambda: anchors.update(position=second.position, sequence=second.sequence, hash=second.hash,
                               occurred_at=second.occurred_at)
    )
    assert anchor(1).sequence == last.sequence


def test_an_anchor_is_created_only_at_the_start_of_its_chain(db):
    drop_guards()  # only to make room: take anchor 16 away with the guards down, then put the guards back
    run_sql(["DELETE FROM audit_pruninganchor WHERE id = 16"])
    restore_guards()
    assert "beginning of its chain" in refused(
        lambda: PruningAnchor.objects.create(pk=16, position=3, sequence=3, hash="a" * 64)
    )
    PruningAnchor.objects.create(pk=16)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is a PostgreSQL statement")
def test_anchors_cannot_be_truncated(aged_log):
    pruned_log(aged_log)
    assert "only moves forward" in refused(lambda: run_sql(["TRUNCATE audit_pruninganchor"]))
    assert PruningAnchor.objects.count() == 16


# --- tampering after pruning is still found -------------------------------------------------------------------


@pytest.mark.parametrize("chain", [1, 2])
def test_a_changed_first_remaining_entry_is_named(aged_log, chain):
    pruned_log(aged_log)
    position = anchor(chain).position + 1
    drop_guards()
    run_sql(
        ["UPDATE audit_accesslogentry SET actor_username = 'iemand' WHERE chain = %s AND position = %s"],
        [[chain, position]],
    )
    message = verify_fails()
    assert f"in keten {chain} bij plaats {position}:" in message
    assert "gewijzigd" in message


@pytest.mark.parametrize("chain", [1, 2])
def test_a_removed_first_remaining_entry_is_named(aged_log, chain):
    pruned_log(aged_log)
    position = anchor(chain).position + 1
    drop_guards()
    run_sql(["DELETE FROM audit_accesslogentry WHERE chain = %s AND position = %s"], [[chain, position]])
    message = verify_fails()
    assert f"in keten {chain} bij plaats {position}:" in message
    assert f"Plaats {position} ontbreekt" in message


def test_entries_removed_without_moving_the_anchor_are_named(aged_log):
    """The guards dropped, the first two remaining entries of chain 1 deleted: a gap after the anchor."""
    pruned_log(aged_log)
    position = anchor(1).position + 1
    drop_guards()
    run_sql(["DELETE FROM audit_accesslogentry WHERE chain = 1 AND position <= %s"], [[position + 1]])
    assert f"Plaats {position} ontbreekt" in verify_fails()


def test_an_anchor_rewritten_around_the_guards_is_named(aged_log):
    """An attacker moves the anchor's hash (guards dropped): the first remaining entry no longer links to it."""
    pruned_log(aged_log)
    position = anchor(2).position + 1
    drop_guards()
    run_sql(["UPDATE audit_pruninganchor SET hash = %s WHERE id = 2"], [["e" * 64]])
    message = verify_fails()
    assert f"in keten 2 bij plaats {position}:" in message
    assert "sluit niet aan" in message


def test_an_anchor_moved_back_around_the_guards_is_named(aged_log):
    pruned_log(aged_log)
    drop_guards()
    run_sql(["UPDATE audit_pruninganchor SET position = 0, sequence = 0, hash = %s WHERE id = 1"], [[GENESIS_HASH]])
    message = verify_fails()
    assert "in keten 1 bij plaats 1:" in message
    assert "Plaats 1 ontbreekt" in message


def test_an_entry_forged_after_the_anchor_is_named(aged_log):
    """A forged entry linked to the anchor's hash in place of the first remaining one: the next no longer links."""
    pruned_log(aged_log)
    start = anchor(1)
    original = AccessLogEntry.objects.get(chain=1, position=start.position + 1)
    drop_guards()
    run_sql(["DELETE FROM audit_accesslogentry WHERE sequence = %s"], [[original.sequence]])
    row = {field.attname: getattr(original, field.attname) for field in AccessLogEntry._meta.fields}
    row.update(actor_username="indringer", prev_hash=start.hash)
    row["hash"] = entry_hash(row)
    columns = list(row)
    values = [AccessLogEntry._meta.get_field(c).get_db_prep_value(row[c], connection) for c in columns]
    run_sql(
        [f"INSERT INTO audit_accesslogentry ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"],
        [values],
    )
    message = verify_fails()
    assert f"in keten 1 bij plaats {start.position + 2}:" in message
    assert "sluit niet aan" in message


# --- recorded heads (--anchor) after pruning ------------------------------------------------------------------


def test_a_recorded_head_that_was_pruned_is_checked_against_the_pruning_anchor(aged_log):
    last = aged_log[3][-1]  # chain 3's head, recorded before the pruning removed all of chain 3
    recorded = ["--anchor", f"{last.sequence}:{last.hash}"]
    verify(*recorded)
    pruned_log(aged_log)
    output = verify(*recorded)
    assert "Toegangslogboek intact" in output
    assert "Niet meer te controleren" not in output
    message = verify_fails("--anchor", f"{last.sequence}:{'d' * 64}")
    assert "is opgeschoond, maar het opschoonanker van deze keten noemt een andere hash" in message


def test_a_recorded_entry_pruned_further_back_is_named_as_no_longer_checkable(aged_log):
    first = aged_log[1][0]
    pruned_log(aged_log)
    output = verify("--anchor", f"{first.sequence}:{first.hash}")
    assert f"Niet meer te controleren: de vastgelegde ankers {first.sequence} liggen in het opgeschoonde deel" in output


def test_a_recorded_head_removed_beyond_every_anchor_is_still_named(aged_log):
    """Chain 1's last entry (newer than every pruning anchor) removed, with its head moved back."""
    pruned_log(aged_log)
    last = AccessLogEntry.objects.filter(chain=1).order_by("-position").first()
    previous = AccessLogEntry.objects.get(chain=1, position=last.position - 1)
    drop_guards()
    run_sql(["DELETE FROM audit_accesslogentry WHERE sequence = %s"], [[last.sequence]])
    run_sql(
        ["UPDATE audit_chainhead SET last_position = %s, last_sequence = %s, last_hash = %s WHERE id = 1"],
        [[previous.position, previous.sequence, previous.hash]],
    )
    message = verify_fails("--anchor", f"{last.sequence}:{last.hash}")
    assert f"Regel {last.sequence}, vastgelegd als anker, ontbreekt" in message


def test_verify_without_pruning_says_so(aged_log):
    assert "Opschoonankers: nog niets opgeschoond" in verify()


# --- verify while a pruning commits ---------------------------------------------------------------------------


def test_verify_reads_the_anchors_again_when_a_pruning_committed_after_it_read_them(aged_log):
    pruned_log(aged_log)
    real = verify_module._pruned
    calls = []

    def stale_first():
        calls.append(1)
        return {} if len(calls) == 1 else real()

    with mock.patch.object(verify_module, "_pruned", stale_first):
        assert verify_chain().count == AccessLogEntry.objects.count()
    assert len(calls) >= 2


def test_verify_checks_a_chain_still_whole_from_the_start_and_the_entry_its_anchor_names(aged_log):
    """A pruning that commits after the scan began: the scan still sees the entries up to the anchor."""
    second = aged_log[1][1]
    moved = {1: Pruned(Head(second.position, second.sequence, second.hash))}
    with mock.patch.object(verify_module, "_pruned", lambda: dict(moved)):
        assert verify_chain().count == AccessLogEntry.objects.count()
    moved = {1: Pruned(Head(second.position, second.sequence, "c" * 64))}
    with mock.patch.object(verify_module, "_pruned", lambda: dict(moved)):
        with pytest.raises(verify_module.ChainBroken) as broken:
            verify_chain()
    assert (broken.value.chain, broken.value.position) == (1, second.position)
    assert "opschoonanker" in broken.value.message


def test_a_pruned_entry_s_number_is_never_handed_out_again(aged_log):
    """Chain 3's last entry has the highest number; after it is pruned, the next append gets a higher one (an
    anchor recorded as SEQUENCE:HASH keeps naming one entry), also in chain 3 itself, whose head must move up."""
    highest = aged_log[3][-1].sequence
    assert highest == max(AccessLogEntry.objects.values_list("sequence", flat=True))
    pruned_log(aged_log)
    assert append_at(timezone.now(), chain=3).sequence > highest
    assert append_at(timezone.now(), chain=2).sequence > highest
    assert "Toegangslogboek intact" in verify()


# --- PostgreSQL: pruning beside appends and beside another pruning --------------------------------------------


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_requests_append_while_a_pruning_runs_and_the_log_verifies():
    """A transaction holds chain 1 with an uncommitted append while the pruning removes chain 1's old entries: the
    pruning neither waits for it nor disturbs it, and the held entry follows the anchor."""
    heads()
    old = [append_at(moment("2020-01-01")) for _i in range(3)]
    appended, release = threading.Event(), threading.Event()
    held = {}

    def hold_chain_1():
        with transaction.atomic():
            held["entry"] = record_access(actor=None, action=Action.READ)
            appended.set()
            release.wait(10)

    thread = in_thread(hold_chain_1)
    assert appended.wait(5)
    started = time.monotonic()
    try:
        assert prune_access_log(actor=None, before=BEFORE) == 3
        took = time.monotonic() - started
    finally:
        release.set()
        thread.join()
    assert thread.error is None
    assert took < 1.5  # it did not wait for the open transaction (released only afterwards)
    assert (held["entry"].chain, held["entry"].position, held["entry"].prev_hash) == (1, 4, old[-1].hash)
    assert (anchor(1).position, anchor(1).hash) == (3, old[-1].hash)
    assert "Toegangslogboek intact" in verify()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_prunings_at_once_remove_each_entry_once():
    heads()
    for _i in range(4):
        append_at(moment("2020-01-01"))
    start = threading.Barrier(2)
    results = []

    def prune():
        start.wait(5)
        results.append(prune_access_log(actor=None, before=BEFORE))

    threads = [in_thread(prune) for _i in range(2)]
    for thread in threads:
        thread.join()
    assert [thread.error for thread in threads] == [None, None]
    assert sorted(results) == [0, 4]
    assert AccessLogEntry.objects.filter(action=Action.DELETE).count() == 1
    assert "Toegangslogboek intact" in verify()


def test_migration_0004_is_not_unapplied_once_something_was_pruned(aged_log):
    from django.apps import apps

    migration = importlib.import_module("procesregie.audit.migrations.0004_pruning_anchors")
    editor = SimpleNamespace(connection=connection)  # all it asks of the schema editor (SQLite's needs no transaction)
    migration.refuse_once_pruned(apps, editor)  # nothing pruned yet: unapplying may go on
    pruned_log(aged_log)
    with pytest.raises(RuntimeError, match="has been pruned"):
        migration.refuse_once_pruned(apps, editor)
