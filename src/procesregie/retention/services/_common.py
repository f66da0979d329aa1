"""What the retention services share: the checked free text of a reason."""

from django.utils.translation import gettext as _

from procesregie.core.errors import DomainError
from procesregie.core.text import clean_text
from procesregie.subjects.bsn import contains_bsn

REASON_MAX_LENGTH = 2_000


def checked_reason(value: str | None, *, required_message: str) -> str:
    """The cleaned reason, required, without a BSN (lists and overviews show it without the case)."""
    text = clean_text(value, max_length=REASON_MAX_LENGTH)
    if not text:
        raise DomainError(required_message)
    if contains_bsn(text):
        raise DomainError(_("Er staat een BSN in de reden. Haal het nummer weg: de reden staat in overzichten zonder "
                            "de casus."))
    return text
