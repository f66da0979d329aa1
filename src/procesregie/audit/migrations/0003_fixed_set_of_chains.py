"""A fixed set of 16 hash chains instead of one, so that concurrent requests append without waiting.

See docs/decisions/0006-access-log-append-path.md and `audit.chain`. What this migration does:
- every existing entry becomes entry `position = sequence` of chain 1 (the one chain so far was contiguous
  from 1, and its hashes do not cover `chain` or `position`, so they stay valid); the existing head becomes
  the head of chain 1 and heads 2 to 16 are created empty;
- on PostgreSQL a database sequence hands out entry numbers without a lock, starting after the last one;
- one more guard: a head moves forward only to an entry of its own chain, at a higher position.
The guards of 0002 are taken away while existing rows are filled in and put back afterwards (SQLite drops a
table's triggers when a migration rebuilds the table; they are created again here). Not reversible: entries
of chains 2 to 16 have no place in a single chain.
"""

import importlib

from django.db import migrations, models

CHAIN_COUNT = 16  # frozen here; `audit.chain.CHAIN_COUNT` must be the same
ENTRY_NUMBERS = "audit_accesslogentry_sequence"  # PostgreSQL sequence for `AccessLogEntry.sequence`

SQLITE = [
    """CREATE TRIGGER audit_chainhead_own_chain BEFORE UPDATE ON audit_chainhead
    WHEN NEW.last_position <= OLD.last_position
      OR NOT EXISTS (SELECT 1 FROM audit_accesslogentry
                     WHERE chain = NEW.id AND position = NEW.last_position AND sequence = NEW.last_sequence)
    BEGIN SELECT RAISE(ABORT, 'UPDATE on audit_chainhead refused: the head only moves forward, to an entry of its chain'); END""",
]

POSTGRESQL = [
    """CREATE FUNCTION audit_head_own_chain() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.last_position <= OLD.last_position
           OR NOT EXISTS (SELECT 1 FROM audit_accesslogentry
                          WHERE chain = NEW.id AND position = NEW.last_position AND sequence = NEW.last_sequence) THEN
            RAISE EXCEPTION 'UPDATE on audit_chainhead refused: the head only moves forward, to an entry of its chain'
                USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER audit_chainhead_own_chain BEFORE UPDATE ON audit_chainhead
    FOR EACH ROW EXECUTE FUNCTION audit_head_own_chain()""",
]


def _guards_of_0002():
    return importlib.import_module("procesregie.audit.migrations.0002_append_only_guards")


def _execute(schema_editor, statements) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)  # no parameters: '%' stays literal


def take_guards_away(apps, schema_editor):
    _guards_of_0002().remove_guards(apps, schema_editor)


def fill_in_existing_rows(apps, schema_editor):
    """Existing entries: chain 1, position = sequence. Heads: chain 1 keeps the old head; 2..16 start empty."""
    _execute(schema_editor, [
        "UPDATE audit_accesslogentry SET chain = 1, position = sequence",
        "UPDATE audit_chainhead SET last_position = last_sequence",
    ])
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id FROM audit_chainhead")
        present = {row[0] for row in cursor.fetchall()}
        for chain in range(1, CHAIN_COUNT + 1):
            if chain not in present:
                cursor.execute(
                    "INSERT INTO audit_chainhead (id, last_position, last_sequence, last_hash) VALUES (%s, 0, 0, %s)",
                    [chain, "0" * 64],
                )
        if schema_editor.connection.vendor == "postgresql":
            cursor.execute("SELECT COALESCE(MAX(sequence), 0) + 1 FROM audit_accesslogentry")
            (start,) = cursor.fetchone()
            cursor.execute(f"CREATE SEQUENCE {ENTRY_NUMBERS} AS bigint START WITH {int(start)}")


def put_guards_back(apps, schema_editor):
    _guards_of_0002().install_guards(apps, schema_editor)
    vendor = schema_editor.connection.vendor
    _execute(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRESQL}[vendor])


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_guards")]

    operations = [
        migrations.RunPython(take_guards_away),
        migrations.AlterModelOptions(name="chainhead", options={"verbose_name": "kop van een keten"}),
        migrations.RemoveConstraint(model_name="chainhead", name="chain_head_single_row"),
        migrations.AddField(
            model_name="accesslogentry",
            name="chain",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="keten"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="position",
            field=models.PositiveBigIntegerField(default=0, verbose_name="plaats in de keten"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="chainhead",
            name="last_position",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name="chainhead",
            name="id",
            field=models.PositiveSmallIntegerField(primary_key=True, serialize=False),
        ),
        migrations.RunPython(fill_in_existing_rows),
        migrations.AddConstraint(
            model_name="accesslogentry",
            constraint=models.CheckConstraint(
                condition=models.Q(("chain__gte", 1), ("chain__lte", CHAIN_COUNT)), name="access_log_fixed_chains"
            ),
        ),
        migrations.AddConstraint(
            model_name="accesslogentry",
            constraint=models.CheckConstraint(condition=models.Q(("position__gte", 1)), name="access_log_position_from_one"),
        ),
        migrations.AddConstraint(
            model_name="accesslogentry",
            constraint=models.UniqueConstraint(fields=("chain", "position"), name="access_log_chain_position"),
        ),
        migrations.AddConstraint(
            model_name="chainhead",
            constraint=models.CheckConstraint(
                condition=models.Q(("id__gte", 1), ("id__lte", CHAIN_COUNT)), name="chain_head_fixed_chains"
            ),
        ),
        migrations.RunPython(put_guards_back),
    ]
