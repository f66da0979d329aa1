"""Appending at once: concurrent appenders give a valid log, and (PostgreSQL) nobody waits for another's
transaction to log, until every chain is held by an open transaction; then an append waits a bounded time
and fails closed."""

import threading
import time
import uuid
from collections import Counter

import pytest
from django.db import connection, connections, transaction

from procesregie.audit import services
from procesregie.audit.chain import CHAIN_COUNT
from procesregie.audit.errors import AccessLogUnavailable
from procesregie.audit.models import AccessLogEntry, Action
from procesregie.audit.services import record_access
from procesregie.audit.verify import verify_chain

THREADS = 4
APPENDS_PER_THREAD = 40

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks and several writers at once: PostgreSQL"
)


def skip_on_in_memory_sqlite() -> None:
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("an in-memory SQLite test database is one connection, shared by every thread")


def in_thread(work, *args) -> threading.Thread:
    """Run `work` in a thread with its own database connection (closed at the end); exceptions are kept."""

    def run():
        try:
            work(*args)
        except Exception as exc:  # noqa: BLE001 - the test looks at it
            thread.error = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.error = None
    thread.start()
    return thread


def heads_exist() -> None:
    """A committed first append: a flushed test database gets its heads back (migration 0003 made them)."""
    record_access(actor=None, action=Action.READ)


@pytest.mark.django_db(transaction=True)
def test_concurrent_appenders_give_a_valid_log():
    skip_on_in_memory_sqlite()
    start = threading.Barrier(THREADS)

    def append():
        start.wait()
        for _i in range(APPENDS_PER_THREAD):
            record_access(actor=None, action=Action.READ, subject_key=uuid.uuid4())

    workers = [in_thread(append) for _i in range(THREADS)]
    for worker in workers:
        worker.join()

    assert [worker.error for worker in workers] == [None] * THREADS
    total = THREADS * APPENDS_PER_THREAD
    assert AccessLogEntry.objects.values("subject_key").distinct().count() == total
    for chain, count in Counter(AccessLogEntry.objects.values_list("chain", flat=True)).items():
        positions = AccessLogEntry.objects.filter(chain=chain).order_by("position").values_list("position", flat=True)
        assert list(positions) == list(range(1, count + 1))
    assert verify_chain().count == total


@pytest.mark.django_db(transaction=True)
@postgresql_only
def test_a_read_logged_in_an_open_transaction_does_not_hold_up_another_read():
    """The issue's case: transaction A logs a read and stays open for 2 s; B logs a read in another connection
    and commits in under 100 ms (with one head for everybody, B waited until A ended)."""
    heads_exist()
    a_logged, a_ended = threading.Event(), threading.Event()

    def transaction_a():
        try:
            with transaction.atomic():
                record_access(actor=None, action=Action.READ, subject_key=uuid.uuid4())
                a_logged.set()
                time.sleep(2)
        finally:
            a_ended.set()

    a = in_thread(transaction_a)
    assert a_logged.wait(10)
    started = time.perf_counter()
    with transaction.atomic():
        b = record_access(actor=None, action=Action.READ, subject_key=uuid.uuid4())
    b_seconds = time.perf_counter() - started
    a_open_when_b_committed = not a_ended.is_set()
    a.join()

    assert a.error is None
    assert a_open_when_b_committed, f"B committed only after A had ended, after {b_seconds:.2f} s"
    assert b_seconds < 0.100, f"B took {b_seconds * 1000:.0f} ms"
    a_entry = AccessLogEntry.objects.exclude(pk=b.pk).latest("sequence")
    assert a_entry.chain != b.chain
    assert verify_chain().count == 3


class ChainHolders:
    """CHAIN_COUNT open transactions, each holding one chain after logging a read, until released."""

    def __init__(self):
        self.logged = threading.Barrier(CHAIN_COUNT + 1)
        self.release = threading.Event()
        self.threads = [in_thread(self._hold) for _i in range(CHAIN_COUNT)]
        self.logged.wait(timeout=30)

    def _hold(self):
        with transaction.atomic():
            record_access(actor=None, action=Action.READ, subject_key=uuid.uuid4())
            self.logged.wait(timeout=30)
            self.release.wait(timeout=30)

    def end(self):
        self.release.set()
        for thread in self.threads:
            thread.join()
        assert [thread.error for thread in self.threads] == [None] * CHAIN_COUNT


@pytest.mark.django_db(transaction=True)
@postgresql_only
def test_with_every_chain_held_an_append_waits_a_bounded_time_then_fails_closed(monkeypatch):
    heads_exist()
    monkeypatch.setattr(services, "ALL_CHAINS_BUSY_WAIT_MS", 300)
    holders = ChainHolders()
    try:
        assert set(AccessLogEntry.objects.values_list("chain", flat=True)) == {1}  # the holders' entries: uncommitted
        started = time.perf_counter()
        with pytest.raises(AccessLogUnavailable):
            record_access(actor=None, action=Action.READ, subject_key=uuid.uuid4())
        waited = time.perf_counter() - started
    finally:
        holders.end()
    assert 0.3 <= waited < 2.0
    assert sorted(AccessLogEntry.objects.values_list("chain", flat=True)) == [1, *range(1, CHAIN_COUNT + 1)]
    assert verify_chain().count == 1 + CHAIN_COUNT


@pytest.mark.django_db(transaction=True)
@postgresql_only
def test_with_every_chain_held_an_append_goes_ahead_once_one_is_free():
    heads_exist()
    holders = ChainHolders()
    releaser = threading.Timer(0.5, holders.release.set)
    releaser.start()
    try:
        started = time.perf_counter()
        with transaction.atomic():
            entry = record_access(actor=None, action=Action.READ, subject_key=uuid.uuid4())
            with connection.cursor() as cursor:
                cursor.execute("SHOW lock_timeout")
                lock_timeout_after = cursor.fetchone()[0]
        waited = time.perf_counter() - started
    finally:
        releaser.join()
        holders.end()
    assert waited >= 0.4
    assert lock_timeout_after == "0"  # the wait's own timeout does not stay behind for the rest of the transaction
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()
    assert verify_chain().count == 2 + CHAIN_COUNT


@pytest.mark.django_db(transaction=True)
def test_transactional_test_that_writes_the_log_ends_cleanly():
    """The flush after a transactional test meets the guards; the audit conftest empties the log first."""
    record_access(actor=None, action=Action.READ)
    assert verify_chain().count == 1
