"""Report snapshots for readers: the list of stored snapshots per destruction, each one's JSON exactly as it was
stored, and the annual report read back from that JSON as a page.

Aggregates only (no personal data), but exact and unsuppressed: for whoever sees the house's figures or reviews the
destruction they were taken for (`SEE_REPORT_SNAPSHOTS`: managers, procesregisseurs, the privacy officer; not the
functional administrator). Anyone else gets a 404, logged as a denied access without a subject. Every page is
access-logged like the annual report (no subject).
"""

import json
from dataclasses import dataclass, field

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from procesregie.access.capabilities import SEE_REPORT_SNAPSHOTS, may
from procesregie.audit.models import Action, Outcome
from procesregie.audit.services import record_access

from .models import ReportSnapshot
from .rendering import labels_from_reference, render_html

LIST_LIMIT = 500


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
    return list(groups.values())


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


def _readable(document: str) -> str:
    """The stored annual report as the report page shows it (exact figures, as stored: no suppression), with
    today's names of approaches and municipalities; "" when the document is not an annual report that the
    renderings can read."""
    try:
        report = json.loads(document)
        if not isinstance(report, dict) or report.get("report") != "annual" or not isinstance(report.get("year"), int):
            return ""
        return render_html(report, labels=labels_from_reference(), standalone=False)
    except (ValueError, TypeError, KeyError, AttributeError):
        return ""


@require_safe
def snapshot_page(request, pk: int):
    """An annual report snapshot read back as a page, logged as a read of that snapshot (no subject)."""
    _reader(request, Action.READ)
    snapshot = get_object_or_404(ReportSnapshot.objects.select_related("destruction_list"), pk=pk, kind="annual")
    record_access(actor=request.user, action=Action.READ, obj=snapshot, request=request)  # aggregates, no subject
    content = _readable(snapshot.document)
    return render(request, "reporting/snapshot_page.html", {
        "snapshot": snapshot, "content": mark_safe(content)})  # noqa: S308 - rendered by our templates, escaped
