"""Services that write the plan of action: goals per life domain and agreed interventions.

Every entry point (web, API, a meeting's decision) passes through these. The rules:

- **Who.** `can(actor, CHANGE, case)` (the procesregisseur of the case) may change the whole plan. The
  *partner rule*: a ketenpartner who sees the case (their organisation takes part in it) may change the
  **status** of an agreed intervention that their own organisation carries, and nothing else. Anyone else
  gets `NotFound` (answered as 404, like a case that does not exist, as everywhere in casework).
- **Closed cases** keep their plan as it was: no changes.
- **Concurrency.** Every change raises `Plan.version` by one in the same transaction. An edit form passes
  the version it was opened with as `expected_version`; when the plan changed in the meantime the service
  raises `Conflict` and saves nothing. Callers without a form (a meeting's decision that becomes an
  intervention) pass `expected_version=None`: their change is not checked, but it still raises the version,
  so forms opened before it become stale.
- **Logging.** One access-log entry per data subject of the case (the person; or the system and its
  members), action create or update, with the case as purpose, in the same transaction: a rolled-back change
  leaves no entry and an entry that cannot be written leaves no change.
"""

import datetime

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from procesregie.access.rules import CHANGE, SET_STATUS, can
from procesregie.audit.models import Action
from procesregie.audit.services import record_accesses
from procesregie.casework.lifecycle import accepts_changes
from procesregie.casework.models import Case
from procesregie.casework.selectors import subject_targets
from procesregie.core.errors import Conflict, DomainError, NotFound
from procesregie.core.text import clean_text

from . import lifecycle
from .models import CaseIntervention, Goal, GoalStatus, InterventionStatus, Plan

DESCRIPTION_MAX_LENGTH = 2_000
NOTE_MAX_LENGTH = 4_000

CONFLICT_MESSAGE = gettext_lazy(
    "Iemand anders heeft het plan intussen gewijzigd. Uw invoer staat hieronder; controleer het plan en sla opnieuw op."
)


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED = _Unchanged()  # an argument left as it is (None is a value: "no due date")


# --- who may do what ------------------------------------------------------------------------------------------


def may_change_plan(actor, case: Case) -> bool:
    """The procesregisseur of the case: goals, interventions, everything."""
    return can(actor, CHANGE, case)


def carries(actor, case_intervention: CaseIntervention) -> bool:
    """The partner rule (`access.plans`): the actor's organisation carries this intervention of a case it sees."""
    return actor is not None and can(actor, SET_STATUS, case_intervention)


def _refuse() -> None:
    raise NotFound(_("Deze casus bestaat niet of u mag het plan van aanpak niet wijzigen."))


def _check_may_change(actor, case: Case) -> None:
    if not may_change_plan(actor, case):
        _refuse()


def _check_open(case: Case) -> None:
    if not accepts_changes(case):
        raise DomainError(_("Deze casus is afgesloten; het plan van aanpak kan niet meer worden gewijzigd."))


# --- the version ----------------------------------------------------------------------------------------------


def plan_version(case: Case) -> int:
    """The current version of the case's plan (0 before its first change)."""
    return Plan.objects.filter(case=case).values_list("version", flat=True).first() or 0


def _advance(case: Case, expected_version: int | None) -> None:
    """Raise the plan's version by one, or raise `Conflict` when it is no longer `expected_version`.

    The conditional UPDATE is the check: it locks the row until the transaction ends, so of two saves
    against the same version exactly one matches (PostgreSQL re-reads the row after the first commits;
    SQLite serialises writers).
    """
    plan, _created = Plan.objects.get_or_create(case=case)
    rows = Plan.objects.filter(pk=plan.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1, changed_at=timezone.now()):
        raise Conflict(str(CONFLICT_MESSAGE))


# --- checks on input ------------------------------------------------------------------------------------------


def _goal_fields(domain, text: str) -> str:
    """The checked description of a goal on `domain`."""
    if domain is None:
        raise DomainError(_("Kies een leefgebied."))
    description = clean_text(text, max_length=DESCRIPTION_MAX_LENGTH)
    if not description:
        raise DomainError(_("Beschrijf het doel."))
    return description


def _goal_of(case: Case, goal: Goal | None) -> Goal | None:
    if goal is not None and goal.case_id != case.pk:
        raise DomainError(_("Dit doel hoort niet bij deze casus."))
    return goal


def _check_dates(agreed_on: datetime.date, due_date: datetime.date | None) -> None:
    if agreed_on > timezone.localdate():
        raise DomainError(_("De datum van de afspraak ligt in de toekomst."))
    if due_date is not None and due_date < agreed_on:
        raise DomainError(_("De uiterste datum ligt vóór de datum van de afspraak."))


def _log(actor, action: str, case: Case, request) -> None:
    registration = case.registration
    record_accesses(
        actor=actor, action=action, targets=subject_targets(case),
        purpose_approach=registration.approach, request=request,
    )


def _fresh_case(case_id: int) -> Case:
    """The case's current row with what the log needs (its status may have changed since the caller read it)."""
    return Case.objects.select_related(
        "registration__person", "registration__system", "registration__approach"
    ).get(pk=case_id)


def _current(model, pk: int, case: Case):
    """The row as it is now; gone (e.g. replaced by an import) counts as a change by someone else."""
    try:
        row = model.objects.get(pk=pk, case=case)
    except model.DoesNotExist:
        raise Conflict(str(CONFLICT_MESSAGE)) from None
    row.case = case
    return row


# --- goals ----------------------------------------------------------------------------------------------------


@transaction.atomic
def goal_add(
    *, actor, case: Case, domain, description: str, expected_version: int | None, request=None
) -> Goal:
    """Add a goal on a life domain to the case's plan (status open, after the goals already there)."""
    case = _fresh_case(case.pk)
    _check_may_change(actor, case)
    _check_open(case)
    description = _goal_fields(domain, description)
    _advance(case, expected_version)
    position = (Goal.objects.filter(case=case).aggregate(last=Max("position"))["last"] or 0) + 1
    goal = Goal.objects.create(case=case, domain=domain, description=description, position=position)
    _log(actor, Action.CREATE, case, request)
    return goal


@transaction.atomic
def goal_update(
    *, actor, goal: Goal, domain, description: str, status: str, expected_version: int | None, request=None
) -> Goal:
    """Change a goal's life domain, wording or status (open, achieved, dropped)."""
    case = _fresh_case(goal.case_id)
    _check_may_change(actor, case)
    _check_open(case)
    description = _goal_fields(domain, description)
    if status not in GoalStatus.values:
        raise DomainError(_("Kies een geldige status."))
    _advance(case, expected_version)
    current = _current(Goal, goal.pk, case)
    lifecycle.check(lifecycle.GOAL, current.status, status)
    current.domain, current.description, current.status = domain, description, status
    current.save(update_fields=["domain", "description", "status"])
    _log(actor, Action.UPDATE, case, request)
    return current


# --- interventions --------------------------------------------------------------------------------------------


@transaction.atomic
def intervention_agree(
    *,
    actor,
    case: Case,
    intervention,
    organisation,
    agreed_on: datetime.date,
    due_date: datetime.date | None = None,
    goal: Goal | None = None,
    note: str = "",
    responsible_person=None,
    expected_version: int | None = None,
    request=None,
) -> CaseIntervention:
    """Agree an intervention from the catalogue for the case, carried by `organisation` (status agreed), optionally by
    a named person of it (`responsible_person`, an active user of that organisation)."""
    case = _fresh_case(case.pk)
    _check_may_change(actor, case)
    _check_open(case)
    if intervention is None or organisation is None:
        raise DomainError(_("Kies de interventie en de verantwoordelijke partner."))
    _check_dates(agreed_on, due_date)
    goal = _goal_of(case, goal)
    if responsible_person is not None and (
        responsible_person.organisation_id != organisation.pk or not responsible_person.is_active
    ):
        raise DomainError(_("De contactpersoon hoort niet bij de verantwoordelijke partner."))
    note = clean_text(note, max_length=NOTE_MAX_LENGTH)
    _advance(case, expected_version)
    item = CaseIntervention.objects.create(
        case=case, intervention=intervention, organisation=organisation, goal=goal,
        agreed_on=agreed_on, due_date=due_date, note=note, responsible_person=responsible_person,
    )
    _log(actor, Action.CREATE, case, request)
    return item


@transaction.atomic
def intervention_update(
    *,
    actor,
    case_intervention: CaseIntervention,
    status: str = UNCHANGED,
    due_date: datetime.date | None = UNCHANGED,
    organisation=UNCHANGED,
    responsible_person=UNCHANGED,
    goal: Goal | None = UNCHANGED,
    note: str = UNCHANGED,
    expected_version: int | None,
    request=None,
) -> CaseIntervention:
    """Change an agreed intervention: its status, due date, responsible partner (and its contact person), goal or
    note.

    Arguments left `UNCHANGED` keep their value. Under the partner rule only the status may change.
    """
    case = _fresh_case(case_intervention.case_id)
    current = _current(CaseIntervention, case_intervention.pk, case)
    if not may_change_plan(actor, case):
        if not carries(actor, current):
            _refuse()
        others = {"due_date": due_date, "organisation": organisation, "responsible_person": responsible_person,
                  "goal": goal, "note": note}
        if any(value is not UNCHANGED and value != getattr(current, name) for name, value in others.items()):
            raise DomainError(_("Uw organisatie mag bij deze interventie alleen de status wijzigen."))
    _check_open(case)
    _advance(case, expected_version)
    current = _current(CaseIntervention, current.pk, case)  # after the version check: the row as it is now
    changed = []
    if status is not UNCHANGED:
        if status not in InterventionStatus.values:
            raise DomainError(_("Kies een geldige status."))
        lifecycle.check(lifecycle.INTERVENTION, current.status, status)
        current.status = status
        changed.append("status")
    if organisation is not UNCHANGED:
        if organisation is None:
            raise DomainError(_("Kies de verantwoordelijke partner."))
        current.organisation = organisation
        changed.append("organisation")
    if responsible_person is not UNCHANGED:
        current.responsible_person = responsible_person
        changed.append("responsible_person")
    touched = responsible_person is not UNCHANGED or organisation is not UNCHANGED  # a status alone leaves them be
    if touched and current.responsible_person_id is not None and (
        current.responsible_person.organisation_id != current.organisation_id or not current.responsible_person.is_active
    ):
        raise DomainError(_("De contactpersoon hoort niet bij de verantwoordelijke partner."))
    if due_date is not UNCHANGED:
        current.due_date = due_date
        changed.append("due_date")
    if goal is not UNCHANGED:
        current.goal = _goal_of(case, goal)
        changed.append("goal")
    if note is not UNCHANGED:
        current.note = clean_text(note, max_length=NOTE_MAX_LENGTH)
        changed.append("note")
    if current.due_date is not None and current.due_date < current.agreed_on:
        raise DomainError(_("De uiterste datum ligt vóór de datum van de afspraak."))
    if changed:
        current.save(update_fields=changed)
    _log(actor, Action.UPDATE, case, request)
    return current
