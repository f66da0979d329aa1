"""The reads of the outcomes report: a fixed set of queries, whatever the amount of data or the window.

Each function runs exactly one query and returns compact tuples (or small maps); nothing here writes. The
approaches, the life domains and the nul-/eindmetingen are read with the annual report's own selectors. The
large reads (cases, police registrations) are fetched straight from the database driver, without Django's
per-row converters (see `annual.selectors._rows`).
"""

import datetime
from typing import NamedTuple

from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Max, Min, Q

from procesregie.casework.models import Case, Registration, RegistrationStatus
from procesregie.meetings.models import Discussion
from procesregie.plans.models import CaseIntervention
from procesregie.reference.models import ClosingReason
from procesregie.subjects.models import PoliceRegistration, SystemMember

from ..annual.selectors import _rows, approaches, domains, end_measurements

__all__ = ["approaches", "cases", "declined", "discussion_years", "domains", "end_measurements", "follow_through",
           "memberships", "police_registrations"]


class CaseRow(NamedTuple):
    case_id: int
    approach_id: int
    person_id: int | None
    system_id: int | None
    end: datetime.date | None
    end_reason: str | None  # the closing reason's code
    first_discussed: datetime.date | None  # the earliest discussion of the case


class DeclinedRow(NamedTuple):
    approach_id: int
    person_id: int | None
    system_id: int | None
    triage_on: datetime.date


class FollowThroughGroup(NamedTuple):
    """The case interventions of one approach, organisation and status, agreed in the window."""

    approach_id: int
    organisation: str  # code
    status: str
    due_before_as_of: bool
    count: int


def _date(value) -> datetime.date | None:
    """An aggregate's date: SQLite gives the ISO text (a derived column has no declared type), PostgreSQL a date."""
    return datetime.date.fromisoformat(value) if isinstance(value, str) else value


def cases() -> list[CaseRow]:
    """Every case (any date, any status) with its approach, subject, end, closing reason and first discussion.

    Raw SQL because the ORM cannot aggregate in a derived table: the discussions are reduced to their earliest
    date per case first, and only that is joined to the cases (as `annual.selectors.discussion_groups`).
    """
    q = connection.ops.quote_name
    case, registration, reason, discussion = (
        q(model._meta.db_table) for model in (Case, Registration, ClosingReason, Discussion)
    )
    sql = f"""
        SELECT c.{q("id")}, r.{q("approach_id")}, r.{q("person_id")}, r.{q("system_id")}, c.{q("end_date")},
               e.{q("code")}, d.first_date
        FROM {case} c
        JOIN {registration} r ON r.{q("id")} = c.{q("registration_id")}
        LEFT JOIN {reason} e ON e.{q("id")} = c.{q("end_reason_id")}
        LEFT JOIN (SELECT {q("case_id")} AS case_id, MIN({q("date")}) AS first_date
                   FROM {discussion} GROUP BY {q("case_id")}) d ON d.case_id = c.{q("id")}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [CaseRow(c, a, p, s, e, reason_code, _date(first)) for c, a, p, s, e, reason_code, first
                in cursor.fetchall()]


def declined(first: datetime.date, last: datetime.date) -> list[DeclinedRow]:
    """Registrations declined at triage with `first <= triage_on <= last`."""
    return [DeclinedRow(*row) for row in _rows(Registration.objects.filter(
        status=RegistrationStatus.DECLINED, triage_on__gte=first, triage_on__lte=last,
    ).order_by().values_list("approach_id", "person_id", "system_id", "triage_on"))]


def memberships() -> dict[int, set[int]]:
    """System id → its member persons (every membership: they carry no dates)."""
    members: dict[int, set[int]] = {}
    for system_id, person_id in _rows(SystemMember.objects.order_by().values_list("system_id", "person_id")):
        members.setdefault(system_id, set()).add(person_id)
    return members


def police_registrations(since: datetime.date, until: datetime.date) -> list[tuple[int, datetime.date, str]]:
    """(person id, date, kind) of the police registrations dated from `since` to `until` (none when since > until)."""
    return _rows(PoliceRegistration.objects.filter(date__gte=since, date__lte=until).order_by().values_list(
        "person_id", "date", "kind"
    ))


def follow_through(first: datetime.date, last: datetime.date, as_of: datetime.date) -> list[FollowThroughGroup]:
    """Case interventions agreed from `first` to `last`, counted per approach of their case, organisation, status
    and whether the due date lies before `as_of`: a few hundred rows, whatever the number of interventions."""
    past_due = ExpressionWrapper(Q(due_date__lt=as_of), output_field=BooleanField())
    return [FollowThroughGroup(*row) for row in CaseIntervention.objects.filter(
        agreed_on__gte=first, agreed_on__lte=last,
    ).order_by().annotate(past_due=past_due).values(
        "case__registration__approach_id", "organisation__code", "status", "past_due"
    ).annotate(n=Count("id")).values_list(
        "case__registration__approach_id", "organisation__code", "status", "past_due", "n"
    )]


def discussion_years(earliest: datetime.date, latest: datetime.date) -> list[int]:
    """Every year from the first to the last discussion dated from `earliest` to `latest` (the cohort years a page
    offers; not one of the report's queries). The bounds matter: a meeting's date is not bounded where it is
    entered, and one dated in year 9999 would otherwise offer thousands of years."""
    span = Discussion.objects.filter(date__gte=earliest, date__lte=latest).aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is None:
        return []
    return list(range(span["first"].year, span["last"].year + 1))
