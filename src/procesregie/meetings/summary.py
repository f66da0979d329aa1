"""The case summary (casusoverzicht) of an agenda item: what a partner reads to prepare the meeting.

Subject, reason for the registration, who takes part, the plan (goals and the interventions still open), the
latest measurements and the last decisions, on one printable page and as a PDF. It is shown to whoever may see
the case (`cases_visible_to`), from a meeting they may open; everyone else gets 404, like a case that does not
exist. Reading it is logged, one entry per data subject, purpose: the case. The number of queries does not
depend on the size of the case.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from procesregie.access.rules import VIEW, allowed, cases_visible_to
from procesregie.access.shielding import (
    agenda_item_condition,
    decisions_condition,
    shield_registration,
    updates_condition,
)
from procesregie.audit.models import Action
from procesregie.audit.services import record_accesses
from procesregie.casework.models import Case, Participation
from procesregie.casework.selectors import subject_targets
from procesregie.monitoring.grid import MeasurementColumn, MeasurementGrid, measurement_grid
from procesregie.monitoring.selectors import measurement_prefetches
from procesregie.plans.models import OPEN_INTERVENTION_STATUSES, CaseIntervention, CaseUpdate
from procesregie.plans.selectors import GoalGroup, goals_prefetch, plan_view
from procesregie.subjects.models import SystemMember

from .models import AgendaItem, Decision, Meeting
from .selectors import _denied, agenda_number, meeting_title

LAST_DECISIONS = 5
LAST_UPDATES = 3


@dataclass
class MeasurementLine:
    domain: str
    previous: int | None
    latest: int | None


@dataclass
class CaseSummary:
    meeting: Meeting
    title: str  # the meeting's heading ("Casusoverleg Top X")
    number: int  # the item's number on the agenda
    item: AgendaItem
    case: Case
    participants: list[Participation]
    goal_groups: list[GoalGroup]
    open_interventions: list[CaseIntervention]
    overdue: set[int]
    latest: MeasurementColumn | None
    previous: MeasurementColumn | None
    measurements: list[MeasurementLine] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    updates: list[CaseUpdate] = field(default_factory=list)
    today: object = None


def _case_queryset(user):
    return cases_visible_to(user).select_related(
        "registration__person", "registration__system", "registration__approach", "registration__reported_by",
        "registration__municipality", "table", "procesregisseur", "case_holder",
    ).prefetch_related(
        Prefetch(
            "participations",
            queryset=Participation.objects.active().select_related("organisation"),
        ),
        goals_prefetch(),
        Prefetch(
            "interventions",
            queryset=CaseIntervention.objects.select_related(
                "intervention", "organisation", "responsible_person", "goal__domain"
            ),
        ),
        *measurement_prefetches(),
        Prefetch("registration__system__memberships", queryset=SystemMember.objects.select_related("person")),
    )


def _measurement_lines(grid: MeasurementGrid) -> tuple[MeasurementColumn | None, MeasurementColumn | None, list]:
    """The last measurement moment and the one before it, with each domain's level at both."""
    if not grid.columns:
        return None, None, []
    latest_index = len(grid.columns) - 1
    previous_index = latest_index - 1 if latest_index else None
    lines = [
        MeasurementLine(
            domain=str(row.domain),
            previous=row.levels[previous_index] if previous_index is not None else None,
            latest=row.levels[latest_index],
        )
        for row in grid.rows
        if row.levels[latest_index] is not None or (previous_index is not None and row.levels[previous_index])
    ]
    previous = grid.columns[previous_index] if previous_index is not None else None
    return grid.columns[latest_index], previous, lines


def case_summary(*, user, meeting_id: int, item_id: int, request=None) -> CaseSummary:
    """The summary of agenda item `item_id` of meeting `meeting_id`, read and logged; 404 (logged as denied) when
    the user may not open the meeting or may not see the item's case."""
    try:
        item = (
            AgendaItem.objects.filter(agenda_item_condition(user), meeting__in=allowed(user, VIEW, Meeting))
            .select_related("meeting__table__approach")
            .get(pk=item_id, meeting_id=meeting_id)
        )
        case = _case_queryset(user).get(pk=item.case_id)
    except (AgendaItem.DoesNotExist, Case.DoesNotExist):
        raise _denied(user, Case, request) from None
    shield_registration(user, case.registration)  # a justice partner's reason: not for a private participant
    meeting = item.meeting
    today = timezone.localdate()
    plan = plan_view(case, user, can_change=False, today=today)
    latest, previous, lines = _measurement_lines(measurement_grid(case))
    decisions = list(
        Decision.objects.filter(decisions_condition(user), agenda_item__case=case, agenda_item__meeting__date__lte=today)
        .select_related(
            "agenda_item__meeting__table", "owner", "owner_person",
            "case_intervention__intervention", "case_intervention__organisation",
        )
        .order_by("-agenda_item__meeting__date", "-created_at", "-id")[:LAST_DECISIONS]
    )
    updates = list(
        CaseUpdate.objects.filter(updates_condition(user), case=case).select_related("organisation", "author")
        .order_by("-created_at", "-id")[:LAST_UPDATES]
    )
    record_accesses(
        actor=user, action=Action.READ, targets=subject_targets(case),
        purpose_approach=case.registration.approach, request=request,
    )
    open_rows = [row for row in plan.interventions if row.item.status in OPEN_INTERVENTION_STATUSES]
    return CaseSummary(
        meeting=meeting,
        title=meeting_title(meeting),
        number=agenda_number(item),
        item=item,
        case=case,
        participants=list(case.participations.all()),
        goal_groups=plan.goal_groups,
        open_interventions=[row.item for row in open_rows],
        overdue={row.item.pk for row in open_rows if row.overdue},
        latest=latest,
        previous=previous,
        measurements=lines,
        decisions=decisions,
        updates=updates,
        today=today,
    )
