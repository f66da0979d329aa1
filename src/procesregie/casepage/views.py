"""The case page, its timeline's pages and its print view. Thin: compose, render."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from procesregie.casework.views import case_panels_context
from procesregie.core.service_calls import is_htmx
from procesregie.subjects.rights import rights_notices

from . import selectors
from .parts import case_parts
from .timeline_pages import PAGE_PARAMETER, page_number


def _context(page, user, **extra) -> dict:
    context = case_panels_context(page.case, can_change=page.can_change, may_reopen=page.may_reopen)
    context.update(plan=page.plan, measurement_panel=page.measurement_panel, timeline=page.timeline_page,
                   escalations=page.escalations, **extra)
    context["parts"] = case_parts(page, participants_panel=context["panel"])
    # corrections, a restriction (decision 0019; their text not for who sees less, decision 0020)
    context["rights"] = rights_notices(page.case.registration.subject, user=user)
    return context


@require_safe
def case_detail(request, pk: int):
    page = selectors.case_page(user=request.user, case_id=pk, request=request,
                               timeline_number=page_number(request.GET.get(PAGE_PARAMETER)))
    return render(request, "casepage/case_page.html", _context(page, request.user))


@require_safe
def case_timeline(request, pk: int):
    """One page of the timeline: the section alone for htmx ("older" and "newer" links), otherwise the case page
    at that page of the timeline."""
    number = page_number(request.GET.get(PAGE_PARAMETER))
    if not is_htmx(request):
        selectors.check_visible(user=request.user, case_id=pk, request=request)
        return redirect(reverse("casework:case-detail", args=[pk]) + f"?{PAGE_PARAMETER}={number}#timeline")
    page = selectors.case_page(user=request.user, case_id=pk, request=request, timeline_number=number)
    return render(request, "casepage/_timeline.html", {"case": page.case, "timeline": page.timeline_page,
                                                       "timeline_focus": True})


@require_safe
def case_print(request, pk: int):
    """Everything of the case on one page, unfolded, without forms or buttons: for paper and PDF."""
    page = selectors.case_page(user=request.user, case_id=pk, request=request, read_only=True)
    return render(request, "casepage/case_print.html", _context(page, request.user, printing=True))
