"""Fixtures for the access log tests, and SQL an attacker with database access would run."""

import importlib

import pytest
from django.db import connection

from procesregie.audit.models import Action
from procesregie.audit.services import record_access
from tests.factories import PersonFactory

ATTACKER_DROPS_GUARDS = {
    "sqlite": [
        "DROP TRIGGER audit_accesslogentry_no_update",
        "DROP TRIGGER audit_accesslogentry_no_delete",
        "DROP TRIGGER audit_chainhead_no_delete",
        "DROP TRIGGER audit_chainhead_forward_only",
    ],
    "postgresql": [
        "DROP TRIGGER audit_accesslogentry_no_update ON audit_accesslogentry",
        "DROP TRIGGER audit_accesslogentry_no_delete ON audit_accesslogentry",
        "DROP TRIGGER audit_accesslogentry_no_truncate ON audit_accesslogentry",
        "DROP TRIGGER audit_chainhead_no_delete ON audit_chainhead",
        "DROP TRIGGER audit_chainhead_no_truncate ON audit_chainhead",
        "DROP TRIGGER audit_chainhead_forward_only ON audit_chainhead",
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
    """Put the dropped triggers back, with the statements of the migration, as a careful attacker would."""
    migration = importlib.import_module("procesregie.audit.migrations.0002_append_only_guards")
    statements = {"sqlite": migration.SQLITE, "postgresql": migration.POSTGRESQL}[connection.vendor]
    run_sql([statement for statement in statements if statement.startswith("CREATE TRIGGER")])


def break_log_inserts() -> None:
    run_sql(INSERTS_FAIL[connection.vendor])


@pytest.fixture
def five_entries(db):
    """A log of five reads of five different synthetic persons."""
    return [record_access(actor=None, action=Action.READ, obj=PersonFactory()) for _i in range(5)]
