"""Several app servers appending at once still give one contiguous, valid chain (PostgreSQL)."""

import threading
import uuid

import pytest
from django.db import connection, connections

from procesregie.audit.models import AccessLogEntry, Action
from procesregie.audit.services import record_access
from procesregie.audit.verify import verify_chain

THREADS = 4
APPENDS_PER_THREAD = 40


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database cannot be shared between threads; SQLite serialises writers itself",
)
def test_concurrent_appenders_give_a_valid_chain():
    start = threading.Barrier(THREADS)
    errors = []

    def append():
        try:
            start.wait()
            for _i in range(APPENDS_PER_THREAD):
                record_access(actor=None, action=Action.READ, subject_key=uuid.uuid4())
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=append) for _i in range(THREADS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    total = THREADS * APPENDS_PER_THREAD
    assert list(AccessLogEntry.objects.values_list("sequence", flat=True)) == list(range(1, total + 1))
    assert verify_chain().count == total


@pytest.mark.django_db(transaction=True)
def test_transactional_test_that_writes_the_log_ends_cleanly():
    """The flush after a transactional test meets the guards; the audit conftest empties the log first."""
    record_access(actor=None, action=Action.READ)
    assert verify_chain().count == 1
