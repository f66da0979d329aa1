"""Reading tables and meetings, scoped by the access rule (`access.meetings`), in a number of queries that does not grow with the agenda.

Out of scope is 404 (logged as denied), exactly like what does not exist. Every data subject a page shows is
logged (one entry per subject, purpose: the case) before anything is returned; when the entry cannot be
written `AccessLogUnavailable` propagates and nothing is shown.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.http import Http404

from procesregie.access.meetings import tables_with_meetings_for
from procesregie.access.rules import ADMINISTER, CHANGE, DIRECT, VIEW, allowed, can, cases_visible_to
from procesregie.audit.models import Action, Outcome
from procesregie.audit.services import record_access, record_accesses
from procesregie.casework.models import Case
from procesregie.casework.selectors import subject_targets
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
    """What a case read needs for its discussions (`meetings/_case_discussions.html`): each with its meeting and table."""
    return [Prefetch("discussions", queryset=Discussion.objects.select_related("meeting__table"))]


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
    shows_meetings = tables_with_meetings_for(user).filter(pk=table.pk).exists()
    meetings = list(table.meetings.order_by("-date", "-starts_at", "-id")) if shows_meetings else []
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
    """One agenda item as a user sees it. Without `item` the user may not see the case: show only `number`."""

    number: int
    item: AgendaItem | None = None
    discussion: Discussion | None = None
    decisions: list[Decision] = field(default_factory=list)
    can_change: bool = False
    is_first: bool = False
    is_last: bool = False

    @property
    def visible(self) -> bool:
        return self.item is not None


@dataclass
class MeetingPage:
    meeting: Meeting
    rows: list[AgendaRow]
    can_edit: bool  # the user works at the table: schedules, builds the agenda


def _decisions_prefetch() -> Prefetch:
    return Prefetch(
        "decisions",
        queryset=Decision.objects.select_related("case_intervention__intervention", "case_intervention__organisation"),
    )


def _agenda_rows(*, user, meeting: Meeting, can_edit: bool, only_item_id: int | None = None) -> list[AgendaRow]:
    """The agenda in order. Content is loaded only for the items whose case `user` may see."""
    visible_case = cases_visible_to(user).filter(pk=OuterRef("case_id"))
    entries = list(
        meeting.agenda_items.annotate(visible=Exists(visible_case))
        .order_by("position", "id")
        .values_list("pk", "visible")
    )
    shown = [pk for pk, visible in entries if visible and only_item_id in (None, pk)]
    items = {}
    if shown:
        items = {
            item.pk: item
            for item in AgendaItem.objects.filter(pk__in=shown)
            .select_related(*CASE_RELATED)
            .prefetch_related(_memberships_prefetch("case__"), _decisions_prefetch())
        }
    case_ids = [item.case_id for item in items.values()]
    discussions: dict[int, Discussion] = {}
    if case_ids:
        for discussion in (
            Discussion.objects.filter(meeting=meeting, case_id__in=case_ids)
            .prefetch_related("organisations_present")
            .order_by("id")
        ):
            discussions.setdefault(discussion.case_id, discussion)
    changeable = set(allowed(user, CHANGE, Case).filter(pk__in=case_ids).values_list("pk", flat=True)) if can_edit and case_ids else set()
    rows = []
    for number, (pk, _visible) in enumerate(entries, start=1):
        if only_item_id not in (None, pk):
            continue
        item = items.get(pk)
        if item is None:
            rows.append(AgendaRow(number=number))
            continue
        rows.append(AgendaRow(
            number=number,
            item=item,
            discussion=discussions.get(item.case_id),
            decisions=list(item.decisions.all()),
            can_change=item.case_id in changeable,
            is_first=number == 1,
            is_last=number == len(entries),
        ))
    return rows


def _log_rows(*, user, meeting: Meeting, rows: list[AgendaRow], request) -> None:
    targets = [target for row in rows if row.visible for target in subject_targets(row.item.case)]
    if targets:
        record_accesses(
            actor=user, action=Action.READ, targets=targets, purpose_approach=meeting.table.approach, request=request
        )
    else:  # the meeting was opened, but it showed nobody
        record_access(actor=user, action=Action.READ, obj=meeting, purpose_approach=meeting.table.approach, request=request)


def meeting_page(*, user, meeting_id: int, request=None) -> MeetingPage:
    """The meeting with its agenda as `user` may see it; every subject shown is logged."""
    meeting = meeting_for(user=user, meeting_id=meeting_id, request=request)
    can_edit = can(user, DIRECT, meeting)
    rows = _agenda_rows(user=user, meeting=meeting, can_edit=can_edit)
    _log_rows(user=user, meeting=meeting, rows=rows, request=request)
    return MeetingPage(meeting=meeting, rows=rows, can_edit=can_edit)


def agenda_row(*, user, meeting: Meeting, item_id: int, request=None) -> AgendaRow:
    """One agenda item of a meeting (after an inline edit); 404 when it is not on this agenda."""
    rows = _agenda_rows(user=user, meeting=meeting, can_edit=can(user, DIRECT, meeting), only_item_id=item_id)
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
        purpose_approach=meeting.table.approach, request=request,
    )
    return item


def agenda_number(item: AgendaItem) -> int:
    """The item's number on its agenda (1-based), as the meeting page shows it."""
    ids = list(item.meeting.agenda_items.order_by("position", "id").values_list("pk", flat=True))
    return ids.index(item.pk) + 1


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
            actor=user, action=Action.READ, targets=targets, purpose_approach=meeting.table.approach, request=request
        )
    else:
        record_access(actor=user, action=Action.READ, obj=Case, purpose_approach=meeting.table.approach, request=request)
    return cases
