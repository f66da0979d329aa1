"""Append-only guards in the database itself: triggers that refuse to change or remove log entries.

- audit_accesslogentry: UPDATE and DELETE are refused (and TRUNCATE on PostgreSQL while it has rows).
- audit_chainhead: DELETE is refused (TRUNCATE too while it has a row); an UPDATE must move the head
  forward, to an entry that exists.
The SQL is kept here, frozen with the migration; `audit.guards.GUARD_TRIGGERS` lists the trigger names
that `audit verify` checks. On SQLite, a later migration that rebuilds one of these tables drops its
triggers with it: such a migration must create them again (the audit tests fail until it does).
"""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER audit_accesslogentry_no_update BEFORE UPDATE ON audit_accesslogentry
    BEGIN SELECT RAISE(ABORT, 'UPDATE on audit_accesslogentry refused: the access log is append-only'); END""",
    """CREATE TRIGGER audit_accesslogentry_no_delete BEFORE DELETE ON audit_accesslogentry
    BEGIN SELECT RAISE(ABORT, 'DELETE on audit_accesslogentry refused: the access log is append-only'); END""",
    """CREATE TRIGGER audit_chainhead_no_delete BEFORE DELETE ON audit_chainhead
    BEGIN SELECT RAISE(ABORT, 'DELETE on audit_chainhead refused: the access log is append-only'); END""",
    """CREATE TRIGGER audit_chainhead_forward_only BEFORE UPDATE ON audit_chainhead
    WHEN NEW.id IS NOT OLD.id
      OR NEW.last_sequence <= OLD.last_sequence
      OR NEW.last_hash IS NOT (SELECT hash FROM audit_accesslogentry WHERE sequence = NEW.last_sequence)
    BEGIN SELECT RAISE(ABORT, 'UPDATE on audit_chainhead refused: the head only moves forward, to an existing entry'); END""",
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_accesslogentry_no_update",
    "DROP TRIGGER IF EXISTS audit_accesslogentry_no_delete",
    "DROP TRIGGER IF EXISTS audit_chainhead_no_delete",
    "DROP TRIGGER IF EXISTS audit_chainhead_forward_only",
]

POSTGRESQL = [
    """CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '% on % refused: the access log is append-only', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END $$""",
    """CREATE FUNCTION audit_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        has_rows boolean;
    BEGIN
        EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I.%I)', TG_TABLE_SCHEMA, TG_TABLE_NAME) INTO has_rows;
        IF has_rows THEN
            RAISE EXCEPTION 'TRUNCATE on % refused: the access log is append-only', TG_TABLE_NAME
                USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.id <> OLD.id
           OR NEW.last_sequence <= OLD.last_sequence
           OR NEW.last_hash IS DISTINCT FROM
              (SELECT hash FROM audit_accesslogentry WHERE sequence = NEW.last_sequence) THEN
            RAISE EXCEPTION 'UPDATE on audit_chainhead refused: the head only moves forward, to an existing entry'
                USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER audit_accesslogentry_no_update BEFORE UPDATE ON audit_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    """CREATE TRIGGER audit_accesslogentry_no_delete BEFORE DELETE ON audit_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    """CREATE TRIGGER audit_accesslogentry_no_truncate BEFORE TRUNCATE ON audit_accesslogentry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate()""",
    """CREATE TRIGGER audit_chainhead_no_delete BEFORE DELETE ON audit_chainhead
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
    """CREATE TRIGGER audit_chainhead_no_truncate BEFORE TRUNCATE ON audit_chainhead
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_truncate()""",
    """CREATE TRIGGER audit_chainhead_forward_only BEFORE UPDATE ON audit_chainhead
    FOR EACH ROW EXECUTE FUNCTION audit_head_forward_only()""",
]

POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_accesslogentry_no_update ON audit_accesslogentry",
    "DROP TRIGGER IF EXISTS audit_accesslogentry_no_delete ON audit_accesslogentry",
    "DROP TRIGGER IF EXISTS audit_accesslogentry_no_truncate ON audit_accesslogentry",
    "DROP TRIGGER IF EXISTS audit_chainhead_no_delete ON audit_chainhead",
    "DROP TRIGGER IF EXISTS audit_chainhead_no_truncate ON audit_chainhead",
    "DROP TRIGGER IF EXISTS audit_chainhead_forward_only ON audit_chainhead",
    "DROP FUNCTION IF EXISTS audit_refuse_change()",
    "DROP FUNCTION IF EXISTS audit_refuse_truncate()",
    "DROP FUNCTION IF EXISTS audit_head_forward_only()",
]


def _run(schema_editor, statements_by_vendor: dict) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in statements_by_vendor:
        raise RuntimeError(f"The access log needs append-only triggers; none are written for '{vendor}'.")
    for statement in statements_by_vendor[vendor]:
        schema_editor.execute(statement, params=None)  # no parameters: '%' stays literal


def install_guards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRESQL})


def remove_guards(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE})


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(install_guards, remove_guards)]
