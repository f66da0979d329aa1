"""Report snapshots for readers: the list of stored snapshots per destruction, each one's JSON exactly as it was
stored, and the annual and outcomes reports read back from that JSON as a page.

Aggregates only (no personal data), but exact and unsuppressed: for whoever sees the house's figures or reviews the
destruction they were taken for (`SEE_REPORT_SNAPSHOTS`: managers, procesregisseurs, the privacy officer; not the
functional administrator). Anyone else gets a 404, logged as a denied access without a subject. Every page is
access-logged like the annual report (no subject).
"""

import datetime
import json
from dataclasses import dataclass, field

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from procesregie.access.capabilities import SEE_REPORT_SNAPSHOTS, may
from procesregie.audit.models import Action, Outcome
from procesregie.audit.services import record_access

from .models import ReportSnapshot
from .rendering import labels_from_reference, render_html

LIST_LIMIT = 500
READABLE_KINDS = ("annual", "outcomes")  # the kinds whose snapshot reads back as a page


@dataclass
class Destruction:
    """The snapshots taken for one destruction list (or, with `destruction_list` None, for none)."""

    destruction_list: object
    taken_at: object
    snapshots: list = field(default_factory=list)


def group_by_destruction(snapshots) -> list[Destruction]:
    """One entry per destruction list, newest first (the order of `snapshots`); within it by kind and year."""
    groups: dict = {}
    for snapshot in snapshots:
        group = groups.setdefault(snapshot.destruction_list_id,
                                  Destruction(snapshot.destruction_list, snapshot.taken_at))
        group.snapshots.append(snapshot)
    for group in groups.values():
        group.snapshots.sort(key=lambda s: (s.kind, sorted(s.parameters.items())))
        for snapshot in group.snapshots:
            describe(snapshot)
    return list(groups.values())


def _day(value: str) -> str:
    return date_format(datetime.date.fromisoformat(value), "j F Y")


def describe(snapshot) -> None:
    """Give a snapshot what a reader sees of it: `title` (the report's name), `period` (its parameters in words:
    the annual report's year; the outcomes report's cohort year, or its window, with its peildatum) and
    `readable` (whether it reads back as a page)."""
    parameters = snapshot.parameters if isinstance(snapshot.parameters, dict) else {}
    snapshot.readable = snapshot.kind in READABLE_KINDS
    try:
        if snapshot.kind == "annual":
            snapshot.title, snapshot.period = _("Jaarverslag"), str(parameters["year"])
            return
        if snapshot.kind == "outcomes":
            first, last, as_of = parameters["first"], parameters["last"], parameters["as_of"]
            whole_year = first[:4] == last[:4] and first[4:] == "-01-01" and last[4:] == "-12-31"
            window = first[:4] if whole_year else f"{_day(first)} – {_day(last)}"
            snapshot.title = _("Resultaten")
            snapshot.period = _("%(window)s (peildatum %(as_of)s)") % {"window": window, "as_of": _day(as_of)}
            return
    except (KeyError, TypeError, ValueError):
        pass
    snapshot.title = snapshot.kind
    snapshot.period = ", ".join(str(value) for _name, value in sorted(parameters.items()))


def _reader(request, action: str) -> None:
    if not may(request.user, SEE_REPORT_SNAPSHOTS):
        record_access(actor=request.user, action=action, obj=ReportSnapshot, outcome=Outcome.DENIED, request=request)
        raise Http404


@require_safe
def snapshot_list(request):
    _reader(request, Action.READ)
    snapshots = list(ReportSnapshot.objects.defer("document").select_related("destruction_list")
                     .order_by("-taken_at", "kind", "-id")[:LIST_LIMIT])
    record_access(actor=request.user, action=Action.READ, obj=ReportSnapshot, request=request)  # aggregates
    return render(request, "reporting/snapshot_list.html", {
        "destructions": group_by_destruction(snapshots), "count": len(snapshots), "limit": LIST_LIMIT})


@require_safe
def snapshot_file(request, pk: int):
    _reader(request, Action.EXPORT)
    snapshot = get_object_or_404(ReportSnapshot, pk=pk)
    record_access(actor=request.user, action=Action.EXPORT, obj=snapshot, request=request)  # aggregates, no subject
    response = HttpResponse(snapshot.document.encode("utf-8"), content_type="application/json")
    parameters = "-".join(str(value) for _, value in sorted(snapshot.parameters.items()))
    name = f"{snapshot.kind}-{parameters}-{timezone.localtime(snapshot.taken_at):%Y%m%d}".strip("-")
    response["Content-Disposition"] = f'attachment; filename="momentopname-{name}.json"'
    return response


def _readable(document: str, kind: str) -> str:
    """The stored annual or outcomes report as its report page shows it (exact figures, as stored: no suppression),
    with today's names of approaches, municipalities and organisations; "" when the document is not a report of
    that kind that the renderings can read."""
    try:
        report = json.loads(document)
        if not isinstance(report, dict) or report.get("report") != kind:
            return ""
        if kind == "annual" and isinstance(report.get("year"), int):
            return render_html(report, labels=labels_from_reference(), standalone=False)
        if kind == "outcomes" and isinstance(report.get("approaches"), dict):
            from .rendering.outcomes import render_outcomes_html

            return render_outcomes_html(report, labels=labels_from_reference(), standalone=False)
        return ""
    except (ValueError, TypeError, KeyError, AttributeError):
        return ""


@require_safe
def snapshot_page(request, pk: int):
    """An annual or outcomes report snapshot read back as a page, logged as a read of that snapshot (no
    subject)."""
    _reader(request, Action.READ)
    snapshot = get_object_or_404(ReportSnapshot.objects.select_related("destruction_list"), pk=pk,
                                 kind__in=READABLE_KINDS)
    record_access(actor=request.user, action=Action.READ, obj=snapshot, request=request)  # aggregates, no subject
    describe(snapshot)
    content = _readable(snapshot.document, snapshot.kind)
    return render(request, "reporting/snapshot_page.html", {
        "snapshot": snapshot, "content": mark_safe(content)})  # noqa: S308 - rendered by our templates, escaped
