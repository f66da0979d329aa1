"""The plan of action on the case page: add and change goals and interventions, inline with htmx.

Every form works with and without JavaScript. With htmx (`HX-Request`) a view answers with the plan
section (`plans/_case_plan.html`) that replaces the one on the case page: with the form in it, with the
form and its errors, or, after saving, the updated plan. Without JavaScript the form is a page of its own
and saving redirects to the case page.

Views are thin: read through `plans.selectors` (404 for a case the user may not see), bind a form, call one
service, render. Who may change what is decided by `plans.services` (see its docstring for the partner
rule); whoever may not gets 404, as in casework. Bad input: the form again with its errors (200), nothing
saved. A form opened on an older version of the plan: the conflict message, the user's input kept, nothing
saved (409 for a plain POST; 200 for htmx, which swaps only 2xx answers).
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from procesregie.core.service_calls import call_service, is_htmx, refusal_status

from . import selectors, services, updates
from .forms import CaseUpdateForm, GoalForm, InterventionAgreeForm, InterventionStatusForm, InterventionUpdateForm

SECTION_TEMPLATE = "plans/_case_plan.html"
PAGE_TEMPLATE = "plans/plan_form_page.html"


def _case_page(case) -> str:
    return reverse("casework:case-detail", args=[case.pk]) + "#plan"


def _render(request, case, *, can_change: bool, form=None, action="", title="", message="", status=200,
            focus_heading=False):
    """The plan section (htmx) or a page around it; showing the plan is a read of the subject's data.
    `focus_heading`: the section's heading takes the focus (back from a form without saving)."""
    selectors.log_read(user=request.user, case=case, request=request)
    context = {
        "case": case,
        "plan": selectors.plan_view(case, request.user, can_change=can_change),
        "plan_form": form,
        "plan_form_action": action,
        "plan_form_title": title,
        "plan_message": message,
        "plan_focus_heading": focus_heading,
    }
    if is_htmx(request):
        return render(request, SECTION_TEMPLATE, context)  # htmx swaps only 2xx answers
    return render(request, PAGE_TEMPLATE, context, status=status)


class _Outcome:
    """What became of a save: saved, refused with a message on the form, or refused as a conflict."""

    def __init__(self, saved: bool, case, status: int = 200):
        self.saved, self.case, self.status = saved, case, status


def _save(request, case, form, call) -> _Outcome:
    """Call the service; a refusal puts its message on the form (and, for a conflict, the current version)."""
    _result, refusal = call_service(call, form=form, not_found=lambda: selectors.refuse(user=request.user, request=request))
    if refusal is not None and refusal.conflict:
        case = selectors.case_for_plan(user=request.user, case_id=case.pk, request=request)  # the other's changes
        form.show_version(services.plan_version(case))
    return _Outcome(refusal is None, case, refusal_status(request, refusal))


def _saved(request, case, message: str, can_change: bool):
    if is_htmx(request):
        case = selectors.case_for_plan(user=request.user, case_id=case.pk, request=request)  # the plan as saved
        return _render(request, case, can_change=can_change, message=message)
    messages.success(request, message)
    return redirect(_case_page(case))


def _case_to_change(request, case_pk: int):
    case = selectors.case_for_plan(user=request.user, case_id=case_pk, request=request)
    if not services.may_change_plan(request.user, case):
        raise selectors.refuse(user=request.user, request=request)
    return case


@require_safe
def plan_section(request, case_pk: int):
    """The plan section on its own (htmx: e.g. after 'Annuleren'); without htmx, the case page."""
    case = selectors.case_for_plan(user=request.user, case_id=case_pk, request=request)
    if not is_htmx(request):
        return redirect(_case_page(case))
    return _render(request, case, can_change=services.may_change_plan(request.user, case), focus_heading=True)


@require_http_methods(["GET", "HEAD", "POST"])
def goal_add(request, case_pk: int):
    case = _case_to_change(request, case_pk)
    status = 200
    if request.method == "POST":
        form = GoalForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            outcome = _save(request, case, form, lambda: services.goal_add(
                actor=request.user, case=case, domain=data["domain"], description=data["description"],
                expected_version=data["version"], request=request,
            ))
            if outcome.saved:
                return _saved(request, case, _("Het doel is toegevoegd."), can_change=True)
            case, status = outcome.case, outcome.status
    else:
        form = GoalForm(initial={"version": services.plan_version(case)})
    return _render(
        request, case, can_change=True, form=form, action=reverse("plans:goal-add", args=[case.pk]),
        title=_("Doel toevoegen"), status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def goal_edit(request, case_pk: int, pk: int):
    case = _case_to_change(request, case_pk)
    goal = selectors.goal_of(case, pk)
    status = 200
    if request.method == "POST":
        form = GoalForm(request.POST, goal=goal)
        if form.is_valid():
            data = form.cleaned_data
            outcome = _save(request, case, form, lambda: services.goal_update(
                actor=request.user, goal=goal, domain=data["domain"], description=data["description"],
                status=data["status"], expected_version=data["version"], request=request,
            ))
            if outcome.saved:
                return _saved(request, case, _("Het doel is gewijzigd."), can_change=True)
            case, status = outcome.case, outcome.status
    else:
        form = GoalForm(goal=goal, initial={
            "domain": goal.domain_id, "description": goal.description, "status": goal.status,
            "version": services.plan_version(case),
        })
    return _render(
        request, case, can_change=True, form=form, action=reverse("plans:goal-edit", args=[case.pk, goal.pk]),
        title=_("Doel wijzigen"), status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def intervention_add(request, case_pk: int):
    case = _case_to_change(request, case_pk)
    status = 200
    if request.method == "POST":
        form = InterventionAgreeForm(request.POST, case=case)
        if form.is_valid():
            data = form.cleaned_data
            outcome = _save(request, case, form, lambda: services.intervention_agree(
                actor=request.user, case=case, intervention=data["intervention"], organisation=data["organisation"],
                responsible_person=data["responsible_person"],
                goal=data["goal"], agreed_on=data["agreed_on"], due_date=data["due_date"], note=data["note"],
                expected_version=data["version"], request=request,
            ))
            if outcome.saved:
                return _saved(request, case, _("De interventie is afgesproken."), can_change=True)
            case, status = outcome.case, outcome.status
    else:
        form = InterventionAgreeForm(case=case, initial={"version": services.plan_version(case)})
    return _render(
        request, case, can_change=True, form=form, action=reverse("plans:intervention-add", args=[case.pk]),
        title=_("Interventie afspreken"), status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def intervention_edit(request, case_pk: int, pk: int):
    """The procesregisseur changes everything; a partner that carries the intervention only its status."""
    case = selectors.case_for_plan(user=request.user, case_id=case_pk, request=request)
    item = selectors.intervention_of(case, pk)
    can_change = services.may_change_plan(request.user, case)
    if can_change:
        form_class = InterventionUpdateForm
    elif services.carries(request.user, item):
        form_class = InterventionStatusForm
    else:
        raise selectors.refuse(user=request.user, request=request)
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, item=item)
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in form.fields if name != "version"}
            outcome = _save(request, case, form, lambda: services.intervention_update(
                actor=request.user, case_intervention=item, expected_version=form.cleaned_data["version"],
                request=request, **changes,
            ))
            if outcome.saved:
                return _saved(request, case, _("De interventie is gewijzigd."), can_change=can_change)
            case, status = outcome.case, outcome.status
    else:
        initial = {
            "status": item.status, "due_date": item.due_date, "organisation": item.organisation_id,
            "responsible_person": item.responsible_person_id,
            "goal": item.goal_id, "note": item.note, "version": services.plan_version(case),
        }
        form = form_class(item=item, initial=initial)
    return _render(
        request, case, can_change=can_change, form=form,
        action=reverse("plans:intervention-edit", args=[case.pk, item.pk]),
        title=_("Interventie %(name)s wijzigen") % {"name": item.intervention}, status=status,
    )



@require_http_methods(["GET", "HEAD", "POST"])
def case_update_add(request, case_pk: int):
    """A short update on a case by someone who takes part in it; it shows on the case's timeline. Without errors
    back to the case page (its timeline); with errors, the form again on a page of its own, the text kept."""
    case = selectors.case_for_plan(user=request.user, case_id=case_pk, request=request)
    form = CaseUpdateForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        _result, refusal = call_service(lambda: updates.case_update_add(
            actor=request.user, case=case, text=form.cleaned_data["text"],
            public_only=form.cleaned_data.get("public_only", False), request=request,
        ), form=form, not_found=lambda: selectors.refuse(user=request.user, request=request))
        if refusal is None:
            messages.success(request, _("Uw update staat op de tijdlijn van de casus."))
            return redirect(reverse("casework:case-detail", args=[case.pk]) + "#timeline")
    selectors.log_read(user=request.user, case=case, request=request)
    return render(request, "plans/case_update_page.html", {"case": case, "update_form": form})
