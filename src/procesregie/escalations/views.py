"""Escalating a case, the managers' work list and one escalation with its resolution. Thin: read through
`escalations.selectors` (404 out of scope), bind a form, call one service, render.

- Raising: the form is folded on the case page (`escalations/_case_escalations.html`), which fetches it from here
  when it is opened (htmx: the form alone), and on a page of its own, where it comes back with its errors. Saved,
  back to the case page.
- The work list and the count in the menu: managers only (`may(user, HANDLE_ESCALATIONS)`), others 404.
- One escalation: whoever reads it; the resolve form posts to the same address and is for managers (others 404). A
  second resolution is refused on the form ("al afgehandeld").
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from procesregie.access.capabilities import HANDLE_ESCALATIONS, may
from procesregie.casework.lifecycle import accepts_changes
from procesregie.casework.selectors import log_case_read
from procesregie.core.service_calls import call_service, is_htmx

from . import selectors, services
from .forms import RaiseForm, ResolveForm, WorkListFilterForm


@require_http_methods(["GET", "HEAD", "POST"])
def escalation_raise(request, case_pk: int):
    case = selectors.case_to_escalate(user=request.user, case_id=case_pk, request=request)
    is_open = accepts_changes(case)
    organisations, interventions = selectors.raise_choices(case) if is_open else ([], [])
    form = RaiseForm(request.POST if request.method == "POST" else None,
                     organisations=organisations, interventions=interventions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _result, refusal = call_service(lambda: services.escalation_raise(
            actor=request.user, case=case, reason=data["reason"], explanation=data["explanation"],
            request=request, **form.concerns(),
        ), form=form)
        if refusal is None:
            messages.success(request, _("De casus is geëscaleerd naar de managers van het huis."))
            return redirect(reverse("casework:case-detail", args=[case.pk]) + "#escalations")
    log_case_read(user=request.user, case=case, request=request)
    context = {"case": case, "escalation_form": form, "is_open": is_open}
    if is_htmx(request) and request.method != "POST":
        return render(request, "escalations/_raise.html", context)  # fetched by the fold on the case page
    return render(request, "escalations/raise_page.html", context)


@require_safe
def escalation_list(request):
    if not may(request.user, HANDLE_ESCALATIONS):
        raise Http404
    form = WorkListFilterForm(request.GET)
    page = selectors.work_list_page(user=request.user, request=request, page_number=request.GET.get("page"),
                                    filters=form.filters())
    return render(request, "escalations/list.html", {"page": page, "form": form})


@require_safe
def open_count(request):
    """The number of open escalations beside "Escalaties" in the menu (loaded by htmx after the page)."""
    if not may(request.user, HANDLE_ESCALATIONS):
        raise Http404
    return render(request, "escalations/_count.html", {"count": selectors.open_count(request.user)})


@require_http_methods(["GET", "HEAD", "POST"])
def escalation_detail(request, pk: int):
    view = selectors.escalation_for(user=request.user, escalation_id=pk, request=request)
    form = None
    if request.method == "POST":
        if not view.may_resolve:
            raise selectors.refuse(user=request.user, request=request)
        form = ResolveForm(request.POST)
        if form.is_valid():
            _result, refusal = call_service(lambda: services.escalation_resolve(
                actor=request.user, escalation=view.escalation, outcome=form.cleaned_data["outcome"],
                resolution=form.cleaned_data["resolution"], request=request,
            ), form=form, not_found=lambda: selectors.refuse(user=request.user, request=request))
            if refusal is None:
                messages.success(request, _("De escalatie is afgehandeld."))
                return redirect("escalations:detail", pk=pk)
    elif view.may_resolve and view.escalation.is_open:
        form = ResolveForm()
    escalation = view.escalation
    selectors.log_read(user=request.user, escalations=[escalation], request=request,
                       purpose_approach=escalation.case.registration.approach)
    return render(request, "escalations/detail.html", {
        "view": view, "escalation": escalation, "resolve_form": form,
        "may_handle": may(request.user, HANDLE_ESCALATIONS),
    })
