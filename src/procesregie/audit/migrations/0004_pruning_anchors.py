"""Retention of the access log: one pruning anchor per chain, and guards that allow removing entries only up to it.

See docs/decisions/0018-access-log-retention.md and `audit.pruning`. What this migration does:
- creates `audit_pruninganchor` with one row per chain (1 to 16), all at position 0 (nothing pruned);
- replaces the trigger `audit_accesslogentry_no_delete` (0002: refuse every DELETE) with one of the same name that
  refuses a DELETE unless the entry sits at or below the pruning anchor of its chain; UPDATE stays refused;
- guards the anchors: an anchor is created at position 0 only, is never deleted (nor truncated on PostgreSQL),
  and moves forward only, to an existing entry of its own chain (position, sequence number, hash and time equal).
The SQL is frozen here; `audit.guards.GUARD_TRIGGERS` lists the names `audit verify` checks. `install_guards` and
`remove_guards` are also used by the test fixture that empties the log before a flush (tests/conftest.py).
Unapplying is refused once anything was pruned (the anchors are needed to verify what remains).
"""

from django.db import migrations, models

CHAIN_COUNT = 16  # frozen here; `audit.chain.CHAIN_COUNT` must be the same
GENESIS_HASH = "0" * 64

SQLITE_TRIGGERS = [
    """CREATE TRIGGER audit_accesslogentry_no_delete BEFORE DELETE ON audit_accesslogentry
    WHEN OLD.position > COALESCE((SELECT position FROM audit_pruninganchor WHERE id = OLD.chain), 0)
    BEGIN SELECT RAISE(ABORT, 'DELETE on audit_accesslogentry refused: the access log is append-only (only entries at or below their chain''s pruning anchor may be removed)'); END""",
    """CREATE TRIGGER audit_pruninganchor_no_delete BEFORE DELETE ON audit_pruninganchor
    BEGIN SELECT RAISE(ABORT, 'DELETE on audit_pruninganchor refused: a pruning anchor only moves forward'); END""",
    f"""CREATE TRIGGER audit_pruninganchor_starts_empty BEFORE INSERT ON audit_pruninganchor
    WHEN NEW.position IS NOT 0 OR NEW.sequence IS NOT 0 OR NEW.hash IS NOT '{GENESIS_HASH}'
    BEGIN SELECT RAISE(ABORT, 'INSERT on audit_pruninganchor refused: an anchor starts at the beginning of its chain'); END""",
    """CREATE TRIGGER audit_pruninganchor_forward_only BEFORE UPDATE ON audit_pruninganchor
    WHEN NEW.id IS NOT OLD.id
      OR NEW.position <= OLD.position
      OR NOT EXISTS (SELECT 1 FROM audit_accesslogentry
                     WHERE chain = NEW.id AND position = NEW.position AND sequence = NEW.sequence
                       AND hash = NEW.hash AND occurred_at IS NEW.occurred_at)
    BEGIN SELECT RAISE(ABORT, 'UPDATE on audit_pruninganchor refused: the anchor only moves forward, to an entry of its chain'); END""",
]

SQLITE_TRIGGER_NAMES = [
    "audit_accesslogentry_no_delete",
    "audit_pruninganchor_no_delete",
    "audit_pruninganchor_starts_empty",
    "audit_pruninganchor_forward_only",
]

SQLITE_STRICT_DELETE = """CREATE TRIGGER audit_accesslogentry_no_delete BEFORE DELETE ON audit_accesslogentry
    BEGIN SELECT RAISE(ABORT, 'DELETE on audit_accesslogentry refused: the access log is append-only'); END"""

POSTGRESQL_FUNCTIONS = [
    """CREATE OR REPLACE FUNCTION audit_entry_delete_pruned_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF OLD.position > COALESCE((SELECT position FROM audit_pruninganchor WHERE id = OLD.chain), 0) THEN
            RAISE EXCEPTION 'DELETE on audit_accesslogentry refused: the access log is append-only (only entries at or below their chain''s pruning anchor may be removed)'
                USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN OLD;
    END $$""",
    """CREATE OR REPLACE FUNCTION audit_anchor_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '% on % refused: a pruning anchor only moves forward', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END $$""",
    """CREATE OR REPLACE FUNCTION audit_anchor_refuse_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM audit_pruninganchor) THEN
            RAISE EXCEPTION 'TRUNCATE on audit_pruninganchor refused: a pruning anchor only moves forward'
                USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE OR REPLACE FUNCTION audit_anchor_starts_empty() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.position <> 0 OR NEW.sequence <> 0 OR NEW.hash <> '{GENESIS_HASH}' THEN
            RAISE EXCEPTION 'INSERT on audit_pruninganchor refused: an anchor starts at the beginning of its chain'
                USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE OR REPLACE FUNCTION audit_anchor_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.id <> OLD.id
           OR NEW.position <= OLD.position
           OR NOT EXISTS (SELECT 1 FROM audit_accesslogentry
                          WHERE chain = NEW.id AND position = NEW.position AND sequence = NEW.sequence
                            AND hash = NEW.hash AND occurred_at IS NOT DISTINCT FROM NEW.occurred_at) THEN
            RAISE EXCEPTION 'UPDATE on audit_pruninganchor refused: the anchor only moves forward, to an entry of its chain'
                USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
    END $$""",
]

POSTGRESQL_TRIGGERS = [
    """CREATE TRIGGER audit_accesslogentry_no_delete BEFORE DELETE ON audit_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_delete_pruned_only()""",
    """CREATE TRIGGER audit_pruninganchor_no_delete BEFORE DELETE ON audit_pruninganchor
    FOR EACH ROW EXECUTE FUNCTION audit_anchor_refuse_change()""",
    """CREATE TRIGGER audit_pruninganchor_no_truncate BEFORE TRUNCATE ON audit_pruninganchor
    FOR EACH STATEMENT EXECUTE FUNCTION audit_anchor_refuse_truncate()""",
    """CREATE TRIGGER audit_pruninganchor_starts_empty BEFORE INSERT ON audit_pruninganchor
    FOR EACH ROW EXECUTE FUNCTION audit_anchor_starts_empty()""",
    """CREATE TRIGGER audit_pruninganchor_forward_only BEFORE UPDATE ON audit_pruninganchor
    FOR EACH ROW EXECUTE FUNCTION audit_anchor_forward_only()""",
]

POSTGRESQL_TRIGGER_TABLES = {
    "audit_accesslogentry_no_delete": "audit_accesslogentry",
    "audit_pruninganchor_no_delete": "audit_pruninganchor",
    "audit_pruninganchor_no_truncate": "audit_pruninganchor",
    "audit_pruninganchor_starts_empty": "audit_pruninganchor",
    "audit_pruninganchor_forward_only": "audit_pruninganchor",
}

POSTGRESQL_STRICT_DELETE = """CREATE TRIGGER audit_accesslogentry_no_delete BEFORE DELETE ON audit_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()"""


def _drop_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGER_NAMES]
    return [f"DROP TRIGGER IF EXISTS {name} ON {table}" for name, table in POSTGRESQL_TRIGGER_TABLES.items()]


def _execute(schema_editor, statements) -> None:
    vendor = schema_editor.connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise RuntimeError(f"The access log needs append-only triggers; none are written for '{vendor}'.")
    for statement in statements:
        schema_editor.execute(statement, params=None)  # no parameters: '%' stays literal


def install_guards(apps, schema_editor):
    """Drop 0002's strict DELETE trigger (and any earlier copy of these) and create this migration's guards."""
    vendor = schema_editor.connection.vendor
    creates = SQLITE_TRIGGERS if vendor == "sqlite" else POSTGRESQL_FUNCTIONS + POSTGRESQL_TRIGGERS
    _execute(schema_editor, _drop_statements(vendor) + creates)


def remove_guards(apps, schema_editor):
    """Back to 0003: this migration's triggers gone, every DELETE of an entry refused again."""
    vendor = schema_editor.connection.vendor
    strict = SQLITE_STRICT_DELETE if vendor == "sqlite" else POSTGRESQL_STRICT_DELETE
    _execute(schema_editor, _drop_statements(vendor) + [strict])


def create_anchors(apps, schema_editor):
    anchor = apps.get_model("audit", "PruningAnchor")
    anchor.objects.using(schema_editor.connection.alias).bulk_create(
        [anchor(id=chain) for chain in range(1, CHAIN_COUNT + 1)]
    )


def refuse_once_pruned(apps, schema_editor):
    """Unapplying would lose the anchors, and with them the place where each pruned chain goes on."""
    anchor = apps.get_model("audit", "PruningAnchor")
    if anchor.objects.using(schema_editor.connection.alias).filter(position__gt=0).exists():
        raise RuntimeError(
            "The access log has been pruned: without the pruning anchors it no longer verifies. Not unapplied."
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_fixed_set_of_chains")]

    operations = [
        migrations.CreateModel(
            name="PruningAnchor",
            fields=[
                ("id", models.PositiveSmallIntegerField(primary_key=True, serialize=False)),
                ("position", models.PositiveBigIntegerField(default=0)),
                ("sequence", models.PositiveBigIntegerField(default=0)),
                ("hash", models.CharField(default=GENESIS_HASH, max_length=64)),
                ("occurred_at", models.DateTimeField(blank=True, null=True)),
                ("before", models.DateField(blank=True, null=True)),
                ("pruned_at", models.DateTimeField(blank=True, null=True)),
            ],
            options={
                "verbose_name": "opschoonanker van een keten",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("id__gte", 1), ("id__lte", CHAIN_COUNT)), name="pruning_anchor_fixed_chains"
                    )
                ],
            },
        ),
        migrations.RunPython(create_anchors, migrations.RunPython.noop),
        migrations.RunPython(install_guards, remove_guards),
        migrations.RunPython(migrations.RunPython.noop, refuse_once_pruned),
    ]
