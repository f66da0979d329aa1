"""The privacy officer's pages: find a data subject, see (or download) who accessed their data."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from procesregie.access.capabilities import REVIEW_ACCESS_LOG, may

from . import selectors

CSV_COLUMNS = [
    "sequence", "occurred_at", "actor_username", "actor_organisation", "actor_roles", "action", "object_type",
    "object_id", "purpose_case_id", "purpose_approach", "ip", "request_id", "outcome",
]


def _officer_only(request) -> None:
    if not may(request.user, REVIEW_ACCESS_LOG):
        raise Http404


@require_safe
def subject_search(request):
    _officer_only(request)
    query = request.GET.get("q", "")[:200]
    results = selectors.find_subjects(user=request.user, query=query, request=request) if query else []
    return render(request, "privacy/subject_search.html", {"query": query, "results": results})


@require_safe
def subject_log(request, subject_key):
    _officer_only(request)
    subject = selectors.subject_by_key(user=request.user, subject_key=subject_key)
    if subject is None:
        raise Http404
    export = request.GET.get("format") == "csv"
    entries = selectors.access_history(user=request.user, subject=subject, request=request, export=export)
    if export:
        return _csv_response(subject, entries)
    return render(request, "privacy/subject_log.html", {"subject": subject, "entries": entries})


def _csv_response(subject, entries) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="toegangslog-{subject.subject_key}-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow([getattr(entry, column) for column in CSV_COLUMNS])
    return response
