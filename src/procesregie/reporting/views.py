"""The annual report as a page for managers: aggregates only, access-logged like every other page."""

import hashlib
import json

from django import forms
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from procesregie.access.capabilities import SEE_AGGREGATES, may
from procesregie.audit.models import Action
from procesregie.audit.services import record_access
from procesregie.reference.models import Approach

from .annual import annual_report, flow_comparison
from .formats import FORMATS
from .rendering import labels_from_reference, render_html

RENDER_CACHE_SECONDS = 3600


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
}


class ReportForm(forms.Form):
    jaar = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100, required=False)
    klein = forms.IntegerField(label=_("Kleine aantallen afschermen onder"), min_value=2, max_value=100, required=False)

    def choice(self) -> tuple[int, int | None]:
        """The chosen year (default: last year) and suppression threshold; invalid values are ignored."""
        self.is_valid()
        data = self.cleaned_data
        return data.get("jaar") or timezone.localdate().year - 1, data.get("klein")


def _content(report: dict, comparison: dict, labels: dict, suppress_below: int | None) -> str:
    """The rendered report; charts are costly, so the HTML is kept per exact set of figures (not per date)."""
    fingerprint = json.dumps([report, comparison, labels, suppress_below], sort_keys=True, default=str)
    key = "annual-report:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    return cache.get_or_set(
        key,
        lambda: render_html(report, labels=labels, comparison=comparison, suppress_below=suppress_below, standalone=False),
        RENDER_CACHE_SECONDS,
    )


@require_safe
def annual_report_page(request):
    if not may(request.user, SEE_AGGREGATES):
        raise Http404
    form = ReportForm(request.GET)
    year, suppress_below = form.choice()
    report = annual_report(year=year)
    record_access(actor=request.user, action=Action.READ, obj=Approach, request=request)  # aggregates, no subject
    content = _content(report, flow_comparison(year=year), labels_from_reference(), suppress_below)
    downloads = [(name, f"?jaar={year}&formaat={name}" + (f"&klein={suppress_below}" if suppress_below else ""))
                 for name in CONTENT_TYPES]
    return render(request, "reporting/annual_web.html",
                  {"form": form, "year": year, "content": mark_safe(content), "downloads": downloads})


@require_safe
def annual_report_download(request):
    """The same report as a file: PDF, XLSX, JSON (never suppressed) or CSV."""
    if not may(request.user, SEE_AGGREGATES):
        raise Http404
    fmt = request.GET.get("formaat", "")
    if fmt not in CONTENT_TYPES:
        raise Http404
    year, suppress_below = ReportForm(request.GET).choice()
    report = annual_report(year=year)
    record_access(actor=request.user, action=Action.EXPORT, obj=Approach, request=request)  # aggregates, no subject
    response = HttpResponse(FORMATS[fmt](report, suppress_below), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="jaarverslag-{year}.{fmt}"'
    return response
