"""Handling a signal: the procesregisseur's advice, outcome and follow-up, marking a follow-up done, and turning a
signal into a registration.

Only a procesregisseur of the signal's approach handles it (`can(actor, HANDLE, signal)`); anyone else is refused as
if the signal did not exist. A signal that became a registration is final: its outcome stays `aanmelding`, and the
registration goes through the normal triage.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procesregie.access.rules import HANDLE
from procesregie.audit.models import Action
from procesregie.casework.models import Registration, Urgency
from procesregie.casework.services import ContactPerson, registration_create
from procesregie.core.errors import DomainError

from ..models import Signal, SignalOutcome
from ._common import (
    authorise,
    check_anonymous_text,
    check_follow_up,
    check_outcome_by_hand,
    cleaned,
    locked,
    log_signal,
)


def _check_not_converted(signal: Signal) -> None:
    if signal.registration_id is not None:
        raise DomainError(_("Van deze melding is al een aanmelding gemaakt; die volgt de triage."))


def _mark_handled(signal: Signal, actor) -> None:
    signal.handled_by = actor if getattr(actor, "pk", None) else None
    signal.handled_at = timezone.now()


@transaction.atomic
def signal_handle(
    *,
    actor,
    signal: Signal,
    advice: str,
    outcome: str,
    follow_up_on: datetime.date | None = None,
    request=None,
) -> Signal:
    """Record (or change) the advice given, the outcome (`advies`, `doorverwezen` or `geen_actie`; `aanmelding` only
    through `signal_convert`) and the follow-up date (none: nothing to follow up). Logged as one `update` entry per
    data subject."""
    authorise(actor, HANDLE, signal)
    current = locked(signal)
    _check_not_converted(current)
    outcome = check_outcome_by_hand(outcome)
    advice = cleaned(advice, required_message=_("Beschrijf het gegeven advies."))
    if current.is_anonymous:
        check_anonymous_text(advice)
    check_follow_up(follow_up_on, current.date)
    current.advice, current.outcome, current.follow_up_on = advice, outcome, follow_up_on
    _mark_handled(current, actor)
    current.save(update_fields=["advice", "outcome", "follow_up_on", "handled_by", "handled_at"])
    log_signal(actor=actor, action=Action.UPDATE, signal=current, request=request)
    signal.refresh_from_db()
    return signal


@transaction.atomic
def signal_follow_up_done(*, actor, signal: Signal, request=None) -> Signal:
    """The follow-up of a handled signal is done: its follow-up date is cleared (advice and outcome stay), so it
    leaves the follow-ups due. Another follow-up, or new advice, goes through `signal_handle`. Logged as one `update`
    entry per data subject."""
    authorise(actor, HANDLE, signal)
    current = locked(signal)
    _check_not_converted(current)
    if not current.outcome:
        raise DomainError(_("Deze melding is nog niet afgehandeld: handel haar eerst af."))
    if current.follow_up_on is None:
        raise DomainError(_("Bij deze melding staat niets meer om op te volgen."))
    current.follow_up_on = None
    _mark_handled(current, actor)
    current.save(update_fields=["follow_up_on", "handled_by", "handled_at"])
    log_signal(actor=actor, action=Action.UPDATE, signal=current, request=request)
    signal.refresh_from_db()
    return signal


@transaction.atomic
def signal_convert(
    *,
    actor,
    signal: Signal,
    municipality=None,
    urgency: str = Urgency.NORMAL,
    request=None,
) -> Registration:
    """Turn a signal about a person or a system into a registration, in one step: the registration (made today, on
    behalf of the reporting organisation, through `casework.services.registration_create`) gets the signal's subject,
    approach, municipality (`municipality`, by default the signal's), the question as its reason, the name as
    reported and the professional as its contact person; the signal gets the outcome `aanmelding` and the link to the
    registration (which links back as `registration.signal`). The registration then waits for triage.

    Logged: the registration's `create` entries (by `registration_create`) and one `update` entry of the signal per
    data subject.
    """
    authorise(actor, HANDLE, signal)
    current = locked(signal)
    _check_not_converted(current)
    if current.is_anonymous:
        raise DomainError(_("Een anonieme melding kan geen aanmelding worden: zij gaat over niemand."))
    municipality = municipality or current.municipality
    if municipality is None:
        raise DomainError(_("Kies de gemeente waar de aanmelding onder valt."))
    registration = registration_create(
        actor=actor,
        subject=current.subject,
        approach=current.approach,
        municipality=municipality,
        reported_by=current.reported_by,
        registered_on=timezone.localdate(),
        reason=current.question,
        reported_name=current.reported_name,
        urgency=urgency,
        contact=ContactPerson(name=current.reporter_name, phone=current.reporter_phone, email=current.reporter_email),
        reported_members=current.reported_members,
        from_signal=current,
        request=request,
    )
    current.registration, current.outcome = registration, SignalOutcome.AANMELDING
    current.municipality = current.municipality or municipality
    _mark_handled(current, actor)
    current.save(update_fields=["registration", "outcome", "municipality", "handled_by", "handled_at"])
    log_signal(actor=actor, action=Action.UPDATE, signal=current, request=request)
    signal.refresh_from_db()
    return registration
