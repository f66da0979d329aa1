"""The lifecycles of registrations and cases: the only allowed transitions, and when a case can be reopened.

A closed case goes back in regie only by reopening it (`case_reopen`), within `settings.CASE_REOPEN_DAYS` after
its end date and not when a transfer continues it elsewhere (docs/decisions/0010). After that, a new
registration of the same subject links to it (`Registration.previous_case`).
"""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from procesregie.core.state_machine import StateMachine

from .models import CaseStatus, RegistrationStatus

PENDING = RegistrationStatus.PENDING.value
ACCEPTED = RegistrationStatus.ACCEPTED.value
DECLINED = RegistrationStatus.DECLINED.value
IN_REGIE = CaseStatus.IN_REGIE.value
CLOSED = CaseStatus.CLOSED.value
# A subject's latest case, the one a new registration of the subject follows (`Registration.previous_case`): the
# latest start, then the one made last.
LATEST_CASE_FIRST = ("-start_date", "-pk")

REGISTRATION = StateMachine(
    "Aanmelding",
    {
        PENDING: frozenset({ACCEPTED, DECLINED}),
        ACCEPTED: frozenset(),
        DECLINED: frozenset(),
    },
)

CASE = StateMachine(
    "Casus",
    {
        IN_REGIE: frozenset({CLOSED}),
        CLOSED: frozenset({IN_REGIE}),  # reopening, under `reopen_refusal`
    },
)


def accepts_changes(case) -> bool:
    """Is anything but reading (and reopening) offered and accepted for `case`? Only while it is in regie.

    The one answer for every panel and service that changes a case (participants, procesregisseur, plan,
    measurements, agenda): a closed case is read, or reopened (`case_reopen`), nothing else.
    """
    return case.status == IN_REGIE


def accepting_changes(via: str = "") -> Q:
    """`accepts_changes` as a condition for a query: `Case.objects.filter(accepting_changes())`, or through a
    relation to the case, e.g. `CaseIntervention.objects.filter(accepting_changes("case"))`."""
    return Q(**{f"{via}__status" if via else "status": IN_REGIE})


def reopen_period() -> datetime.timedelta:
    return datetime.timedelta(days=settings.CASE_REOPEN_DAYS)


def reopen_refusal(case, *, today: datetime.date | None = None) -> str | None:
    """Why `case` cannot be reopened now, or None when it can (a closed case, within the period after its end
    date, not transferred to a continuation that exists). Uses the prefetched `continuation` when there is one."""
    if case.status != CLOSED:
        return _("Deze casus is niet afgesloten.")
    if case.end_reason is not None and case.end_reason.is_internal_transfer:
        try:
            continuation = case.continuation
        except type(case).continuation.RelatedObjectDoesNotExist:
            continuation = None
        if continuation is not None:
            return _("Deze casus is overgedragen en loopt door als %(ref)s; die kan worden gewijzigd.") % {
                "ref": continuation.registration.ref}
    today = today or timezone.localdate()
    if today - case.end_date > reopen_period():
        return _("Deze casus is langer dan %(days)d dagen geleden afgesloten; meld de persoon of het systeem opnieuw "
                 "aan (de nieuwe aanmelding verwijst naar deze casus).") % {"days": settings.CASE_REOPEN_DAYS}
    return None
