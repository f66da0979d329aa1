"""Explicit state machines: the allowed transitions of a lifecycle in one table."""

from collections.abc import Mapping

from django.utils.translation import gettext as _

from .errors import IllegalTransition


class StateMachine:
    """A named table `state -> allowed next states`; `check` refuses everything else."""

    def __init__(self, name: str, transitions: Mapping[str, frozenset[str]]):
        self.name = name
        self.transitions = transitions

    def allowed(self, current: str, target: str) -> bool:
        return target in self.transitions.get(current, frozenset())

    def check(self, current: str, target: str) -> None:
        if not self.allowed(current, target):
            raise IllegalTransition(
                _("%(machine)s: van '%(current)s' naar '%(target)s' is niet toegestaan.")
                % {"machine": self.name, "current": current, "target": target}
            )
