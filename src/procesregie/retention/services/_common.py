"""What the retention services share: the checked free text of a reason."""

from django.utils.translation import gettext as _

from procesregie.core.errors import DomainError
from procesregie.core.text import clean_text
from procesregie.subjects.bsn import contains_bsn

REASON_MAX_LENGTH = 2_000


def checked_reason(value: str | None, *, required_message: str | None, bsn_message: str | None = None) -> str:
    """The cleaned reason without a BSN (lists and overviews show it without the case); required unless
    `required_message` is None. `bsn_message` says why a BSN is refused where the default reason does not fit."""
    text = clean_text(value, max_length=REASON_MAX_LENGTH)
    if required_message is not None and not text:
        raise DomainError(required_message)
    if contains_bsn(text):
        raise DomainError(bsn_message or _("Er staat een BSN in de reden. Haal het nummer weg: de reden staat in "
                                           "overzichten zonder de casus."))
    return text
