"""/privacy/koppelingen/: the privacy officer's overview of the clients' hit/no-hit use, and a client's questions."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from procesregie.core.errors import NotFound

from ..hitnohit import limits
from . import selectors


def _thresholds() -> dict:
    return {"probe_min_misses": limits.PROBE_MIN_MISSES, "probe_share": round(limits.PROBE_MISS_SHARE * 100),
            "window_hours": int(limits.FLAG_WINDOW.total_seconds() // 3600), "days": limits.OVERVIEW_DAYS}


@require_safe
def client_list(request):
    try:
        rows = selectors.api_use(user=request.user, request=request)
    except NotFound:
        raise Http404 from None
    return render(request, "api/review/client_list.html", {
        "rows": rows, "flagged": sum(1 for row in rows if row.flagged), **_thresholds(),
    })


@require_safe
def client_detail(request, pk: int):
    try:
        view = selectors.client_questions(user=request.user, pk=pk, request=request)
    except NotFound:
        raise Http404 from None
    return render(request, "api/review/client_detail.html", {
        "view": view, "use": view.use, "client": view.use.client, **_thresholds(),
    })
