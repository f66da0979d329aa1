"""`procesregie audit verify`: passes on an intact log, names the first bad entry after tampering.

Tampering goes around the triggers the way an attacker with database access would: drop them first.
"""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from procesregie.audit.chain import entry_hash
from procesregie.audit.models import AccessLogEntry, ChainHead

from .conftest import drop_guards, restore_guards, run_sql

pytestmark = pytest.mark.django_db


def verify(*args) -> str:
    out = io.StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


def verify_fails(*args) -> str:
    with pytest.raises(CommandError) as failure:
        verify(*args)
    assert failure.value.returncode == 1
    return str(failure.value)


def forged_row(sequence: int, prev_hash: str, template: AccessLogEntry) -> dict:
    """A well-formed entry, chained to `prev_hash` by the published formula (the attacker knows it)."""
    row = {field.attname: getattr(template, field.attname) for field in AccessLogEntry._meta.fields}
    row.update(sequence=sequence, prev_hash=prev_hash, actor_username="indringer")
    row["hash"] = entry_hash(row)
    return row


def insert_raw(row: dict) -> None:
    columns = list(row)
    values = [
        AccessLogEntry._meta.get_field(column).get_db_prep_value(row[column], connection) for column in columns
    ]
    placeholders = ", ".join(["%s"] * len(columns))
    run_sql([f"INSERT INTO audit_accesslogentry ({', '.join(columns)}) VALUES ({placeholders})"], [values])


def test_intact_log_verifies_and_prints_count_and_head(five_entries):
    output = verify()
    assert "5 regels gecontroleerd" in output
    assert f"Kop: 5:{five_entries[-1].hash}" in output


def test_empty_log_verifies(db):
    assert "0 regels gecontroleerd" in verify()


def test_changed_entry_is_named(five_entries):
    drop_guards()
    run_sql(["UPDATE audit_accesslogentry SET actor_username = 'iemand' WHERE sequence = 3"])
    message = verify_fails()
    assert "volgnummer 3" in message
    assert "gewijzigd" in message


def test_changed_entry_with_its_hash_recomputed_breaks_the_link_to_the_next(five_entries):
    drop_guards()
    entry = AccessLogEntry.objects.get(sequence=3)
    entry.actor_username = "iemand"
    values = {field.attname: getattr(entry, field.attname) for field in AccessLogEntry._meta.fields}
    run_sql(
        ["UPDATE audit_accesslogentry SET actor_username = %s, hash = %s WHERE sequence = 3"],
        [["iemand", entry_hash(values)]],
    )
    message = verify_fails()
    assert "volgnummer 4" in message
    assert "sluit niet aan op regel 3" in message


def test_removed_entry_in_the_middle_is_named(five_entries):
    drop_guards()
    run_sql(["DELETE FROM audit_accesslogentry WHERE sequence = 3"])
    message = verify_fails()
    assert "volgnummer 3" in message
    assert "ontbreekt" in message


def test_removed_last_entry_is_caught_by_the_head(five_entries):
    drop_guards()
    run_sql(["DELETE FROM audit_accesslogentry WHERE sequence = 5"])
    message = verify_fails()
    assert "volgnummer 5" in message
    assert "de kop noemt regel 5" in message


def test_removed_last_entries_with_the_head_rewound_are_caught_by_an_anchor(five_entries):
    anchor = f"5:{five_entries[-1].hash}"
    drop_guards()
    run_sql(["DELETE FROM audit_accesslogentry WHERE sequence >= 4"])
    run_sql(["UPDATE audit_chainhead SET last_sequence = 3, last_hash = %s"], [[five_entries[2].hash]])
    restore_guards()
    assert "3 regels gecontroleerd" in verify()  # a consistent rewrite: only an outside record shows it
    message = verify_fails("--anchor", anchor)
    assert "volgnummer 4" in message
    assert "het anker noemt regel 5" in message


def test_anchor_with_another_hash_is_named(five_entries):
    verify("--anchor", f"2:{five_entries[1].hash}")
    message = verify_fails("--anchor", f"2:{five_entries[3].hash}")
    assert "volgnummer 2" in message


def test_inserted_entry_in_the_middle_is_named(five_entries):
    drop_guards()
    for sequence in (5, 4, 3):  # make room: move entries 3..5 up by one
        run_sql(["UPDATE audit_accesslogentry SET sequence = %s WHERE sequence = %s"], [[sequence + 1, sequence]])
    insert_raw(forged_row(3, five_entries[1].hash, five_entries[0]))
    run_sql(["UPDATE audit_chainhead SET last_sequence = 6"])
    message = verify_fails()
    assert "volgnummer 4" in message
    assert "sluit niet aan op regel 3" in message


def test_entry_appended_behind_the_head_is_named(five_entries):
    drop_guards()
    insert_raw(forged_row(6, five_entries[-1].hash, five_entries[0]))
    message = verify_fails()
    assert "volgnummer 6" in message
    assert "ingevoegde regels" in message


def test_duplicate_sequence_number_is_named(five_entries):
    drop_guards()
    # Rebuild the table without its primary key, then add a second entry 3.
    run_sql(
        [
            "CREATE TABLE audit_copy AS SELECT * FROM audit_accesslogentry",
            "DROP TABLE audit_accesslogentry",
            "ALTER TABLE audit_copy RENAME TO audit_accesslogentry",
        ]
    )
    insert_raw(forged_row(3, five_entries[1].hash, five_entries[2]))
    message = verify_fails()
    assert "volgnummer 3" in message


def test_missing_guards_fail_verification_of_an_intact_chain(five_entries):
    drop_guards()
    message = verify_fails()
    assert "beveiliging tegen wijzigen ontbreekt" in message
    assert "audit_accesslogentry_no_update" in message


def test_missing_head_with_entries_is_named(five_entries):
    drop_guards()
    run_sql(["DELETE FROM audit_chainhead"])
    message = verify_fails()
    assert "volgnummer 5" in message


def test_show_lists_the_accesses_to_one_subject(five_entries):
    out = io.StringIO()
    call_command("audit", "show", "--subject", str(five_entries[1].subject_key), stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("2\t")
    assert "system" in lines[0]
    assert ChainHead.objects.get().last_sequence == 5
