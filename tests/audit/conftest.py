"""Fixtures for the access log tests, and SQL an attacker with database access would run."""

import importlib
from unittest import mock

import pytest
from django.db import connection

from procesregie.audit import services
from procesregie.audit.chain import entry_hash
from procesregie.audit.models import AccessLogEntry, Action, ChainHead
from procesregie.audit.services import record_access
from tests.factories import PersonFactory

ATTACKER_DROPS_GUARDS = {
    "sqlite": [
        "DROP TRIGGER audit_accesslogentry_no_update",
        "DROP TRIGGER audit_accesslogentry_no_delete",
        "DROP TRIGGER audit_chainhead_no_delete",
        "DROP TRIGGER audit_chainhead_forward_only",
        "DROP TRIGGER audit_chainhead_own_chain",
        "DROP TRIGGER audit_pruninganchor_no_delete",
        "DROP TRIGGER audit_pruninganchor_starts_empty",
        "DROP TRIGGER audit_pruninganchor_forward_only",
    ],
    "postgresql": [
        "DROP TRIGGER audit_accesslogentry_no_update ON audit_accesslogentry",
        "DROP TRIGGER audit_accesslogentry_no_delete ON audit_accesslogentry",
        "DROP TRIGGER audit_accesslogentry_no_truncate ON audit_accesslogentry",
        "DROP TRIGGER audit_chainhead_no_delete ON audit_chainhead",
        "DROP TRIGGER audit_chainhead_no_truncate ON audit_chainhead",
        "DROP TRIGGER audit_chainhead_forward_only ON audit_chainhead",
        "DROP TRIGGER audit_chainhead_own_chain ON audit_chainhead",
        "DROP TRIGGER audit_pruninganchor_no_delete ON audit_pruninganchor",
        "DROP TRIGGER audit_pruninganchor_no_truncate ON audit_pruninganchor",
        "DROP TRIGGER audit_pruninganchor_starts_empty ON audit_pruninganchor",
        "DROP TRIGGER audit_pruninganchor_forward_only ON audit_pruninganchor",
    ],
}

# A storage failure: every INSERT into the log fails (as with a full disk or a revoked grant).
INSERTS_FAIL = {
    "sqlite": [
        """CREATE TRIGGER test_log_insert_fails BEFORE INSERT ON audit_accesslogentry
        BEGIN SELECT RAISE(ABORT, 'no space left (test)'); END""",
    ],
    "postgresql": [
        """CREATE FUNCTION test_log_insert_fails() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'no space left (test)'; END $$""",
        """CREATE TRIGGER test_log_insert_fails BEFORE INSERT ON audit_accesslogentry
        FOR EACH ROW EXECUTE FUNCTION test_log_insert_fails()""",
    ],
}


def run_sql(statements, params_list=None) -> None:
    with connection.cursor() as cursor:
        for index, statement in enumerate(statements):
            params = params_list[index] if params_list else None
            cursor.execute(statement, params)


def drop_guards() -> None:
    """Remove the append-only triggers, as an attacker with database access would (undone at test end)."""
    run_sql(ATTACKER_DROPS_GUARDS[connection.vendor])


def restore_guards() -> None:
    """Put the dropped triggers back, with the statements of the migrations, as a careful attacker would
    (0004 replaces 0002's audit_accesslogentry_no_delete: the latest statement for a name wins)."""
    triggers = {}
    for name in ("0002_append_only_guards", "0003_fixed_set_of_chains"):
        migration = importlib.import_module(f"procesregie.audit.migrations.{name}")
        statements = {"sqlite": migration.SQLITE, "postgresql": migration.POSTGRESQL}[connection.vendor]
        triggers.update({s.split()[2]: s for s in statements if s.startswith("CREATE TRIGGER")})
    pruning = importlib.import_module("procesregie.audit.migrations.0004_pruning_anchors")
    statements = {"sqlite": pruning.SQLITE_TRIGGERS, "postgresql": pruning.POSTGRESQL_TRIGGERS}[connection.vendor]
    triggers.update({s.split()[2]: s for s in statements})
    run_sql(list(triggers.values()))


def break_log_inserts() -> None:
    run_sql(INSERTS_FAIL[connection.vendor])


def record_in_chain(chain: int, **kwargs) -> AccessLogEntry:
    """`record_access` into the given chain. The service takes the lowest chain no other transaction holds,
    which for a test on its own is always chain 1; this takes another one as a busy moment would."""
    if not ChainHead.objects.exists():  # a flushed database: the first append creates the heads
        record_access(actor=None, action=Action.READ)
    with mock.patch.object(services, "_claim_head", lambda: ChainHead.objects.select_for_update().get(pk=chain)):
        return record_access(**kwargs)


def forged_row(*, chain: int, position: int, sequence: int, prev_hash: str, template: AccessLogEntry) -> dict:
    """A well-formed entry, chained to `prev_hash` by the published formula (the attacker knows it)."""
    row = {field.attname: getattr(template, field.attname) for field in AccessLogEntry._meta.fields}
    row.update(chain=chain, position=position, sequence=sequence, prev_hash=prev_hash, actor_username="indringer")
    row["hash"] = entry_hash(row)
    return row


def insert_raw(row: dict) -> None:
    columns = list(row)
    values = [
        AccessLogEntry._meta.get_field(column).get_db_prep_value(row[column], connection) for column in columns
    ]
    placeholders = ", ".join(["%s"] * len(columns))
    run_sql([f"INSERT INTO audit_accesslogentry ({', '.join(columns)}) VALUES ({placeholders})"], [values])


@pytest.fixture
def five_entries(db):
    """A log of five reads of five different synthetic persons (all in chain 1, as appends one at a time are)."""
    return [record_access(actor=None, action=Action.READ, obj=PersonFactory()) for _i in range(5)]


@pytest.fixture
def two_chains(db) -> dict[int, list[AccessLogEntry]]:
    """Ten reads appended alternately to chain 1 and chain 2: positions 1 to 5 in each, numbers interleaved."""
    chains = {1: [], 2: []}
    for number in range(10):
        chain = 1 + number % 2
        chains[chain].append(record_in_chain(chain, actor=None, action=Action.READ, obj=PersonFactory()))
    return chains
