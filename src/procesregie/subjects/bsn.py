"""The BSN (burgerservicenummer): normalisation, the 11-proef, and a BSN in free text."""

import re
import unicodedata

from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError
from stdnum.nl import bsn as stdnum_bsn

from procesregie.core.errors import DomainError

_SEPARATORS = re.compile(r"[\s.\-]")
_EIGHT_DIGITS = re.compile(r"[0-9]{8}")
_NINE_DIGITS = re.compile(r"[0-9]{9}")  # ASCII only: str.isdigit() also accepts other scripts' digits


def normalise_bsn(value: str) -> str:
    """Strip spaces, dots and dashes; left-pad an 8-digit number with a zero. Does not validate."""
    compact = _SEPARATORS.sub("", value or "")
    if _EIGHT_DIGITS.fullmatch(compact):
        compact = "0" + compact
    return compact


def validate_bsn(value) -> str:
    """Return the normalised BSN, or raise DomainError when it fails the format or the 11-proef."""
    bsn = normalise_bsn(str(value) if value is not None else "")
    if not _NINE_DIGITS.fullmatch(bsn):
        raise DomainError(_("Een BSN bestaat uit 9 cijfers (of 8 cijfers met een voorloopnul)."))
    if set(bsn) == {"0"}:  # passes the arithmetic of the 11-proef, yet is never issued
        raise DomainError(_("Dit is geen geldig BSN."))
    try:
        stdnum_bsn.validate(bsn)
    except ValidationError:
        raise DomainError(_("Dit is geen geldig BSN: het voldoet niet aan de 11-proef.")) from None
    return bsn


# Nine digits, any run of other characters that are no letter or digit between them (spaces, no-break spaces, dots,
# dashes, slashes, underscores, as people type and paste a number); not inside a longer run of digits.
_NINE_DIGITS_IN_TEXT = re.compile(r"(?<![0-9])[0-9](?:[\W_]*[0-9]){8}(?![0-9])")


def contains_bsn(text: str | None) -> bool:
    """Does `text` hold a number that is a valid BSN? Read after Unicode NFKC normalisation, so full-width digits
    count as the digits they look like; the digits of a match are checked with the 11-proef (`validate_bsn`).

    Where personal data must stay out of a text: an anonymous signal (all of its free text), an escalation's
    explanation and resolution (managers read them without the case). One in eleven random nine-digit numbers passes
    the 11-proef, so a refusal can now and then be about a number that was no BSN."""
    normalised = unicodedata.normalize("NFKC", text or "")
    for match in _NINE_DIGITS_IN_TEXT.finditer(normalised):
        digits = "".join(character for character in match.group(0) if "0" <= character <= "9")
        try:
            validate_bsn(digits)
        except DomainError:
            continue
        return True
    return False
