"""Reading cases for the case list and the case page, with a number of queries that does not grow with the data.

casework sits below meetings, plans and monitoring in the import layers (see pyproject.toml), so their models
are reached through the reverse relations of Case instead of being imported.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from procesregie.casework.models import Case, Participation
from procesregie.reference.models import Approach, LifeDomain
from procesregie.subjects.models import SystemMember


def _cases(*, user) -> QuerySet[Case]:
    # `user` is unused for now: a later issue scopes this through access.cases_visible_to(user).
    return Case.objects.all()


def _related_model(relation: str):
    """The model at the other end of a reverse relation of Case (e.g. "discussions" -> Discussion)."""
    return Case._meta.get_field(relation).related_model


def approach_with_descendants(approach: Approach) -> list[int]:
    """The ids of an approach and every approach below it: a parent (Top X) rolls up its children."""
    children: dict[int | None, list[int]] = {}
    for approach_id, parent_id in Approach.objects.values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(approach_id)
    found, todo = set(), [approach.pk]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children.get(current, []))
    return sorted(found)


def case_list(*, user, approach: Approach | None = None, status: str = "") -> QuerySet[Case]:
    """Cases for the list, newest start first, optionally narrowed to an approach (with its children) and a status."""
    cases = _cases(user=user).select_related(
        "registration__person",
        "registration__system",
        "registration__approach",
        "registration__municipality",
        "procesregisseur",
        "case_holder",
    )
    if approach is not None:
        cases = cases.filter(registration__approach__in=approach_with_descendants(approach))
    if status:
        cases = cases.filter(status=status)
    return cases.order_by("-start_date", "-id")


def case_detail(*, user, case_id: int) -> Case:
    """One case with everything the case page shows, in a fixed number of queries. Unknown or out of scope: 404."""
    discussion = _related_model("discussions")
    intervention = _related_model("interventions")
    measurement = _related_model("measurements")
    cases = _cases(user=user).select_related(
        "registration__person__municipality",
        "registration__system__municipality",
        "registration__approach",
        "registration__municipality",
        "registration__reported_by",
        "end_reason",
        "transferred_from__registration",
        "continuation__registration",
        "table",
        "procesregisseur",
        "case_holder",
    ).prefetch_related(
        Prefetch("participations", queryset=Participation.objects.select_related("organisation")),
        Prefetch("discussions", queryset=discussion.objects.select_related("meeting__table")),
        Prefetch("interventions", queryset=intervention.objects.select_related("intervention", "organisation")),
        Prefetch("measurements", queryset=measurement.objects.select_related("domain")),
        Prefetch("registration__system__memberships", queryset=SystemMember.objects.select_related("person")),
    )
    try:
        return cases.get(pk=case_id)
    except Case.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class MeasurementColumn:
    """One measurement moment: a date and the kind of measurement (nulmeting, tussenmeting, eindmeting)."""

    date: date
    kind: str
    kind_label: str


@dataclass
class MeasurementRow:
    domain: LifeDomain
    levels: list[int | None]


@dataclass
class MeasurementGrid:
    """Levels per life domain (rows) per measurement moment (columns), and the scale that explains the levels."""

    columns: list[MeasurementColumn]
    rows: list[MeasurementRow]
    scale: list[tuple[int, str]]


def measurement_grid(case: Case) -> MeasurementGrid:
    """Arrange the prefetched measurements of a case. For one domain at one moment the later entry wins."""
    fields = _related_model("measurements")._meta
    kind_labels = dict(fields.get_field("kind").flatchoices)
    measurements = list(case.measurements.all())  # ordered by date, then entry order
    columns = list(
        dict.fromkeys(MeasurementColumn(m.date, m.kind, kind_labels.get(m.kind, m.kind)) for m in measurements)
    )
    position = {(column.date, column.kind): index for index, column in enumerate(columns)}
    rows: dict[int, MeasurementRow] = {}
    for m in measurements:
        row = rows.setdefault(m.domain_id, MeasurementRow(domain=m.domain, levels=[None] * len(columns)))
        row.levels[position[(m.date, m.kind)]] = m.level
    ordered = sorted(rows.values(), key=lambda row: (row.domain.position, row.domain.code))
    return MeasurementGrid(columns=columns, rows=ordered, scale=list(fields.get_field("level").flatchoices))
