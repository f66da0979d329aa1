"""A BSN in free text: what an anonymous signal must never hold.

An anonymous advice holds no personal data. Names cannot be recognised reliably, but a BSN can: nine digits (ASCII,
optionally grouped with single spaces, dots or dashes, as people type them: "123 456 782", "12.34.56.782") that
pass the 11-proef (`subjects.bsn.validate_bsn`). A longer run of digits (a phone number, an account number) is not
read as a BSN. One in eleven random nine-digit numbers passes the 11-proef, so a refusal can now and then be about
a number that was no BSN; the user then leaves the number out, which an anonymous advice can do without.
"""

import re

from procesregie.core.errors import DomainError
from procesregie.subjects.bsn import validate_bsn

# Nine digits, each but the first optionally after one separator; not inside a longer run of digits.
_NINE_DIGITS = re.compile(r"(?<![0-9])[0-9](?:[ .\-]?[0-9]){8}(?![0-9])")


def contains_bsn(text: str | None) -> bool:
    """Does `text` hold a number that is a valid BSN?"""
    for match in _NINE_DIGITS.finditer(text or ""):
        try:
            validate_bsn(match.group(0))
        except DomainError:
            continue
        return True
    return False
