"""THE access rule: who may see and do what. Nothing else in Procesregie decides access.

Every decision is a queryset builder: "the objects of this kind that `user` may do this action on". A list
starts from the builder; a single check, `can(user, action, obj)`, asks whether `obj` is in that same
queryset, so a list and a check can never disagree. The builders live in this package by subject:

- `access.cases`: cases, registrations, persons and systems (see its docstring for the rule itself);
- `access.meetings`: tables and meetings;
- `access.plans`: the partner rule for interventions;
- `access.case_changes`: who directs a case (its procesregisseur) and who reopens it;
- `access.caseload`: whose cases are "mine" (a procesregisseur's own, a partner organisation's), always visible ones;
- `access.escalations`: who raises, reads and resolves escalations (managers read them without the case);
- `access.signals`: who sees and who handles signals (meldingen, adviesgesprekken);
- `access.reminders`: who is reminded of which interventions, meetings, registrations and measurements;
- `access.capabilities`: what is not about one object (pages, menu items): `may(user, capability)`;
- `access.users`: the role questions, asked nowhere else.

Out of scope is indistinguishable from nonexistent: callers answer 404, never 403.
"""

from collections.abc import Callable

from django.db.models import QuerySet

from .case_changes import cases_reopenable_by
from .cases import (
    cases_changeable_by,
    cases_visible_to,
    persons_visible_to,
    registrations_triageable_by,
    registrations_visible_to,
    systems_visible_to,
    tables_directed_by,
)
from .escalations import cases_escalatable_by, escalations_handled_by, escalations_visible_to
from .meetings import meetings_directed_by, meetings_visible_to, tables_administered_by, tables_visible_to
from .plans import cases_open_to_updates_by, interventions_carried_by
from .signals import signals_handled_by, signals_visible_to

VIEW = "view"
CHANGE = "change"  # edit the case, its plan, measurements, participants; close, transfer
TRIAGE = "triage"  # accept or decline a registration
DIRECT = "direct"  # a table or meeting: schedule meetings, build the agenda
ADMINISTER = "administer"  # a table: its cadence and members
SET_STATUS = "set_status"  # an agreed intervention: the partner rule
ADD_UPDATE = "add_update"  # a case: post a short update on it (who takes part in it)
REOPEN = "reopen"  # a closed case, within the period after closing (access.case_changes)
HANDLE = "handle"  # a signal: its advice, outcome and follow-up; turning it into a registration (access.signals)
ESCALATE = "escalate"  # a case: take it to the house's managers (access.escalations)
RESOLVE = "resolve"  # an escalation: its outcome, by a manager (access.escalations)

# (model label, action) -> the builder of the objects `user` may do that action on.
RULES: dict[tuple[str, str], Callable[..., QuerySet]] = {
    ("casework.Case", VIEW): cases_visible_to,
    ("casework.Case", CHANGE): cases_changeable_by,
    ("casework.Case", REOPEN): cases_reopenable_by,
    ("casework.Registration", VIEW): registrations_visible_to,
    ("casework.Registration", TRIAGE): registrations_triageable_by,
    ("subjects.Person", VIEW): persons_visible_to,
    ("subjects.System", VIEW): systems_visible_to,
    ("reference.Table", VIEW): tables_visible_to,
    ("reference.Table", DIRECT): tables_directed_by,
    ("reference.Table", ADMINISTER): tables_administered_by,
    ("meetings.Meeting", VIEW): meetings_visible_to,
    ("meetings.Meeting", DIRECT): meetings_directed_by,
    ("plans.CaseIntervention", SET_STATUS): interventions_carried_by,
    ("casework.Case", ADD_UPDATE): cases_open_to_updates_by,
    ("signals.Signal", VIEW): signals_visible_to,
    ("signals.Signal", HANDLE): signals_handled_by,
    ("casework.Case", ESCALATE): cases_escalatable_by,
    ("escalations.Escalation", VIEW): escalations_visible_to,
    ("escalations.Escalation", RESOLVE): escalations_handled_by,
}


def allowed(user, action: str, model) -> QuerySet:
    """The objects of `model` (a class or its label) that `user` may do `action` on. Unknown pairs: a
    programming error (KeyError), never silently everything."""
    label = model if isinstance(model, str) else model._meta.label
    return RULES[(label, action)](user)


def can(user, action: str, obj) -> bool:
    """May `user` do `action` on `obj`? Asked of the same queryset a list starts from. Unknown actions and
    objects: no."""
    builder = RULES.get((obj._meta.label, action))
    if builder is None or obj.pk is None:
        return False
    return builder(user).filter(pk=obj.pk).exists()


__all__ = [
    "ADD_UPDATE", "ADMINISTER", "CHANGE", "DIRECT", "REOPEN", "RULES", "SET_STATUS", "TRIAGE", "VIEW", "allowed", "can",
    "ESCALATE", "RESOLVE",
    "HANDLE", "signals_handled_by", "signals_visible_to",
    "cases_changeable_by", "cases_visible_to", "persons_visible_to",
    "registrations_triageable_by", "registrations_visible_to", "systems_visible_to",
]
