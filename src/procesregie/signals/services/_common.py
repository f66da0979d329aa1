"""What the signal services share: the authorisation of the actor, the checks of a signal's fields, the access log.

Every actor is checked inside the service, so no entry point can skip it. `actor=None` is the system (a command or
an import): recording a consultation, handling a signal, marking its follow-up done and turning it into a registration
accept it unchecked and log it as the user `system`. A report does not: it is made on behalf of the actor's own
organisation, so `signal_report` refuses `actor=None`. (The demo writes its signals with the ORM.)
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from procesregie.access import rules
from procesregie.audit.services import record_accesses
from procesregie.core.errors import DomainError, NotFound
from procesregie.core.text import clean_text
from procesregie.subjects.bsn import contains_bsn

from ..log_targets import signal_targets
from ..models import Signal, SignalKind, SignalOutcome

TEXT_MAX_LENGTH = 5000
# What a procesregisseur records by hand; `aanmelding` only comes with the registration (`signal_convert`).
OUTCOMES_BY_HAND = (SignalOutcome.ADVIES, SignalOutcome.DOORVERWEZEN, SignalOutcome.GEEN_ACTIE)


def not_found() -> NotFound:
    return NotFound(_("Deze gegevens bestaan niet of u heeft er geen toegang toe."))


def authorise(actor, action: str, signal: Signal) -> None:
    """Refuse, as if `signal` did not exist, when `actor` may not do `action` on it. The system may."""
    if actor is not None and not rules.can(actor, action, signal):
        raise not_found()


def locked(signal: Signal) -> Signal:
    """The current row of `signal`, locked until the transaction ends (PostgreSQL; SQLite locks the database)."""
    return Signal.objects.select_for_update().get(pk=signal.pk)


def check_kind(kind: str) -> str:
    if kind not in SignalKind.values:
        raise DomainError(_("Kies de soort: melding of adviesgesprek."))
    return kind


def check_outcome_by_hand(outcome: str) -> str:
    if outcome == SignalOutcome.AANMELDING:
        raise DomainError(_("Een melding wordt een aanmelding met 'Aanmelding maken'; kies hier een andere uitkomst."))
    if outcome not in OUTCOMES_BY_HAND:
        raise DomainError(_("Kies de uitkomst."))
    return outcome


def check_follow_up(follow_up_on: datetime.date | None, signal_date: datetime.date) -> None:
    if follow_up_on is not None and follow_up_on < signal_date:
        raise DomainError(_("De datum van opvolgen ligt vóór de datum van de melding."))


# The earliest dates taken (a year 0001 is a typing error, not a date): a signal's, and a subject's birth date.
EARLIEST_DATE = datetime.date(2000, 1, 1)
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


def check_date(day: datetime.date) -> datetime.date:
    if day > timezone.localdate():
        raise DomainError(_("De datum van de melding ligt in de toekomst."))
    if day < EARLIEST_DATE:
        raise DomainError(_("De datum van de melding ligt vóór 2000."))
    return day


def check_birth_date(day: datetime.date | None) -> datetime.date | None:
    """No birth date before 1900 (the future is refused with the registration's own check)."""
    if day is not None and day < EARLIEST_BIRTH_DATE:
        raise DomainError(_("De geboortedatum ligt vóór 1900."))
    return day


def cleaned(text: str | None, *, required_message: str | None = None) -> str:
    text = clean_text(text, max_length=TEXT_MAX_LENGTH)
    if required_message and not text:
        raise DomainError(required_message)
    return text


def check_anonymous_text(*texts: str) -> None:
    """An anonymous signal holds no personal data: refuse a BSN in any of its free texts."""
    if any(contains_bsn(text) for text in texts):
        raise DomainError(
            _("Er staat een BSN in de tekst. Een anonieme melding bevat geen persoonsgegevens: haal het nummer weg.")
        )


def log_signal(*, actor, action: str, signal: Signal, request=None) -> None:
    """Log `action` on `signal`, once per data subject, with the signal's approach as purpose."""
    record_accesses(actor=actor, action=action, targets=signal_targets(signal), purpose_approach=signal.approach,
                    request=request)
