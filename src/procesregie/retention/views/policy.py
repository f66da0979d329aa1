"""The retention policy page: the rules in force (the house's default per phase, the approaches' own rules) and
the history of changes. The functional administrator edits it (POST); the privacy officer reads it. Others: 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from procesregie.access.capabilities import EDIT_RETENTION_POLICY, may
from procesregie.core.service_calls import call_service

from .. import selectors
from ..forms import RemoveRuleForm, RuleForm
from ..services.policy import retention_rule_remove, retention_rule_set
from ._common import not_found_as_404


def _prefill(request, view) -> dict:
    """'Wijzigen' on a row: the form filled with that rule (?fase=PHASE and, for an approach's own rule, &aanpak=ID)."""
    phase = request.GET.get("fase", "")
    if phase not in view.policy.defaults:
        return {}
    approach = request.GET.get("aanpak", "")
    rule = view.policy.own.get((phase, int(approach))) if approach.isdigit() else view.policy.defaults[phase]
    if rule is None:
        return {}
    return {"phase": phase, "approach": rule.approach_id, "months": rule.months, "counts_from": rule.counts_from}


@require_http_methods(["GET", "HEAD", "POST"])
@not_found_as_404
def policy_page(request):
    view = selectors.policy_page(user=request.user)
    may_edit = may(request.user, EDIT_RETENTION_POLICY)
    form = None
    if request.method == "POST":
        if not may_edit:
            raise Http404
        form = RuleForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            _rule, refusal = call_service(lambda: retention_rule_set(
                actor=request.user, phase=data["phase"], approach=data["approach"], months=data["months"],
                counts_from=data["counts_from"], reason=data["reason"], request=request,
            ), form=form)
            if refusal is None:
                messages.success(request, _("Het bewaarbeleid is gewijzigd."))
                return redirect("retention:policy")
    elif may_edit:
        form = RuleForm(initial=_prefill(request, view))
    return render(request, "retention/policy.html", {"view": view, "form": form, "may_edit": may_edit})


@require_POST
@not_found_as_404
def policy_rule_remove(request):
    """'Verwijderen' on an approach's own rule (after opening it and giving a reason): the default applies again."""
    view = selectors.policy_page(user=request.user)
    if not may(request.user, EDIT_RETENTION_POLICY):
        raise Http404
    remove_form = RemoveRuleForm(request.POST)
    if remove_form.is_valid():
        data = remove_form.cleaned_data
        _none, refusal = call_service(lambda: retention_rule_remove(
            actor=request.user, phase=data["phase"], approach=data["approach"], reason=data["reason"], request=request,
        ), form=remove_form)
        if refusal is None:
            messages.success(request, _("De eigen termijn is verwijderd: de standaardtermijn van het huis geldt weer."))
            return redirect("retention:policy")
    return render(request, "retention/policy.html", {"view": view, "form": RuleForm(), "may_edit": True,
                                                     "remove_form": remove_form})
