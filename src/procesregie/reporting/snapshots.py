"""Report snapshots: a report's exact JSON kept from before a destruction (docs/decisions/0017).

A report registers itself here (`register`): its name, the parameter sets it is taken for (the annual report:
every year from the earliest date in the data to this year), how to compute it and whether a destruction may change
it. `take()` computes every registered report for every parameter set; `store()` keeps them as `ReportSnapshot`
rows (an identical document is kept once). `retention.safeguard.reports_unchanged` takes them before and after a
destruction and refuses (rolls back) a destruction that changes a report marked `must_not_change`; a report that
needs the destroyed details (the outcomes report of issue 15) registers with `must_not_change=False` and is read
from its snapshot afterwards.

Issue 15 registers the outcomes report with, for instance::

    snapshots.register("outcomes", parameter_sets=lambda: [{"year": y} for y in snapshots.report_years()],
                       compute=lambda year: outcomes_report(year=year), must_not_change=False)
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

__all__ = ["SnapshotKind", "Taken", "register", "registered", "report_years", "take", "retake", "store", "REGISTRY"]


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
