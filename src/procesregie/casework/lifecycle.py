"""The lifecycles of registrations and cases: the only allowed transitions.

Reopening a closed case is not a transition: it is a new registration for the same subject.
"""

from procesregie.core.state_machine import StateMachine

from .models import CaseStatus, RegistrationStatus

PENDING = RegistrationStatus.PENDING.value
ACCEPTED = RegistrationStatus.ACCEPTED.value
DECLINED = RegistrationStatus.DECLINED.value
IN_REGIE = CaseStatus.IN_REGIE.value
CLOSED = CaseStatus.CLOSED.value

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
        CLOSED: frozenset(),
    },
)


def accepts_changes(case) -> bool:
    """Is anything but reading (and reopening) offered and accepted for `case`? Only while it is in regie.

    The one answer for every panel and service that changes a case (participants, procesregisseur, plan,
    measurements, agenda): a closed case is read, or reopened (`case_reopen`), nothing else.
    """
    return case.status == IN_REGIE
