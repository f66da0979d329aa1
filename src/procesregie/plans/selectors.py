"""Reading the plan of action: always from `cases_visible_to(user)`, with a number of queries that does not grow.

The case page (`casepage`) reads the case with `plan_prefetches()` and shows the plan arranged by `plan_view`
in `plans/_case_plan.html`; the plan views do the same for the section alone. Without the goals prefetched,
`plan_view` reads them in one query of its own. Either way the number of queries does not depend on the size
of the plan.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from procesregie.access.plans import carries_in_shown_case, posts_updates_in_shown_case
from procesregie.access.rules import cases_visible_to
from procesregie.access.shielding import shows_intervention
from procesregie.audit.models import Action, Outcome
from procesregie.audit.services import record_access, record_accesses
from procesregie.casework.lifecycle import accepts_changes
from procesregie.casework.models import Case
from procesregie.casework.selectors import subject_targets
from procesregie.reference.models import LifeDomain
from procesregie.subjects.models import SystemMember

from .models import OPEN_INTERVENTION_STATUSES, CaseIntervention, CaseUpdate, Goal

GOALS_PREFETCH = "goals"


def goals_prefetch() -> Prefetch:
    """What a case read needs for the plan's goals (the case page's selector may add it)."""
    return Prefetch(GOALS_PREFETCH, queryset=Goal.objects.select_related("domain"))


def plan_prefetches() -> list[Prefetch]:
    """What a case read needs for `plan_view`: the goals with their domains, the interventions with theirs, and the
    participants' short updates."""
    return [
        goals_prefetch(),
        Prefetch("interventions", queryset=CaseIntervention.objects.select_related(
            "intervention", "organisation", "responsible_person"
        )),
        # the short updates of the participants, for the case's timeline (`casepage.timeline`)
        Prefetch("updates", queryset=CaseUpdate.objects.select_related("organisation", "author")),
    ]


def _plan_cases(user) -> QuerySet[Case]:
    return cases_visible_to(user).select_related(
        "registration__person", "registration__system", "registration__approach"
    ).prefetch_related(
        *plan_prefetches(),
        Prefetch("registration__system__memberships", queryset=SystemMember.objects.select_related("person")),
    )


def case_for_plan(*, user, case_id: int, request=None) -> Case:
    """A case the user may see, with its plan. Unknown or out of scope: 404, logged as a denied read."""
    try:
        return _plan_cases(user).get(pk=case_id)
    except Case.DoesNotExist:
        record_access(actor=user, action=Action.READ, obj=Case, outcome=Outcome.DENIED, request=request)
        raise Http404 from None


def log_read(*, user, case: Case, request=None) -> None:
    """One read entry per data subject of the case: the plan about to be shown is their data."""
    record_accesses(
        actor=user, action=Action.READ, targets=subject_targets(case),
        purpose_approach=case.registration.approach, request=request,
    )


def refuse(*, user, request=None):
    """Answer a refused change like a case that does not exist (404), logged as a denied update.

    The entry names no subject: the user is not told whether the case exists (as casework does).
    """
    record_access(actor=user, action=Action.UPDATE, obj=Case, outcome=Outcome.DENIED, request=request)
    return Http404()


def goal_of(case: Case, goal_id: int) -> Goal:
    """A goal of this case (from the prefetched goals). Another case's goal: 404."""
    for goal in case.goals.all():
        if goal.pk == goal_id:
            return goal
    raise Http404


def intervention_of(case: Case, case_intervention_id: int) -> CaseIntervention:
    """An agreed intervention of this case (from the prefetched ones). Another case's: 404."""
    for item in case.interventions.all():
        if item.pk == case_intervention_id:
            item.case = case
            return item
    raise Http404


# --- arranging the plan for display -------------------------------------------------------------------------


@dataclass
class GoalGroup:
    domain: LifeDomain
    goals: list[Goal] = field(default_factory=list)


@dataclass
class InterventionRow:
    item: CaseIntervention
    goal: Goal | None
    overdue: bool
    editable: bool  # the user is offered the edit form (the service decides on saving)


@dataclass
class PlanView:
    goal_groups: list[GoalGroup]
    interventions: list[InterventionRow]
    overdue_count: int
    editable: bool  # the user is offered the controls that add and change goals and interventions
    can_post_update: bool = False  # the user is offered the form for a short update on the case


def _prefetched_goals(case: Case) -> list[Goal]:
    if GOALS_PREFETCH in getattr(case, "_prefetched_objects_cache", {}):
        return list(case.goals.all())
    return list(Goal.objects.filter(case=case).select_related("domain"))


def plan_view(case: Case, user, *, can_change: bool, today=None) -> PlanView:
    """The case's goals grouped by life domain (in the domains' display order) and its interventions.

    `case` was read through `cases_visible_to(user)`; `can_change` is `can(user, CHANGE, case)`, decided once by
    the caller (the case page, the plan views).
    """
    today = today or timezone.localdate()
    goals = _prefetched_goals(case)
    groups: dict[int, GoalGroup] = {}
    for goal in sorted(goals, key=lambda g: (g.domain.position, g.domain.code, g.position, g.pk)):
        groups.setdefault(goal.domain_id, GoalGroup(domain=goal.domain)).goals.append(goal)
    goal_by_id = {goal.pk: goal for goal in goals}
    is_open = accepts_changes(case)
    editable = is_open and can_change
    rows = [
        InterventionRow(
            item=item,
            goal=goal_by_id.get(item.goal_id),
            overdue=item.is_overdue(today),
            editable=editable or (  # the partner rule: the status of what its organisation carries, while open
                is_open and item.status in OPEN_INTERVENTION_STATUSES and carries_in_shown_case(user, item)
            ),
        )
        for item in case.interventions.all()
        if shows_intervention(user, item)  # a private or incidental participant: no justice partner's (access.shielding)
    ]
    return PlanView(
        goal_groups=list(groups.values()),
        interventions=rows,
        overdue_count=sum(row.overdue for row in rows),
        editable=editable,
        can_post_update=is_open and posts_updates_in_shown_case(user, case),
    )

