"""Reading tables and meetings, scoped by the access rule (`access.meetings`), in a number of queries that does not grow with the agenda.

Out of scope is 404 (logged as denied), exactly like what does not exist. Every data subject a page shows is
logged (one entry per subject, purpose: the case) before anything is returned; when the entry cannot be
written `AccessLogUnavailable` propagates and nothing is shown.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from procesregie.access.meetings import tables_with_meetings_for
from procesregie.access.plans import carries_in_shown_case
from procesregie.access.rules import ADMINISTER, CHANGE, DIRECT, VIEW, allowed, can, cases_visible_to
from procesregie.access.shielding import (
    agenda_item_condition,
    invitation_needed_condition,
    shield_discussion,
    shows_decision,
)
from procesregie.audit.models import Action, Outcome
from procesregie.audit.services import record_access, record_accesses
from procesregie.casework.lifecycle import accepts_changes
from procesregie.casework.models import Case, Participation
from procesregie.casework.selectors import subject_targets
from procesregie.plans.models import OPEN_INTERVENTION_STATUSES, CaseIntervention, Goal, GoalStatus
from procesregie.reference.models import Table
from procesregie.subjects.models import SystemMember

from . import candidates
from .models import AgendaItem, Decision, Discussion, Meeting

CASE_RELATED = ("case__registration__person", "case__registration__system", "case__registration__approach")


def _memberships_prefetch(prefix: str) -> Prefetch:
    return Prefetch(f"{prefix}registration__system__memberships", queryset=SystemMember.objects.select_related("person"))


def _denied(user, model, request) -> Http404:
    record_access(actor=user, action=Action.READ, obj=model, outcome=Outcome.DENIED, request=request)
    return Http404()


def discussion_prefetches() -> list[Prefetch]:
    """What a case read needs for its meetings (`meetings/_case_discussions.html`, the `case_meetings` tag): the
    discussions and the agenda items, each with its meeting and table, the items with their decisions."""
    return [
        Prefetch("discussions", queryset=Discussion.objects.select_related("meeting__table")),
        Prefetch("agenda_items", queryset=AgendaItem.objects.select_related("meeting__table").prefetch_related(
            _decisions_prefetch()
        )),
    ]


# Tables ----------------------------------------------------------------------------------------------------------

def table_list(*, user) -> QuerySet[Table]:
    """The tables `user` may see, with approach, members and procesregisseurs (no case content)."""
    return allowed(user, VIEW, Table).select_related("approach").prefetch_related("members", "procesregisseurs")


@dataclass
class TablePage:
    table: Table
    meetings: list[Meeting]
    shows_meetings: bool
    can_schedule: bool
    can_edit: bool


def table_page(*, user, table_id: int, request=None) -> TablePage:
    try:
        table = table_list(user=user).get(pk=table_id)
    except Table.DoesNotExist:
        raise _denied(user, Table, request) from None
    # The meetings `user` may open: all of them where they work or their organisation is a member; otherwise those
    # with a case of theirs on the agenda.
    meetings = list(allowed(user, VIEW, Meeting).filter(table=table).order_by("-date", "-starts_at", "-id"))
    shows_meetings = bool(meetings) or tables_with_meetings_for(user).filter(pk=table.pk).exists()
    return TablePage(
        table=table,
        meetings=meetings,
        shows_meetings=shows_meetings,
        can_schedule=can(user, DIRECT, table),
        can_edit=can(user, ADMINISTER, table),
    )


def table_for_admin(*, user, table_id: int, request=None) -> Table:
    """A table the functional administrator maintains; 404 for everyone else."""
    try:
        return allowed(user, ADMINISTER, Table).select_related("approach").get(pk=table_id)
    except Table.DoesNotExist:
        raise _denied(user, Table, request) from None


def table_for_scheduling(*, user, table_id: int, request=None) -> Table:
    """A table where `user` works as procesregisseur; 404 otherwise."""
    try:
        return allowed(user, DIRECT, Table).select_related("approach").get(pk=table_id)
    except Table.DoesNotExist:
        raise _denied(user, Table, request) from None


# Meetings --------------------------------------------------------------------------------------------------------

def meeting_for(*, user, meeting_id: int, request=None) -> Meeting:
    """A meeting `user` may open (no case content yet); 404 otherwise."""
    try:
        return allowed(user, VIEW, Meeting).select_related("table__approach").get(pk=meeting_id)
    except Meeting.DoesNotExist:
        raise _denied(user, Meeting, request) from None


def meeting_for_regie(*, user, meeting_id: int, request=None) -> Meeting:
    """A meeting of a table where `user` works as procesregisseur; 404 otherwise."""
    try:
        return allowed(user, DIRECT, Meeting).select_related("table__approach").get(pk=meeting_id)
    except Meeting.DoesNotExist:
        raise _denied(user, Meeting, request) from None


@dataclass
class AgendaRow:
    """One agenda item whose case the user may see (the others are only counted: `MeetingPage.hidden_count`)."""

    number: int
    item: AgendaItem
    discussion: Discussion | None = None
    decisions: list[Decision] = field(default_factory=list)
    can_change: bool = False
    is_first: bool = False
    is_last: bool = False
    carried: frozenset[int] = frozenset()  # the agreed interventions of these decisions the user may set the status of
    guests: list = field(default_factory=list)  # organisations invited for this item only (AgendaItem.guests)
    invitable: list = field(default_factory=list)  # incidental participants of the case not invited yet (can_change)

    @property
    def visible(self) -> bool:
        return True


@dataclass
class MeetingPage:
    meeting: Meeting
    rows: list[AgendaRow]
    can_edit: bool  # the user works at the table: schedules, builds the agenda
    hidden_count: int = 0  # agenda items whose case the user may not see: shown as a number only
    held: bool = True  # the meeting's date has come: discussions are confirmed and decisions recorded

    @property
    def title(self) -> str:
        return meeting_title(self.meeting)

    @property
    def approaches(self) -> list:
        """The approach of the table, or for a meeting without a table those of the cases the user sees on it."""
        if self.meeting.table_id:
            return [self.meeting.table.approach]
        return list(dict.fromkeys(row.item.case.registration.approach for row in self.rows))


def meeting_title(meeting: Meeting) -> str:
    """The meeting's heading: its table's name once ("Casusoverleg Top X"), "Casusoverleg" added only when the name
    does not say so already; a meeting without a table (an import's, its cases at different tables) by its
    reference ("Casusoverleg O-2024-0001")."""
    if not meeting.table_id:
        return _("Casusoverleg %(ref)s") % {"ref": meeting.ref} if meeting.ref else _("Casusoverleg")
    name = meeting.table.name
    if not name:
        return _("Casusoverleg")
    if "casusoverleg" in name.lower():
        return name
    return _("Casusoverleg %(table)s") % {"table": name}


def meeting_approach(meeting: Meeting):
    """The approach a meeting serves, the purpose of what it shows: its table's. None without a table: then each
    case shown is logged with its own approach."""
    return meeting.table.approach if meeting.table_id else None


def is_held(meeting: Meeting) -> bool:
    """The meeting's date has come (today or earlier): its discussions can be confirmed and decisions recorded."""
    return meeting.date <= timezone.localdate()


def _decisions_prefetch() -> Prefetch:
    """The decisions of agenda items with their owners and, for a decision that agreed an intervention, that
    intervention with what the follow-up line shows (`meetings/_decision_follow_up.html`). The interventions in a
    query of their own, run only when a decision names one: joined in, the eight tables took PostgreSQL 3-4 ms to
    plan on every case page, with or without decisions (the query's text changes with the number of agenda items,
    so it is never prepared)."""
    interventions = CaseIntervention.objects.select_related("intervention", "organisation", "goal", "responsible_person")
    return Prefetch(
        "decisions",
        queryset=Decision.objects.select_related("owner", "owner_person").prefetch_related(
            Prefetch("case_intervention", queryset=interventions)
        ),
    )


def _agenda_rows(*, user, meeting: Meeting, can_edit: bool, only_item_id: int | None = None) -> tuple[list[AgendaRow], int]:
    """The visible agenda items in order, and how many items the user may not see. Content is loaded only for
    the items whose case `user` may see; discussions and decisions only once the meeting's date has come."""
    visible_case = cases_visible_to(user).filter(pk=OuterRef("case_id"))
    # an incidental participant: only the items that list it as a guest (access.shielding)
    open_item = AgendaItem.objects.filter(agenda_item_condition(user), pk=OuterRef("pk"))
    entries = list(
        meeting.agenda_items.annotate(visible=Exists(visible_case) & Exists(open_item))
        .order_by("position", "id")
        .values_list("pk", "visible")
    )
    hidden_count = sum(1 for _pk, visible in entries if not visible)
    shown = [pk for pk, visible in entries if visible and only_item_id in (None, pk)]
    held = is_held(meeting)
    items = {}
    if shown:
        items = {
            item.pk: item
            for item in AgendaItem.objects.filter(pk__in=shown)
            .select_related(*CASE_RELATED)
            .prefetch_related(_memberships_prefetch("case__"), "guests", *([_decisions_prefetch()] if held else []))
        }
    case_ids = [item.case_id for item in items.values()]
    discussions: dict[int, Discussion] = {}
    if case_ids and held:
        for discussion in (
            Discussion.objects.filter(meeting=meeting, case_id__in=case_ids)
            .prefetch_related("organisations_present")
            .order_by("id")
        ):
            shield_discussion(user, discussion)
            discussions.setdefault(discussion.case_id, discussion)
    changeable = set(allowed(user, CHANGE, Case).filter(pk__in=case_ids).values_list("pk", flat=True)) if can_edit and case_ids else set()
    invitable: dict[int, list] = {}  # an incidental participant sees the case only when invited (access.shielding)
    if changeable:
        for participation in (
            Participation.objects.active().filter(invitation_needed_condition("organisation__"), case_id__in=changeable)
            .select_related("organisation").order_by("organisation__name", "pk")
        ):
            invitable.setdefault(participation.case_id, []).append(participation.organisation)
    rows = []
    for number, (pk, _visible) in enumerate(entries, start=1):
        item = items.get(pk)
        if item is None:
            continue
        decisions = [decision for decision in item.decisions.all() if shows_decision(user, decision)] if held else []
        carried = frozenset(
            decision.case_intervention_id for decision in decisions
            if decision.case_intervention is not None and decision.case_intervention.status in OPEN_INTERVENTION_STATUSES
            and accepts_changes(item.case) and carries_in_shown_case(user, decision.case_intervention)
        )
        rows.append(AgendaRow(
            number=number,
            item=item,
            discussion=discussions.get(item.case_id),
            decisions=decisions,
            can_change=item.case_id in changeable,
            is_first=number == 1,
            is_last=number == len(entries),
            carried=carried,
            guests=list(item.guests.all()),
            invitable=[org for org in invitable.get(item.case_id, []) if org not in item.guests.all()],
        ))
    return rows, hidden_count


def _log_rows(*, user, meeting: Meeting, rows: list[AgendaRow], request) -> None:
    """One entry per subject shown, its purpose the meeting's approach (without a table: each case's own)."""
    by_approach: dict = {}
    for row in rows:
        approach = meeting_approach(meeting) or row.item.case.registration.approach
        by_approach.setdefault(approach, []).extend(subject_targets(row.item.case))
    for approach, targets in by_approach.items():
        record_accesses(actor=user, action=Action.READ, targets=targets, purpose_approach=approach, request=request)
    if not by_approach:  # the meeting was opened, but it showed nobody
        record_access(
            actor=user, action=Action.READ, obj=meeting, purpose_approach=meeting_approach(meeting), request=request
        )


def meeting_page(*, user, meeting_id: int, request=None) -> MeetingPage:
    """The meeting with its agenda as `user` may see it; every subject shown is logged."""
    meeting = meeting_for(user=user, meeting_id=meeting_id, request=request)
    can_edit = can(user, DIRECT, meeting)
    rows, hidden_count = _agenda_rows(user=user, meeting=meeting, can_edit=can_edit)
    _log_rows(user=user, meeting=meeting, rows=rows, request=request)
    return MeetingPage(meeting=meeting, rows=rows, can_edit=can_edit, hidden_count=hidden_count, held=is_held(meeting))


def agenda_row(*, user, meeting: Meeting, item_id: int, request=None) -> AgendaRow:
    """One agenda item of a meeting (after an inline edit); 404 when it is not on this agenda or not visible."""
    rows, _hidden = _agenda_rows(user=user, meeting=meeting, can_edit=can(user, DIRECT, meeting), only_item_id=item_id)
    if not rows:
        raise _denied(user, AgendaItem, request)
    _log_rows(user=user, meeting=meeting, rows=rows, request=request)
    return rows[0]


def agenda_item_for_change(*, user, meeting: Meeting, item_id: int, request=None) -> AgendaItem:
    """An item of this meeting whose case `user` may change (for the discussion and decision forms); logged."""
    if not can(user, DIRECT, meeting):
        raise _denied(user, AgendaItem, request)
    try:
        item = (
            AgendaItem.objects.filter(meeting=meeting, case__in=allowed(user, CHANGE, Case))
            .select_related("meeting__table__approach", *CASE_RELATED)
            .prefetch_related(_memberships_prefetch("case__"))
            .get(pk=item_id)
        )
    except AgendaItem.DoesNotExist:
        raise _denied(user, AgendaItem, request) from None
    record_accesses(
        actor=user, action=Action.READ, targets=subject_targets(item.case),
        purpose_approach=meeting_approach(meeting) or item.case.registration.approach, request=request,
    )
    return item


def agenda_number(item: AgendaItem) -> int:
    """The item's number on its agenda (1-based), as the meeting page shows it."""
    ids = list(item.meeting.agenda_items.order_by("position", "id").values_list("pk", flat=True))
    return ids.index(item.pk) + 1


def goals_of(case: Case) -> QuerySet:
    """The goals of a case's plan that a decision's intervention can serve (open ones), for the decision form."""
    return Goal.objects.filter(case=case, status=GoalStatus.OPEN).select_related("domain").order_by("position", "id")


def discussion_of(item: AgendaItem) -> Discussion | None:
    """The discussion recorded for this agenda item (the first, if an import brought several)."""
    return (
        Discussion.objects.filter(meeting_id=item.meeting_id, case_id=item.case_id)
        .prefetch_related("organisations_present")
        .order_by("id")
        .first()
    )


def agenda_candidates(*, user, meeting: Meeting, request=None) -> list[Case]:
    """Cases `user` may add to the agenda, by name; each one shown is logged."""
    cases = list(
        candidates.agenda_candidates(user, meeting)
        .select_related("registration__person", "registration__system")
        .prefetch_related(_memberships_prefetch(""))
        .order_by("registration__person__family_name", "registration__system__name", "pk")
    )
    targets = [target for case in cases for target in subject_targets(case)]
    if targets:
        record_accesses(
            actor=user, action=Action.READ, targets=targets, purpose_approach=meeting_approach(meeting), request=request
        )
    else:
        record_access(actor=user, action=Action.READ, obj=Case, purpose_approach=meeting_approach(meeting), request=request)
    return cases
