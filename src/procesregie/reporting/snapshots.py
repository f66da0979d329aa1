"""Report snapshots: a report's exact JSON kept from before a destruction (docs/decisions/0017).

A report registers itself here (`register`): its name, the parameter sets it is taken for (the annual report:
every year from the earliest date in the data to this year), how to compute it and whether a destruction may change
it. `take()` computes every registered report for every parameter set; `store()` keeps them as `ReportSnapshot`
rows (an identical document is kept once). `retention.safeguard.reports_unchanged` takes them before and after a
destruction and refuses (rolls back) a destruction that changes a report marked `must_not_change`; a report that
needs the destroyed details (the outcomes report of issue 15) registers with `must_not_change=False` and is read
from its snapshot afterwards.

The outcomes report (issue 15, shared/spec/outcomes.md) is registered so, with `must_not_change=False`: a
destruction takes persons out of its cohorts, and their police registrations with them. Its parameter sets are one
per cohort year Y of `report_years()`, as JSON-able ISO dates (`outcome_parameter_sets`):
`first` = 1 January Y, `last` = 31 December Y, `as_of` = 31 December Y+1, or today while that is still to come.
- 31 December Y+1 is the end of the follow-up year of the cohort's last reference day, so every person of a
  completed cohort is eligible and the figures are final: the document of a completed cohort year only changes
  with the data (a destruction, an import), not with the passing of days, so each is stored once until a
  destruction changes it. They are also exactly the figures of the chapter "Resultaten" in the annual report
  of Y+1 (`outcomes.annual_chapter_window(Y + 1)`), which is what was published.
- For the cohort years whose follow-up has not ended yet (this year and last year) `as_of` is today: the figures
  as they stand on the day of the destruction. That matters: a declined registration is kept a year by default
  (retention.defaults), so the comparison group's persons are destroyed right when their year after ends, before
  their cohort year is complete; the snapshot of that day still holds them. These documents change from day to
  day, so a destruction on a later day stores them again (one row per such year and destruction day).
Cost: one `outcomes_report` per cohort year (8 queries and the bootstrap), taken before the first chunk of a
destruction run only (`retention.safeguard.reports_unchanged(keep_changing=...)`).
"""

import datetime
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Max, Min
from django.utils import timezone

from procesregie.casework.models import Case, Registration
from procesregie.escalations.models import Escalation
from procesregie.meetings.models import Discussion
from procesregie.plans.models import CaseIntervention
from procesregie.signals.models import Signal

from .annual import annual_report
from .formats import render_json
from .models import ReportSnapshot
from .outcomes import annual_chapter_window, outcomes_report

__all__ = ["SnapshotKind", "Taken", "register", "registered", "report_years", "outcome_parameter_sets", "take",
           "retake", "store", "REGISTRY"]


@dataclass(frozen=True)
class SnapshotKind:
    name: str
    parameter_sets: Callable[[], list[dict]]
    compute: Callable[..., dict]  # compute(**parameters) -> the report as a JSON-able dict
    must_not_change: bool  # a destruction that changes it is refused


@dataclass(frozen=True)
class Taken:
    """One report computed for one parameter set: its JSON rendering (the bytes `report ... --format json` prints)."""

    kind: str
    parameters: dict
    document: bytes

    @property
    def key(self) -> tuple[str, tuple]:
        return self.kind, tuple(sorted(self.parameters.items()))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.document).hexdigest()


REGISTRY: dict[str, SnapshotKind] = {}


def register(name: str, *, parameter_sets: Callable[[], list[dict]], compute: Callable[..., dict],
             must_not_change: bool) -> SnapshotKind:
    """Register (or replace) a report to be snapshotted around every destruction."""
    kind = REGISTRY[name] = SnapshotKind(name, parameter_sets, compute, must_not_change)
    return kind


def registered() -> list[SnapshotKind]:
    return list(REGISTRY.values())


def report_years(today: datetime.date | None = None) -> list[int]:
    """Every year from the earliest date any annual figure counts to this year (or the latest date in the data,
    when that is later): the years whose report a destruction could change. Empty without data."""
    today = today or timezone.localdate()
    bounds = [
        Registration.objects.aggregate(a=Min("registered_on"), b=Max("registered_on"), c=Min("triage_on"),
                                       d=Max("triage_on")),
        Case.objects.aggregate(a=Min("start_date"), b=Max("start_date"), c=Min("end_date"), d=Max("end_date")),
        Discussion.objects.aggregate(a=Min("date"), b=Max("date")),
        CaseIntervention.objects.aggregate(a=Min("agreed_on"), b=Max("agreed_on")),
        Signal.objects.aggregate(a=Min("date"), b=Max("date")),
        Escalation.objects.aggregate(a=Min("raised_on"), b=Max("raised_on"), c=Max("resolved_on")),
    ]
    dates = [value for bound in bounds for value in bound.values() if value is not None]
    if not dates:
        return []
    return list(range(min(dates).year, max(max(dates).year, today.year) + 1))


def take(kinds: list[SnapshotKind] | None = None) -> dict[tuple, Taken]:
    """Every registered report for each of its parameter sets, by `Taken.key`."""
    taken = {}
    for kind in registered() if kinds is None else kinds:
        for parameters in kind.parameter_sets():
            snapshot = Taken(kind.name, dict(parameters), render_json(kind.compute(**parameters)))
            taken[snapshot.key] = snapshot
    return taken


def retake(taken: dict[tuple, Taken]) -> dict[tuple, Taken]:
    """The same reports with the same parameters computed again (now)."""
    return {key: Taken(snapshot.kind, snapshot.parameters,
                       render_json(REGISTRY[snapshot.kind].compute(**snapshot.parameters)))
            for key, snapshot in taken.items()}


def store(taken: dict[tuple, Taken], *, destruction_list=None) -> int:
    """Keep the documents not kept yet (same kind, parameters and bytes); returns how many rows were added."""
    if not taken:
        return 0
    known = set(ReportSnapshot.objects.filter(
        kind__in={snapshot.kind for snapshot in taken.values()},
        sha256__in=[snapshot.sha256 for snapshot in taken.values()],
    ).values_list("kind", "sha256"))
    now = timezone.now()
    new = [
        ReportSnapshot(kind=snapshot.kind, parameters=snapshot.parameters, document=snapshot.document.decode("utf-8"),
                       sha256=snapshot.sha256, taken_at=now, destruction_list=destruction_list)
        for snapshot in taken.values() if (snapshot.kind, snapshot.sha256) not in known
    ]
    ReportSnapshot.objects.bulk_create(new)
    return len(new)


register("annual", parameter_sets=lambda: [{"year": year} for year in report_years()],
         compute=lambda year: annual_report(year=year), must_not_change=True)


def outcome_parameter_sets(today: datetime.date | None = None) -> list[dict]:
    """One outcomes window per cohort year of `report_years()` (see the module's docstring): ISO dates `first`,
    `last` and `as_of` = 31 December of the next year, or today while that is still to come."""
    today = today or timezone.localdate()
    sets = []
    for year in report_years(today):
        first, last, as_of = annual_chapter_window(year + 1, today=today)
        sets.append({"first": first.isoformat(), "last": last.isoformat(), "as_of": as_of.isoformat()})
    return sets


def _outcomes(first: str, last: str, as_of: str) -> dict:
    return outcomes_report(first=datetime.date.fromisoformat(first), last=datetime.date.fromisoformat(last),
                           as_of=datetime.date.fromisoformat(as_of))


register("outcomes", parameter_sets=outcome_parameter_sets, compute=_outcomes, must_not_change=False)
