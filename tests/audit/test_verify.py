"""`procesregie audit verify`: passes on an intact log, names the first damaged place after tampering.

Tampering goes around the triggers the way an attacker with database access would: drop them first.
The log under attack has two chains of five entries each (positions 1 to 5). Every kind of tampering is
done at the first, a middle and the last position of each chain, and the test asserts the exact place
verify names: a verify that skips a check at that position (the first entry's hash, say) names another
place or none, and the test fails.
"""

import io

import pytest
from django.core.management import CommandError, call_command

from procesregie.audit.chain import GENESIS_HASH, entry_hash
from procesregie.audit.models import AccessLogEntry, ChainHead

from .conftest import drop_guards, forged_row, insert_raw, restore_guards, run_sql

pytestmark = pytest.mark.django_db

FIRST, MIDDLE, LAST = 1, 3, 5
AT_EACH_PLACE = pytest.mark.parametrize(
    ("chain", "position"),
    [(chain, position) for chain in (1, 2) for position in (FIRST, MIDDLE, LAST)],
    ids=[f"chain{chain}-{place}" for chain in (1, 2) for place in ("first", "middle", "last")],
)


def verify(*args) -> str:
    out = io.StringIO()
    call_command("audit", "verify", *args, stdout=out)
    return out.getvalue()


def verify_fails(*args) -> str:
    with pytest.raises(CommandError) as failure:
        verify(*args)
    assert failure.value.returncode == 1
    return str(failure.value)


def place(chain: int, position: int) -> str:
    return f"in keten {chain} bij plaats {position}:"


def entry_at(chain: int, position: int) -> AccessLogEntry:
    return AccessLogEntry.objects.get(chain=chain, position=position)


def set_position(chain: int, old: int, new: int) -> None:
    run_sql(
        ["UPDATE audit_accesslogentry SET position = %s WHERE chain = %s AND position = %s"], [[new, chain, old]]
    )


def move_head(chain: int, position: int) -> None:
    """Point the head of `chain` at its entry at `position`, as an attacker covering his tracks would."""
    entry = entry_at(chain, position)
    run_sql(
        ["UPDATE audit_chainhead SET last_position = %s, last_sequence = %s, last_hash = %s WHERE id = %s"],
        [[position, entry.sequence, entry.hash, chain]],
    )


def next_sequence() -> int:
    return max(AccessLogEntry.objects.values_list("sequence", flat=True)) + 1


def anchors_of(output: str) -> list[str]:
    """The `--anchor` arguments for the heads an intact verify printed ("keten N: SEQUENCE:HASH")."""
    anchors = []
    for line in output.splitlines():
        if line.startswith("keten ") and not line.endswith("leeg"):
            anchors += ["--anchor", line.split(": ")[1]]
    return anchors


def test_intact_log_verifies_and_prints_every_head(two_chains):
    output = verify()
    assert "10 regels in 16 ketens gecontroleerd" in output
    for chain, entries in two_chains.items():
        assert f"keten {chain}: {entries[-1].sequence}:{entries[-1].hash}" in output.splitlines()
    assert "keten 3: leeg" in output.splitlines()
    assert "keten 16: leeg" in output.splitlines()
    assert len(anchors_of(output)) == 4


def test_empty_log_verifies(db):
    assert "0 regels in 16 ketens gecontroleerd" in verify()


# --- changed, removed, inserted at the first, a middle and the last position of each chain ------------------


@AT_EACH_PLACE
def test_changed_entry_is_named(two_chains, chain, position):
    drop_guards()
    run_sql(
        ["UPDATE audit_accesslogentry SET actor_username = 'iemand' WHERE chain = %s AND position = %s"],
        [[chain, position]],
    )
    message = verify_fails()
    assert place(chain, position) in message
    assert "gewijzigd" in message


@AT_EACH_PLACE
def test_changed_entry_with_its_hash_recomputed_breaks_the_link_to_the_next_or_the_head(two_chains, chain, position):
    drop_guards()
    entry = entry_at(chain, position)
    entry.actor_username = "iemand"
    values = {field.attname: getattr(entry, field.attname) for field in AccessLogEntry._meta.fields}
    run_sql(
        ["UPDATE audit_accesslogentry SET actor_username = %s, hash = %s WHERE chain = %s AND position = %s"],
        [["iemand", entry_hash(values), chain, position]],
    )
    message = verify_fails()
    if position == LAST:
        assert place(chain, LAST) in message
        assert "niet de regel die de kop noemt" in message
    else:
        assert place(chain, position + 1) in message
        assert "sluit niet aan" in message


@AT_EACH_PLACE
def test_removed_entry_is_named(two_chains, chain, position):
    drop_guards()
    run_sql(["DELETE FROM audit_accesslogentry WHERE chain = %s AND position = %s"], [[chain, position]])
    message = verify_fails()
    assert place(chain, position) in message
    if position == LAST:
        assert "de kop noemt plaats 5 (verwijderde regels)" in message
    else:
        assert f"Plaats {position} ontbreekt" in message


@pytest.mark.parametrize("chain", [1, 2])
@pytest.mark.parametrize("position", [FIRST, MIDDLE], ids=["first", "middle"])
def test_removed_entry_with_the_rest_moved_up_and_the_head_moved_back_is_named(two_chains, chain, position):
    drop_guards()
    run_sql(["DELETE FROM audit_accesslogentry WHERE chain = %s AND position = %s"], [[chain, position]])
    for later in range(position + 1, LAST + 1):
        set_position(chain, later, later - 1)
    move_head(chain, LAST - 1)
    message = verify_fails()
    assert place(chain, position) in message  # position 1 no longer starts from the genesis hash
    assert "sluit niet aan" in message


@pytest.mark.parametrize("chain", [1, 2])
def test_removed_last_entry_with_the_head_moved_back_is_caught_by_the_recorded_heads(two_chains, chain):
    anchors = anchors_of(verify())
    removed = two_chains[chain][-1]
    drop_guards()
    run_sql(["DELETE FROM audit_accesslogentry WHERE chain = %s AND position = %s"], [[chain, LAST]])
    move_head(chain, LAST - 1)
    restore_guards()
    assert "9 regels in 16 ketens gecontroleerd" in verify()  # a consistent rewrite: only an outside record shows it
    message = verify_fails(*anchors)
    assert f"Regel {removed.sequence}, vastgelegd als anker, ontbreekt" in message


@AT_EACH_PLACE
def test_inserted_entry_is_named(two_chains, chain, position):
    prev_hash = GENESIS_HASH if position == FIRST else entry_at(chain, position - 1).hash
    drop_guards()
    for later in range(LAST, position - 1, -1):  # make room: move the entries from `position` on up by one
        set_position(chain, later, later + 1)
    insert_raw(
        forged_row(
            chain=chain, position=position, sequence=next_sequence(), prev_hash=prev_hash, template=two_chains[chain][0]
        )
    )
    move_head(chain, LAST + 1)
    message = verify_fails()
    assert place(chain, position + 1) in message  # the entry that followed no longer follows the forged one
    assert "sluit niet aan" in message


# --- the ends of the chains, the set of chains, the anchors ---------------------------------------------------


@pytest.mark.parametrize("chain", [1, 2])
def test_entry_appended_behind_the_head_is_named(two_chains, chain):
    drop_guards()
    last = two_chains[chain][-1]
    insert_raw(
        forged_row(chain=chain, position=LAST + 1, sequence=next_sequence(), prev_hash=last.hash, template=last)
    )
    message = verify_fails()
    assert place(chain, LAST + 1) in message
    assert "ingevoegde regels" in message


@pytest.mark.parametrize(
    ("moved", "to", "named"),
    [((1, LAST), (2, LAST + 1), (2, LAST + 1)), ((2, FIRST), (3, FIRST), (2, FIRST))],
    ids=["to-the-end-of-another-chain", "to-an-empty-chain"],
)
def test_entry_moved_to_another_chain_is_named(two_chains, moved, to, named):
    drop_guards()
    run_sql(
        ["UPDATE audit_accesslogentry SET chain = %s, position = %s WHERE chain = %s AND position = %s"],
        [[*to, *moved]],
    )
    assert place(*named) in verify_fails()


def rebuild_without_constraints(table: str) -> None:
    """Copy `table` without its keys and checks, as an attacker who wants rows the schema forbids would."""
    run_sql([f"CREATE TABLE copy_of AS SELECT * FROM {table}", f"DROP TABLE {table}", f"ALTER TABLE copy_of RENAME TO {table}"])


def test_position_that_occurs_twice_is_named(two_chains):
    drop_guards()
    rebuild_without_constraints("audit_accesslogentry")
    insert_raw(
        forged_row(
            chain=2, position=MIDDLE, sequence=next_sequence(), prev_hash=entry_at(2, MIDDLE - 1).hash,
            template=two_chains[2][0],
        )
    )
    message = verify_fails()
    assert place(2, MIDDLE) in message
    assert "meer dan eens" in message


def test_entry_in_a_chain_outside_the_fixed_set_is_named(two_chains):
    drop_guards()
    rebuild_without_constraints("audit_accesslogentry")
    insert_raw(forged_row(chain=17, position=1, sequence=next_sequence(), prev_hash=GENESIS_HASH, template=two_chains[1][0]))
    message = verify_fails()
    assert place(17, 1) in message
    assert "de ketens 1 tot en met 16" in message


def test_head_of_a_chain_outside_the_fixed_set_is_named(two_chains):
    drop_guards()
    rebuild_without_constraints("audit_chainhead")
    run_sql(["INSERT INTO audit_chainhead (id, last_position, last_sequence, last_hash) VALUES (17, 0, 0, %s)"], [[GENESIS_HASH]])
    message = verify_fails()
    assert "Er is een kop voor keten 17" in message


@pytest.mark.parametrize("chain", [2, 9])
def test_missing_head_is_named(two_chains, chain):
    drop_guards()
    run_sql(["DELETE FROM audit_chainhead WHERE id = %s"], [[chain]])
    message = verify_fails()
    assert f"in keten {chain} bij plaats" in message
    assert "kop van deze keten ontbreekt" in message


def test_all_heads_missing_with_entries_is_named(two_chains):
    drop_guards()
    run_sql(["DELETE FROM audit_chainhead"])
    assert place(1, LAST) in verify_fails()


def test_anchor_with_another_hash_is_named(two_chains):
    first, fourth = two_chains[2][0], two_chains[2][3]
    verify("--anchor", f"{first.sequence}:{first.hash}")
    message = verify_fails("--anchor", f"{first.sequence}:{fourth.hash}")
    assert place(2, FIRST) in message
    assert "hash van het vastgelegde anker" in message


def test_missing_guards_fail_verification_of_an_intact_log(two_chains):
    drop_guards()
    message = verify_fails()
    assert "beveiliging tegen wijzigen ontbreekt" in message
    assert "audit_accesslogentry_no_update" in message
    assert "audit_chainhead_own_chain" in message


def test_show_lists_the_accesses_to_one_subject(five_entries):
    out = io.StringIO()
    call_command("audit", "show", "--subject", str(five_entries[1].subject_key), stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{five_entries[1].sequence}\t")
    assert "system" in lines[0]
    assert ChainHead.objects.get(pk=1).last_position == 5
