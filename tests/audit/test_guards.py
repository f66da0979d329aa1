"""The database itself refuses to change or remove log entries, through the ORM and through raw SQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from procesregie.audit.chain import GENESIS_HASH
from procesregie.audit.guards import missing_guards
from procesregie.audit.models import AccessLogEntry, ChainHead

from .conftest import run_sql

pytestmark = pytest.mark.django_db


def refused(action) -> str:
    with pytest.raises(DatabaseError) as error, transaction.atomic():
        action()
    return str(error.value)


def test_all_guards_are_installed_by_the_migrations(db):
    assert missing_guards(connection) == []


def test_orm_cannot_update_an_entry(five_entries):
    entry = AccessLogEntry.objects.get(pk=five_entries[1].pk)
    original = entry.actor_username

    def save_changed():
        entry.actor_username = "iemand"
        entry.save()

    assert "append-only" in refused(save_changed)
    assert "append-only" in refused(lambda: AccessLogEntry.objects.filter(pk=entry.pk).update(outcome="denied"))
    assert "append-only" in refused(lambda: AccessLogEntry.objects.update(actor_username="iemand"))
    entry.refresh_from_db()
    assert entry.actor_username == original
    assert not AccessLogEntry.objects.filter(outcome="denied").exists()


def test_orm_cannot_delete_entries(five_entries):
    assert "append-only" in refused(lambda: AccessLogEntry.objects.get(pk=five_entries[-1].pk).delete())
    assert "append-only" in refused(lambda: AccessLogEntry.objects.all().delete())
    assert AccessLogEntry.objects.count() == 5


def test_raw_sql_cannot_update_or_delete_entries(five_entries):
    assert "append-only" in refused(lambda: run_sql(["UPDATE audit_accesslogentry SET actor_username = 'x'"]))
    assert "append-only" in refused(lambda: run_sql(["DELETE FROM audit_accesslogentry WHERE position = 1"]))
    assert "append-only" in refused(lambda: run_sql(["DELETE FROM audit_accesslogentry"]))
    assert AccessLogEntry.objects.count() == 5
    assert not AccessLogEntry.objects.filter(actor_username="x").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is a PostgreSQL statement")
def test_raw_sql_cannot_truncate_the_log(five_entries):
    assert "append-only" in refused(lambda: run_sql(["TRUNCATE audit_accesslogentry CASCADE"]))
    assert "append-only" in refused(lambda: run_sql(["TRUNCATE audit_chainhead"]))
    assert AccessLogEntry.objects.count() == 5


def test_head_cannot_be_deleted_or_rewound(five_entries):
    third, last = five_entries[2], five_entries[-1]
    heads = ChainHead.objects.filter(pk=1)
    assert "append-only" in refused(lambda: ChainHead.objects.all().delete())
    assert "forward" in refused(lambda: heads.update(last_position=0, last_sequence=0, last_hash=GENESIS_HASH))
    assert "forward" in refused(
        lambda: heads.update(last_position=3, last_sequence=third.sequence, last_hash=third.hash)
    )
    assert "forward" in refused(lambda: run_sql(["UPDATE audit_chainhead SET last_position = 3 WHERE id = 1"]))
    assert "forward" in refused(lambda: heads.update(last_position=6, last_sequence=last.sequence + 1, last_hash="f" * 64))
    head = ChainHead.objects.get(pk=1)
    assert (head.last_position, head.last_sequence, head.last_hash) == (5, last.sequence, last.hash)


def test_head_cannot_be_pointed_at_another_chain(two_chains):
    """Chain 2's last entry has a higher number than chain 1's: moving head 1 there would pass the 0002 guard."""
    other = two_chains[2][-1]
    assert "its chain" in refused(
        lambda: ChainHead.objects.filter(pk=1).update(last_position=6, last_sequence=other.sequence, last_hash=other.hash)
    )
    assert "its chain" in refused(
        lambda: ChainHead.objects.filter(pk=3).update(last_position=1, last_sequence=other.sequence, last_hash=other.hash)
    )
    assert ChainHead.objects.get(pk=1).last_sequence == two_chains[1][-1].sequence
