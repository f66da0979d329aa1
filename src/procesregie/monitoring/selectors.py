"""Reading measurements for the case page: always from `cases_visible_to(user)`, in a fixed number of queries.

On the case page (`casepage`) the measurements come prefetched with their domains (`measurement_prefetches`);
`measurement_panel` arranges them (the table of `monitoring.grid.measurement_grid`) and draws the chart
from the same arrangement without further queries.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from procesregie.access.rules import cases_visible_to
from procesregie.audit.models import Action, Outcome
from procesregie.audit.services import record_access, record_accesses
from procesregie.casework.models import Case
from procesregie.casework.selectors import subject_targets
from procesregie.reference.models import LifeDomain
from procesregie.subjects.models import SystemMember

from .chart import Chart, Point, Series, line_chart
from .grid import MeasurementColumn, MeasurementGrid, measurement_grid
from .models import Measurement, MeasurementKind


def measurement_prefetches() -> list[Prefetch]:
    """What a case read needs for `measurement_panel`: the measurements with their domains and scorers."""
    return [Prefetch("measurements", queryset=Measurement.objects.select_related("domain", "recorded_by"))]


def case_for_measurements(*, user, case_id: int, request=None) -> Case:
    """A case the user may see, with its measurements. Unknown or out of scope: 404, logged as a denied read."""
    cases = cases_visible_to(user).select_related(
        "registration__person", "registration__system", "registration__approach"
    ).prefetch_related(
        *measurement_prefetches(),
        Prefetch("registration__system__memberships", queryset=SystemMember.objects.select_related("person")),
    )
    try:
        return cases.get(pk=case_id)
    except Case.DoesNotExist:
        record_access(actor=user, action=Action.READ, obj=Case, outcome=Outcome.DENIED, request=request)
        raise Http404 from None


def log_read(*, user, case: Case, request=None) -> None:
    record_accesses(
        actor=user, action=Action.READ, targets=subject_targets(case),
        purpose_approach=case.registration.approach, request=request,
    )


def refuse(*, user, request=None):
    """Answer a refused recording like a case that does not exist (404), logged as a denied create (no subject)."""
    record_access(actor=user, action=Action.CREATE, obj=Case, outcome=Outcome.DENIED, request=request)
    return Http404()


def life_domains() -> QuerySet[LifeDomain]:
    """The life domains in display order (the rows of the measurement form)."""
    return LifeDomain.objects.order_by("position", "code")


@dataclass
class MeasurementPanel:
    grid: MeasurementGrid
    chart: Chart | None
    editable: bool  # the user is offered the form to record a measurement


def measurement_panel(case: Case, *, can_change: bool) -> MeasurementPanel:
    """The table and chart of the prefetched measurements; `can_change` (`can(user, CHANGE, case)`) is decided once
    by the caller (the case page, the measurement views)."""
    grid = measurement_grid(case)
    return MeasurementPanel(grid=grid, chart=grid_chart(grid), editable=can_change)


# The marker of each kind of measurement in the chart, explained by its legend.
KIND_MARKERS = {MeasurementKind.NULMETING: "circle", MeasurementKind.TUSSENMETING: "square",
                MeasurementKind.EINDMETING: "diamond"}


def scorer_lines(grid: MeasurementGrid) -> list[str]:
    """Who scored, as lines for the chart: one per run of consecutive moments scored by the same people."""
    runs: list[list[MeasurementColumn]] = []
    for column in grid.columns:
        if runs and runs[-1][-1].scored_by == column.scored_by:
            runs[-1].append(column)
        else:
            runs.append([column])
    lines = []
    for run in runs:
        names = run[0].scorers or _("onbekend (ingelezen)")
        first, last = date_format(run[0].date, "SHORT_DATE_FORMAT"), date_format(run[-1].date, "SHORT_DATE_FORMAT")
        moments = ngettext("%(count)d meetmoment", "%(count)d meetmomenten", len(run)) % {"count": len(run)}
        period = first if first == last else _("%(first)s tot %(last)s") % {"first": first, "last": last}
        lines.append(_("Gescoord door %(names)s: %(period)s (%(moments)s)") % {
            "names": names, "period": period, "moments": moments})
    return lines


def grid_chart(grid: MeasurementGrid) -> Chart | None:
    """The chart of a measurement grid: one panel per domain, one point per measured moment, its marker the kind
    of measurement (the legend says which), and under the panels who scored."""
    series = [
        Series(
            name=str(row.domain),
            points=tuple(Point(column.date, level, KIND_MARKERS.get(column.kind, "circle"))
                         for column, level in zip(grid.columns, row.levels, strict=True) if level),
        )
        for row in grid.rows
    ]
    series = [s for s in series if s.points]
    if not series:
        return None
    dates = sorted({column.date for column in grid.columns})
    scale = _("1 acuut tot 5 volledig zelfredzaam")
    moments = ngettext(
        "%(count)d meetmoment op %(first)s",
        "%(count)d meetmomenten van %(first)s tot %(last)s",
        len(grid.columns),
    ) % {"count": len(grid.columns), "first": date_format(dates[0]), "last": date_format(dates[-1])}
    summary = "; ".join(_series_summary(s) for s in series)
    scorers = scorer_lines(grid)
    alt = _("Grafiek van het niveau per leefgebied (%(scale)s), %(moments)s. %(summary)s. %(scorers)s. "
            "De tabel hieronder geeft alle waarden.") % {
        "scale": scale, "moments": moments, "summary": summary, "scorers": "; ".join(scorers)}
    kind_labels = dict(MeasurementKind.choices)
    return line_chart(
        series,
        title=_("Niveau per leefgebied over de tijd"),
        description=alt,
        alt=alt,
        date_label=lambda day: date_format(day, "SHORT_DATE_FORMAT"),
        legend=[(marker, str(kind_labels[kind])) for kind, marker in KIND_MARKERS.items()],
        notes=scorers,
    )


def _series_summary(series: Series) -> str:
    first, last = series.points[0].level, series.points[-1].level
    if len(series.points) == 1:
        return _("%(domain)s: %(level)d (één meting)") % {"domain": series.name, "level": first}
    return _("%(domain)s: van %(first)d naar %(last)d") % {"domain": series.name, "first": first, "last": last}
