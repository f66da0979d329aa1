"""Report snapshots for readers: the list of stored snapshots and each one's JSON, exactly as it was stored.

Aggregates only (no personal data), but exact and unsuppressed: for whoever sees the house's figures or reviews the
destruction they were taken for (`SEE_REPORT_SNAPSHOTS`: managers, procesregisseurs, the privacy officer; not the
functional administrator). Anyone else gets a 404, logged as a denied access without a subject. Both pages are
access-logged like the annual report (no subject).
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from procesregie.access.capabilities import SEE_REPORT_SNAPSHOTS, may
from procesregie.audit.models import Action, Outcome
from procesregie.audit.services import record_access

from .models import ReportSnapshot

LIST_LIMIT = 500


def _reader(request, action: str) -> None:
    if not may(request.user, SEE_REPORT_SNAPSHOTS):
        record_access(actor=request.user, action=action, obj=ReportSnapshot, outcome=Outcome.DENIED, request=request)
        raise Http404


@require_safe
def snapshot_list(request):
    _reader(request, Action.READ)
    snapshots = list(ReportSnapshot.objects.defer("document").order_by("-taken_at", "kind", "-id")[:LIST_LIMIT])
    record_access(actor=request.user, action=Action.READ, obj=ReportSnapshot, request=request)  # aggregates
    return render(request, "reporting/snapshot_list.html", {"snapshots": snapshots, "limit": LIST_LIMIT})


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
