"""The allowed status changes of goals and agreed interventions. Keeping the current status is always allowed.

A goal can be reopened (a goal that was reached can be lost again); an intervention that is done or
cancelled stays so: agree a new one instead.
"""

from django.utils.translation import gettext as _

from procesregie.core.errors import IllegalTransition
from procesregie.core.state_machine import StateMachine

from .models import GoalStatus, InterventionStatus

GOAL = StateMachine(
    "Doel",
    {
        GoalStatus.OPEN: frozenset({GoalStatus.ACHIEVED, GoalStatus.DROPPED}),
        GoalStatus.ACHIEVED: frozenset({GoalStatus.OPEN}),
        GoalStatus.DROPPED: frozenset({GoalStatus.OPEN}),
    },
)

INTERVENTION = StateMachine(
    "Interventie",
    {
        InterventionStatus.AGREED: frozenset(
            {InterventionStatus.RUNNING, InterventionStatus.DONE, InterventionStatus.CANCELLED}
        ),
        InterventionStatus.RUNNING: frozenset({InterventionStatus.DONE, InterventionStatus.CANCELLED}),
        InterventionStatus.DONE: frozenset(),
        InterventionStatus.CANCELLED: frozenset(),
    },
)

_LABELS = {GOAL.name: GoalStatus, INTERVENTION.name: InterventionStatus}


def check(machine: StateMachine, current: str, target: str) -> None:
    """Refuse a status change the machine does not allow, naming the statuses as the user knows them."""
    if current == target or machine.allowed(current, target):
        return
    labels = _LABELS[machine.name]
    raise IllegalTransition(
        _("De status kan niet van '%(current)s' naar '%(target)s'.")
        % {"current": labels(current).label, "target": labels(target).label}
    )


def statuses_from(machine: StateMachine, current: str) -> list[str]:
    """The current status and those it may change to, in declaration order (the choices a form offers)."""
    return [status for status in machine.transitions if status == current or machine.allowed(current, status)]
