"""The reads of the annual report: a fixed set of queries, whatever the amount of data.

Each function runs exactly one query and returns compact tuples (or small maps); grouping that the database
does well (counts per approach, per subject, per intervention) happens in the database, the rest is summed
in Python by `tally`. Nothing here writes.

The large reads (trajectories, measurements: tens of thousands of rows) are fetched with `_rows`, straight from
the database driver: Django's per-row converters cost more than the query itself there.
"""

from typing import NamedTuple

from django.db import connection
from django.db.models import Count, Q

from procesregie.accounts.models import Organisation
from procesregie.casework.models import Case, Registration, RegistrationStatus
from procesregie.escalations.models import Escalation
from procesregie.meetings.models import Discussion
from procesregie.monitoring.models import Measurement, MeasurementKind
from procesregie.plans.models import CaseIntervention
from procesregie.reference.models import Approach, ClosingReason, LifeDomain, Municipality
from procesregie.signals.models import Signal
from procesregie.subjects.models import SystemMember

from .definitions import Period


class ApproachRow(NamedTuple):
    id: int
    code: str
    unit: str
    duration_scheme: str
    parent_id: int | None


class Trajectory(NamedTuple):
    case_id: int
    approach_id: int
    start: object  # datetime.date
    end: object  # datetime.date | None
    reason_id: int | None
    transferred: bool
    municipality_id: int
    reporter_id: int
    person_id: int | None
    system_id: int | None


class DiscussionGroup(NamedTuple):
    """The discussions in the year of one case (of one subject, in one approach)."""

    approach_id: int
    person_id: int | None
    system_id: int | None
    count: int
    client_present: int
    expert_present: int


class MeasurementRow(NamedTuple):
    """The fields of a row of `end_measurements` (which returns plain tuples in this order: 20,000 rows)."""

    case_id: int
    domain_id: int
    kind: str
    date: object  # datetime.date
    id: int
    level: int


class SignalGroup(NamedTuple):
    """The signals of one approach with one kind, one kind of reporting organisation and one outcome."""

    approach_id: int
    kind: str
    reporter_kind: str
    outcome: str  # "" while the signal is open
    count: int  # dated in the year
    previous: int  # dated in the year before (0 unless the query spans it)


class EscalationGroup(NamedTuple):
    """The escalations raised on the cases of one approach that have one outcome ("" while open)."""

    approach_id: int
    outcome: str
    count: int  # raised in the year
    resolved: int  # of those, resolved on or before the last day of the year
    previous: int  # raised in the year before (0 unless the query spans it)


def _rows(queryset) -> list[tuple]:
    """The rows of a `values_list` queryset as the driver gives them, without Django's per-row converters.

    Only for querysets whose columns need no converting: integers, strings and dates (SQLite's connection
    parses declared `date` columns itself (PARSE_DECLTYPES), psycopg returns dates). Still one query.
    """
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def approaches() -> list[ApproachRow]:
    return [ApproachRow(*row) for row in Approach.objects.order_by("code").values_list(
        "id", "code", "unit", "duration_scheme", "parent_id"
    )]


def municipalities() -> dict[int, tuple[str, str]]:
    """Municipality id → (CBS code, district name)."""
    return {id_: (code, district) for id_, code, district in Municipality.objects.order_by().values_list(
        "id", "code", "district__name"
    )}


def organisations() -> dict[int, tuple[str, str]]:
    """Organisation id → (code, kind)."""
    return {id_: (code, kind) for id_, code, kind in Organisation.objects.order_by().values_list("id", "code", "kind")}


def closing_reasons() -> dict[int, str]:
    return dict(ClosingReason.objects.order_by().values_list("id", "code"))


def domains() -> dict[int, str]:
    """Domain id → code, in display order."""
    return dict(LifeDomain.objects.order_by("position", "code").values_list("id", "code"))


def _in_regie_during(first, last) -> Q:
    """Trajectories in regie on some day of [first, last]: every one that any figure of those years counts."""
    return Q(start_date__lte=last) & (Q(end_date__isnull=True) | Q(end_date__gte=first))


def trajectories(first, last) -> list[Trajectory]:
    """Every trajectory in regie on some day from `first` to `last` (cases without a start date do not exist)."""
    rows = _rows(Case.objects.filter(_in_regie_during(first, last)).order_by().values_list(
        "id", "registration__approach_id", "start_date", "end_date", "end_reason_id", "transferred_from_id",
        "registration__municipality_id", "registration__reported_by_id", "registration__person_id",
        "registration__system_id",
    ))
    return [Trajectory(c, a, s, e, r, t is not None, m, o, p, y) for c, a, s, e, r, t, m, o, p, y in rows]


def declined(period: Period) -> dict[int, int]:
    """Approach id → registrations declined with a triage date in the year."""
    return dict(Registration.objects.filter(
        status=RegistrationStatus.DECLINED, triage_on__gte=period.first, triage_on__lte=period.last
    ).order_by().values("approach_id").annotate(n=Count("id")).values_list("approach_id", "n"))


def discussion_groups(period: Period) -> list[DiscussionGroup]:
    """Discussions dated in the year, counted per case (so distinct subjects stay countable).

    Raw SQL because the ORM cannot count in a derived table: the discussions of the year are counted per case
    first, and only those counts are joined to their case and registration (the ORM's join makes SQLite walk
    every registration, case and discussion of every year: more than twice as slow on the large dataset).
    """
    q = connection.ops.quote_name
    discussion, case, registration = (q(model._meta.db_table) for model in (Discussion, Case, Registration))
    sql = f"""
        SELECT r.{q("approach_id")}, r.{q("person_id")}, r.{q("system_id")}, d.n, d.client, d.expert
        FROM (SELECT {q("case_id")} AS case_id, COUNT(*) AS n,
                     SUM(CASE WHEN {q("client_present")} THEN 1 ELSE 0 END) AS client,
                     SUM(CASE WHEN {q("expert_present")} THEN 1 ELSE 0 END) AS expert
              FROM {discussion} WHERE {q("date")} >= %s AND {q("date")} <= %s
              GROUP BY {q("case_id")}) d
        JOIN {case} c ON c.{q("id")} = d.case_id
        JOIN {registration} r ON r.{q("id")} = c.{q("registration_id")}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [period.first, period.last])
        return [DiscussionGroup(*row) for row in cursor.fetchall()]


def end_measurements(first, last) -> list[tuple]:
    """Nul- and eindmetingen (of any date) of the trajectories that ended from `first` to `last` (the year), as
    plain tuples with the fields of `MeasurementRow`."""
    return _rows(Measurement.objects.filter(
        case__end_date__gte=first, case__end_date__lte=last,
        kind__in=[MeasurementKind.NULMETING, MeasurementKind.EINDMETING],
    ).order_by().values_list(*MeasurementRow._fields))


def interventions(period: Period) -> list[tuple[int, str, int]]:
    """(approach id, intervention code, rows) for case interventions agreed in the year."""
    return list(CaseIntervention.objects.filter(agreed_on__gte=period.first, agreed_on__lte=period.last).order_by().values(
        "case__registration__approach_id", "intervention__code"
    ).annotate(n=Count("id")).values_list("case__registration__approach_id", "intervention__code", "n"))


def memberships(first, last) -> dict[int, set[int]]:
    """System id → person ids, for the systems of the trajectories in regie during [first, last]."""
    systems = Case.objects.filter(_in_regie_during(first, last), registration__system__isnull=False).values(
        "registration__system_id"
    )
    members: dict[int, set[int]] = {}
    for system_id, person_id in SystemMember.objects.filter(system_id__in=systems).order_by().values_list(
        "system_id", "person_id"
    ):
        members.setdefault(system_id, set()).add(person_id)
    return members


def signal_groups(period: Period, since) -> list[SignalGroup]:
    """Signals dated from `since` (the first day of the year, or of the year before) to the last day of the year,
    counted per approach, kind, kind of reporting organisation and outcome: a few dozen rows, whatever the number
    of signals."""
    in_year = Q(date__gte=period.first)
    signals = Signal.objects.filter(date__gte=since, date__lte=period.last).order_by()
    return [SignalGroup(*row) for row in signals.values(
        "approach_id", "kind", "reported_by__kind", "outcome"
    ).annotate(n=Count("id", filter=in_year), p=Count("id", filter=~in_year)).values_list(
        "approach_id", "kind", "reported_by__kind", "outcome", "n", "p"
    )]


def escalation_groups(period: Period, since) -> list[EscalationGroup]:
    """Escalations raised from `since` to the last day of the year, counted per approach of their case and
    outcome, with how many of those raised in the year were resolved by its last day."""
    in_year = Q(raised_on__gte=period.first)
    return [EscalationGroup(*row) for row in Escalation.objects.filter(
        raised_on__gte=since, raised_on__lte=period.last
    ).order_by().values("case__registration__approach_id", "outcome").annotate(
        n=Count("id", filter=in_year), r=Count("id", filter=in_year & Q(resolved_on__lte=period.last)),
        p=Count("id", filter=~in_year),
    ).values_list("case__registration__approach_id", "outcome", "n", "r", "p")]
