"""Recording measurements on the case page, inline with htmx or as a page of its own without JavaScript.

Thin views: read through `monitoring.selectors` (404 for a case the user may not see), bind the form, call
`measurement_record`, render the measurements section (htmx) or redirect to the case page. Whoever may not
record gets 404, as in casework; bad input shows the form again with its errors (200) and saves nothing. A closed
case takes no measurements (`casework.lifecycle.accepts_changes`): the form is not offered, the case page is.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from procesregie.access.rules import CHANGE, can
from procesregie.casework import lifecycle
from procesregie.core.service_calls import call_service, is_htmx

from . import selectors, services
from .forms import MeasurementForm

SECTION_TEMPLATE = "monitoring/_case_measurements.html"
PAGE_TEMPLATE = "monitoring/measurement_form_page.html"


def _case_page(case) -> str:
    return reverse("casework:case-detail", args=[case.pk]) + "#metingen"


def _render(request, case, *, can_change: bool, form=None, message="", focus_heading=False):
    """The measurements section (htmx) or a page around it; showing it is a read of the subject's data.
    `focus_heading`: the section's heading takes the focus (back from the form without saving)."""
    selectors.log_read(user=request.user, case=case, request=request)
    context = {"case": case, "measurement_panel": selectors.measurement_panel(case, can_change=can_change),
               "measurement_form": form, "measurement_message": message, "measurement_focus_heading": focus_heading}
    return render(request, SECTION_TEMPLATE if is_htmx(request) else PAGE_TEMPLATE, context)


@require_safe
def measurements_section(request, case_pk: int):
    """The measurements section on its own (htmx, e.g. after 'Annuleren'); without htmx, the case page."""
    case = selectors.case_for_measurements(user=request.user, case_id=case_pk, request=request)
    if not is_htmx(request):
        return redirect(_case_page(case))
    return _render(request, case, can_change=services.may_record(request.user, case), focus_heading=True)


@require_http_methods(["GET", "HEAD", "POST"])
def measurement_add(request, case_pk: int):
    case = selectors.case_for_measurements(user=request.user, case_id=case_pk, request=request)
    if not can(request.user, CHANGE, case):
        raise selectors.refuse(user=request.user, request=request)
    if not lifecycle.accepts_changes(case):  # closed: the section without the form, or the case page with why
        if is_htmx(request):
            return _render(request, case, can_change=False, focus_heading=True)
        messages.info(request, _("Deze casus is afgesloten; er kunnen geen metingen meer bij."))
        return redirect(_case_page(case))
    domains = selectors.life_domains()
    if request.method == "POST":
        form = MeasurementForm(request.POST, domains=domains)
        if form.is_valid():
            _result, refusal = call_service(lambda: services.measurement_record(
                actor=request.user, case=case, date=form.cleaned_data["date"], kind=form.cleaned_data["kind"],
                levels=form.levels(), notes=form.notes(), request=request,
            ), form=form, not_found=lambda: selectors.refuse(user=request.user, request=request))
            if refusal is None:
                message = _("De meting is vastgelegd.")
                if not is_htmx(request):
                    messages.success(request, message)
                    return redirect(_case_page(case))
                case = selectors.case_for_measurements(user=request.user, case_id=case.pk, request=request)
                return _render(request, case, can_change=True, message=message)
    else:
        form = MeasurementForm(domains=domains)
    return _render(request, case, can_change=True, form=form)
