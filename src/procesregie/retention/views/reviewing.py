"""The privacy officer's review of destruction lists and the destruction itself. Thin: read through
`retention.destruction_lists` (404 for anyone but the privacy officer), bind a form, call one service, render.

- The lists (open first) and the count of items to review beside "Vernietigingslijsten" in the menu.
- One list: its items with why each is due and the subject's earlier exclusions; per item "Goedkeuren" or
  "Uitzonderen" with a reason (a POST to the item's address; refused forms come back on the list's page with their
  errors), "Alle te beoordelen items goedkeuren" with a reason, and "Vernietigen" for the approved items: a page that
  asks for confirmation, then `destruction_carry_out` for this list.
- The destruction record of a list: what kind of data, how many, under which rules, decided by whom. No personal
  data (also for the functional administrator, who reads the retention pages).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from procesregie.access.capabilities import REVIEW_DESTRUCTION, SEE_RETENTION, may
from procesregie.audit.models import Action
from procesregie.core.service_calls import call_service

from .. import destruction_lists as selectors
from ..models import Decision, ItemKind, Phase
from ..review_forms import ApproveAllForm, ConfirmDestructionForm, DecideForm
from ..services import destroying, reviewing


def _list_url(destruction_list, anchor: str = "", query: str = "") -> str:
    return (reverse("retention:destruction-list", args=[destruction_list.pk]) + (f"?{query}" if query else "")
            + (f"#{anchor}" if anchor else ""))


def _filters(request) -> dict:
    """The list's view the officer is on (decision, kind, phase, page), read from the query string. The item forms
    post to the item's address with the same query string, so a refused form comes back on the page the officer was
    on and a decision returns there."""
    state = request.GET.get("besluit", "")
    kind = request.GET.get("soort", "")
    phase = request.GET.get("fase", "")
    return {"state": state if state in selectors.STATES else "", "kind": kind if kind in ItemKind.values else "",
            "phase": phase if phase in Phase.values else ""}


def _query(filters: dict, page_number=None) -> str:
    pairs = {"besluit": filters["state"], "soort": filters["kind"], "fase": filters["phase"]}
    if page_number and str(page_number).isdigit() and str(page_number) != "1":
        pairs["page"] = str(page_number)
    return urlencode({key: value for key, value in pairs.items() if value})


@require_safe
def destruction_lists(request):
    page = selectors.lists_page(user=request.user, page_number=request.GET.get("page"), request=request)
    return render(request, "retention/destruction_lists.html", {"page": page})


@require_safe
def destruction_count(request):
    """The number of items waiting for a decision beside "Vernietigingslijsten" in the menu (loaded by htmx)."""
    return render(request, "retention/_destruction_count.html", {"count": selectors.pending_count(request.user, request)})


def _render_list(request, destruction_list, *, forms=None, approve_all_form=None, status=200):
    filters = _filters(request)
    state = filters["state"]
    page = selectors.item_rows(user=request.user, destruction_list=destruction_list, state=state,
                               kind=filters["kind"], phase=filters["phase"],
                               page_number=request.GET.get("page"), request=request)
    forms = forms or {}
    for row in page.rows:
        row.form = forms.get(row.item.pk) or DecideForm(item_pk=row.item.pk)
    return render(request, "retention/destruction_list.html", {
        "destruction_list": destruction_list, "page": page, "state": state, **filters,
        "list_query": _query(filters, page.number), "filtered": any(filters.values()),
        "kind_choices": [("", _("Alle soorten")), *ItemKind.choices],
        "phase_choices": [("", _("Alle fasen")), *Phase.choices],
        "approve_all_form": approve_all_form or ApproveAllForm(),
        "approved_waiting": selectors.approved_waiting(destruction_list),
        "state_choices": [("", _("Alle items")), ("pending", _("Te beoordelen")), ("approved", _("Goedgekeurd")),
                          ("excluded", _("Uitgezonderd")), ("done", _("Vernietigd of vervallen"))],
    }, status=status)


@require_safe
def destruction_list(request, pk: int):
    return _render_list(request, selectors.destruction_list_for(user=request.user, pk=pk, request=request))


@require_POST
def destruction_item_decide(request, pk: int, item_pk: int):
    found = selectors.destruction_list_for(user=request.user, pk=pk, action=Action.UPDATE, request=request)
    item = selectors.item_on(user=request.user, destruction_list=found, item_pk=item_pk, request=request)
    form = DecideForm(request.POST, item_pk=item.pk)
    if form.is_valid():
        decision = form.cleaned_data["decision"]
        _result, refusal = call_service(lambda: reviewing.destruction_item_decide(
            actor=request.user, item=item, decision=decision, reason=form.cleaned_data["reason"], request=request,
        ), form=form)
        if refusal is None:
            messages.success(request, _("Goedgekeurd voor vernietiging.") if decision == Decision.APPROVED
                             else _("Uitgezonderd van vernietiging."))
            return redirect(_list_url(found, f"item-{item.pk}", _query(_filters(request), request.GET.get("page"))))
    return _render_list(request, selectors.destruction_list_for(user=request.user, pk=pk), forms={item.pk: form})


@require_POST
def destruction_approve_all(request, pk: int):
    found = selectors.destruction_list_for(user=request.user, pk=pk, action=Action.UPDATE, request=request)
    form = ApproveAllForm(request.POST)
    if form.is_valid():
        count, refusal = call_service(lambda: reviewing.destruction_list_approve_all(
            actor=request.user, destruction_list=found, reason=form.cleaned_data["reason"], request=request,
        ), form=form)
        if refusal is None:
            messages.success(request, ngettext("%(count)d item goedgekeurd voor vernietiging.",
                                               "%(count)d items goedgekeurd voor vernietiging.", count)
                             % {"count": count})
            return redirect(_list_url(found, query=_query(_filters(request), request.GET.get("page"))))
    return _render_list(request, found, approve_all_form=form)


@require_http_methods(["GET", "HEAD", "POST"])
def destruction_run(request, pk: int):
    """'Vernietigen': the approved items of this list, after confirmation."""
    found = selectors.destruction_list_for(user=request.user, pk=pk, request=request,
                                           action=Action.DELETE if request.method == "POST" else Action.READ)
    form = ConfirmDestructionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        summary, refusal = call_service(lambda: destroying.destruction_carry_out(
            actor=request.user, on=timezone.localdate(), destruction_list=found, request=request,
        ), form=form)
        if refusal is None:
            messages.success(request, _("Vernietigd: %(destroyed)d, vervallen: %(lapsed)d.") % {
                "destroyed": summary["destroyed"], "lapsed": summary["lapsed"]})
            return redirect("retention:destruction-record", pk=found.pk)
    return render(request, "retention/destruction_run.html", {
        "destruction_list": found, "form": form, "approved_waiting": selectors.approved_waiting(found),
    })


@require_safe
def destruction_record(request, pk: int):
    found = selectors.destruction_list_for(user=request.user, pk=pk, capability=SEE_RETENTION, request=request)
    record = selectors.destruction_record(user=request.user, destruction_list=found, request=request)
    return render(request, "retention/destruction_record.html", {
        "destruction_list": found, "may_review": may(request.user, REVIEW_DESTRUCTION), **record})
