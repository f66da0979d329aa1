"""Who may see and change tables and meetings, built on the access rule (`access.rules`).

- A table is shown to its procesregisseurs, to ketenpartners of its member organisations, and to the
  functional administrator (who maintains its cadence and members; table pages hold no case content).
- A meeting can be opened by the procesregisseurs of its table and by ketenpartners of the table's member
  organisations. Anyone else gets 404, exactly as for a meeting that does not exist.
- On a meeting page an agenda item's content (who, notes, decisions) is shown only when the case is in
  `cases_visible_to(user)`: a partner sees the cases its organisation participates in and nothing that
  identifies the others.
- Scheduling and the agenda belong to the table's procesregisseurs; per-case content (discussion,
  decisions) also needs `can(user, CHANGE, case)`.
"""

from django.db.models import Q, QuerySet

from procesregie.access.rules import case_regie_queryset
from procesregie.accounts.models import Organisation, Role
from procesregie.casework.models import Case, CaseStatus
from procesregie.reference.models import Table

from .models import Meeting


def is_active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_table_admin(user) -> bool:
    return is_active(user) and user.has_role(Role.FUNCTIONAL_ADMIN)


def tables_with_meetings_for(user) -> QuerySet[Table]:
    """Tables whose meetings `user` may open: they work there, or their organisation is a member."""
    if not is_active(user):
        return Table.objects.none()
    condition = Q(pk__in=[])
    if user.has_role(Role.PROCESREGISSEUR):
        condition |= Q(procesregisseurs=user)
    if user.has_role(Role.KETENPARTNER) and user.organisation_id:
        condition |= Q(members=user.organisation_id)
    return Table.objects.filter(pk__in=Table.objects.filter(condition).values("pk"))


def tables_visible_to(user) -> QuerySet[Table]:
    """Tables shown in the table list: those of `tables_with_meetings_for`, or all for the functional administrator."""
    if is_table_admin(user):
        return Table.objects.all()
    return tables_with_meetings_for(user)


def tables_directed_by(user) -> QuerySet[Table]:
    """Tables where `user` works as procesregisseur: they schedule its meetings and build the agendas."""
    if not (is_active(user) and user.has_role(Role.PROCESREGISSEUR)):
        return Table.objects.none()
    return Table.objects.filter(procesregisseurs=user)


def directs_table(user, table: Table | None) -> bool:
    return table is not None and tables_directed_by(user).filter(pk=table.pk).exists()


def meetings_visible_to(user) -> QuerySet[Meeting]:
    return Meeting.objects.filter(table__in=tables_with_meetings_for(user).values("pk"))


def changeable_cases(user) -> QuerySet[Case]:
    """The cases whose content `user` may change: `can(user, CHANGE, case)` as a queryset."""
    if not (is_active(user) and user.has_role(Role.PROCESREGISSEUR)):
        return Case.objects.none()
    return case_regie_queryset(user)


def changeable_case_ids(user, case_ids) -> set[int]:
    """Of `case_ids`, those whose content `user` may change, in one query."""
    return set(changeable_cases(user).filter(pk__in=list(case_ids)).values_list("pk", flat=True))


def agenda_candidates(user, meeting: Meeting) -> QuerySet[Case]:
    """Cases in regie at the meeting's table (or without a table, in its approach) that `user` may put on the agenda."""
    table = meeting.table
    if table is None or not directs_table(user, table):
        return Case.objects.none()
    at_table = Q(table=table) | Q(table__isnull=True, registration__approach=table.approach_id)
    # The cases a procesregisseur directs are a subset of `cases_visible_to(user)`.
    return case_regie_queryset(user).filter(at_table, status=CaseStatus.IN_REGIE).exclude(agenda_items__meeting=meeting)


def attendance_organisations(*, table: Table, case: Case) -> QuerySet[Organisation]:
    """Organisations that can be at the table for a case: the table's members and the case's active participants."""
    return Organisation.objects.filter(
        Q(pk__in=table.members.values("pk"))
        | Q(pk__in=case.participations.filter(removed_at__isnull=True).values("organisation"))
    ).order_by("name", "pk")
