"""The case page. Thin: compose, render."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from procesregie.casework.views import case_panels_context

from . import selectors


@require_safe
def case_detail(request, pk: int):
    page = selectors.case_page(user=request.user, case_id=pk, request=request)
    context = case_panels_context(page.case, can_change=page.can_change)
    context.update(plan=page.plan, measurement_panel=page.measurement_panel, timeline=page.timeline)
    return render(request, "casepage/case_page.html", context)
