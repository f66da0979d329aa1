"""The BSN 11-proef and normalisation."""

import pytest

from procesregie.core.errors import DomainError
from procesregie.subjects.bsn import normalise_bsn, validate_bsn


def eleven_proof_complete(prefix: str) -> str:
    """Independent of the code under test: append the check digit that makes the 11-proef hold."""
    check = sum((9 - i) * int(d) for i, d in enumerate(prefix)) % 11
    assert check < 10, f"no check digit exists for prefix {prefix}"
    return prefix + str(check)


VALID = ["111222333", eleven_proof_complete("12345678"), eleven_proof_complete("23456780")]
VALID_WITH_LEADING_ZERO = eleven_proof_complete("01234567")


def single_digit_changes(bsn: str):
    for position in range(9):
        for digit in "0123456789":
            if digit != bsn[position]:
                yield position, digit, bsn[:position] + digit + bsn[position + 1 :]


@pytest.mark.parametrize("bsn", VALID + [VALID_WITH_LEADING_ZERO])
def test_valid_bsn_is_accepted_unchanged(bsn):
    assert validate_bsn(bsn) == bsn


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1112 22 333", "111222333"),
        ("1112.22.333", "111222333"),
        ("111-222-333", "111222333"),
        ("  111222333\t", "111222333"),
        (VALID_WITH_LEADING_ZERO[1:], VALID_WITH_LEADING_ZERO),
        (VALID_WITH_LEADING_ZERO[1:5] + "." + VALID_WITH_LEADING_ZERO[5:], VALID_WITH_LEADING_ZERO),
    ],
)
def test_normalisation(raw, expected):
    assert normalise_bsn(raw) == expected
    assert validate_bsn(raw) == expected


def test_only_eight_digit_input_is_padded():
    assert normalise_bsn("1234567") == "1234567"  # seven digits stay seven: a wrong length stays wrong
    assert normalise_bsn("١١١٢٢٢٣٣") == "١١١٢٢٢٣٣"  # digits of other scripts are not BSN digits


@pytest.mark.parametrize("bsn", VALID + [VALID_WITH_LEADING_ZERO])
def test_every_single_digit_change_is_rejected(bsn):
    changes = list(single_digit_changes(bsn))
    assert len(changes) == 81
    accepted = []
    for position, digit, changed in changes:
        try:
            validate_bsn(changed)
        except DomainError:
            continue
        accepted.append(f"position {position + 1} -> {digit}: {changed}")
    assert not accepted, f"single-digit changes of {bsn} passed the 11-proef: {accepted}"


@pytest.mark.parametrize("bsn", ["000000000", "00000000", "0000.00.000"])
def test_all_zeros_is_rejected(bsn):
    with pytest.raises(DomainError, match="geen geldig BSN"):
        validate_bsn(bsn)


@pytest.mark.parametrize(
    "bsn",
    ["", "   ", "11122233a", "abcdefghi", "1112223334", "1234567", "12345", "111 222 33X", "+11222333",
     "١١١٢٢٢٣٣٣"],  # Arabic-Indic digits
)
def test_non_digits_and_wrong_length_are_rejected(bsn):
    with pytest.raises(DomainError, match="9 cijfers"):
        validate_bsn(bsn)


def test_none_is_rejected():
    with pytest.raises(DomainError):
        validate_bsn(None)


def test_checksum_failure_message_is_dutch_and_clear():
    with pytest.raises(DomainError) as excinfo:
        validate_bsn("111222334")
    assert str(excinfo.value) == "Dit is geen geldig BSN: het voldoet niet aan de 11-proef."
