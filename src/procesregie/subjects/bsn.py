"""The BSN (burgerservicenummer): normalisation and the 11-proef."""

import re

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
