"""A BSN in free text (`subjects.bsn.contains_bsn`): what an anonymous signal and an escalation's texts must never
hold. Nine digits that pass the 11-proef, however they are typed or pasted; a longer number or one that fails the
11-proef is no BSN."""

import pytest

from procesregie.subjects.bsn import contains_bsn

VALID_BSN = "111222333"  # passes the 11-proef (synthetic)
NOT_A_BSN = "123456789"  # nine digits that fail it


@pytest.mark.parametrize("text", [
    VALID_BSN, f"Het gaat om {VALID_BSN}.", "bsn 111 222 333", "111.222.333", "111-222-333", "(111222333)",
    "x111222333x",
])
def test_a_bsn_is_found_in_free_text(text):
    assert contains_bsn(text)


@pytest.mark.parametrize("text", [
    "111\u00a0222\u00a0333",  # no-break spaces (pasted from a document)
    "111\u202f222\u202f333",  # narrow no-break spaces
    "111/222/333",
    "111_222_333",
    "111  222  333",  # double spaces
    "111 . 222 . 333",
    "111 - 222 - 333",
    "11-12.22/333",  # mixed separators
    "１１１２２２３３３",  # full-width digits: NFKC makes them ASCII
    "１１１ ２２２ ３３３",
    "1 1 1 2 2 2 3 3 3",
    "BSN:\n111\n222\n333",
])
def test_a_bsn_typed_with_other_separators_or_digits_is_found(text):
    assert contains_bsn(text)


@pytest.mark.parametrize("text", [
    "", None, NOT_A_BSN, "123/456/789", "１２３４５６７８９", "0612345678", "06 1234 5678", "06-12345678", "1112223330",
    "111/222/3330", "11122233", "20240101", "12-03-2024", "tel. 030 123 4567", "٩١١١٢٢٢٣٣٣", "111 222 kinderen 333",
])
def test_numbers_that_are_no_bsn_pass(text):
    assert not contains_bsn(text)
