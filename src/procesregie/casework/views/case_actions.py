"""Changing a case: participants (inline with htmx, or a plain POST and redirect), its procesregisseur, closing,
transfer.

Only for who may change the case (`can(user, CHANGE, case)`), otherwise 404. The services check again.
Bad input shows the form again with the error (200) and changes nothing. A form opened on an older version
of the case is refused with a conflict message (409 for a plain POST; 200 for htmx, which swaps only 2xx)
and keeps what the user entered.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from procesregie.access.rules import VIEW, can
from procesregie.casework import lifecycle, open_work, selectors, services
from procesregie.casework.forms import (
    CloseForm,
    ParticipantAddForm,
    ParticipantRemoveForm,
    RegisseurForm,
    ReopenForm,
    TransferForm,
)
from procesregie.casework.models import Case
from procesregie.core.service_calls import call_service, is_htmx, refusal_status

from .cases import participants_context


def _detail_url(case) -> str:
    return reverse("casework:case-detail", args=[case.pk])


def _participants_response(request, case, *, add_form=None, message="", error="", status=200):
    """The participants panel for htmx; otherwise a page around it (a read of the subject, logged) with the form."""
    fresh = selectors.case_with_participants(case=case)
    context = participants_context(fresh, can_change=True, add_form=add_form, message=message, error=error)
    if is_htmx(request):
        return render(request, "casework/_detail_participants.html", context)
    selectors.log_case_read(user=request.user, case=case, request=request)
    return render(request, "casework/participants_page.html", context, status=status)


def _add_form_response(request, case):
    """The add form alone (it names the case's organisations that may still join: a read of the case, logged)."""
    context = participants_context(selectors.case_with_participants(case=case), can_change=True,
                                   add_form=ParticipantAddForm(case=case))
    selectors.log_case_read(user=request.user, case=case, request=request)
    return render(request, "casework/_participant_add_form.html", context)  # closed meanwhile: it says so


def _current(case: Case) -> Case:
    return Case.objects.select_related("registration__approach").get(pk=case.pk)


@require_http_methods(["GET", "HEAD", "POST"])
def participant_add(request, pk: int):
    """GET: the add form, alone for the fold on the case page that fetches it (htmx), or on the participants page."""
    case = selectors.changeable_case(user=request.user, case_id=pk, request=request)
    if request.method != "POST":
        if is_htmx(request):
            return _add_form_response(request, case)
        if not lifecycle.accepts_changes(case):
            return _closed_redirect(request, case)
        return _participants_response(request, case, add_form=ParticipantAddForm(case=case))
    form = ParticipantAddForm(request.POST, case=case)
    if not form.is_valid():
        return _participants_response(request, case, add_form=form)
    organisation = form.cleaned_data["organisation"]
    _result, refusal = call_service(lambda: services.participant_add(
        actor=request.user, case=case, organisation=organisation, until=form.cleaned_data["until"],
        expected_version=form.cleaned_data["version"], request=request,
    ))
    if refusal is not None:
        if refusal.conflict:
            form = form.refreshed(_current(case))
        form.add_error(None, refusal.message)
        return _participants_response(request, case, add_form=form, status=refusal_status(request, refusal))
    message = _("%(organisation)s neemt nu deel aan de casus.") % {"organisation": organisation}
    if is_htmx(request):
        return _participants_response(request, case, message=message)
    messages.success(request, message)
    return redirect(_detail_url(case) + "#participants")


@require_POST
def participant_remove(request, pk: int):
    case = selectors.changeable_case(user=request.user, case_id=pk, request=request)
    form = ParticipantRemoveForm(request.POST, case=case)
    if not form.is_valid():
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return _participants_response(request, case, error=error)
    organisation = form.cleaned_data["organisation"]
    _result, refusal = call_service(lambda: services.participant_remove(
        actor=request.user, case=case, organisation=organisation, expected_version=form.cleaned_data["version"],
        request=request,
    ))
    if refusal is not None:
        error = refusal.message
        if refusal.conflict:
            error += " " + _("U wilde de deelname van %(organisation)s beëindigen.") % {"organisation": organisation}
        return _participants_response(request, case, error=error, status=refusal_status(request, refusal))
    message = _("De deelname van %(organisation)s is beëindigd.") % {"organisation": organisation}
    if is_htmx(request):
        return _participants_response(request, case, message=message)
    messages.success(request, message)
    return redirect(_detail_url(case) + "#participants")


def _after_refusal(case, form, refusal):
    """The case and form to show again: after a conflict, the case as it is now and the form with its version
    (keeping what was typed); the refusal's message on the form."""
    if refusal.conflict:
        case = _current(case)
        form = form.refreshed(case)
    form.add_error(None, refusal.message)
    return case, form


def _closed_redirect(request, case):
    messages.info(request, _("Deze casus is al afgesloten."))
    return redirect(_detail_url(case))


@require_http_methods(["GET", "HEAD", "POST"])
def case_close(request, pk: int):
    case = selectors.changeable_case(user=request.user, case_id=pk, request=request)
    if request.method != "POST" and not lifecycle.accepts_changes(case):
        return _closed_redirect(request, case)
    # What is still open is listed (and must be confirmed) before the user submits, not after.
    form = CloseForm(request.POST if request.method == "POST" else None, case=case,
                     open_items=open_work.open_items(case))
    refusal = None
    if form.is_bound and form.is_valid():
        _result, refusal = call_service(lambda: services.case_close(
            actor=request.user, case=case, end_date=form.cleaned_data["end_date"], reason=form.cleaned_data["reason"],
            confirm_open_work=form.cleaned_data["confirm_open_work"], expected_version=form.cleaned_data["version"],
            request=request,
        ))
        if refusal is None:
            messages.success(request, _("De casus is afgesloten."))
            return redirect(_detail_url(case))
        case, form = _after_refusal(case, form, refusal)
        if isinstance(refusal.error, services.OpenWorkLeft):  # opened while the form was open: list it now
            form.open_items = list(refusal.error.items)
    selectors.log_case_read(user=request.user, case=case, request=request)
    return render(request, "casework/case_close.html", {
        "case": case, "form": form, "reopen_days": settings.CASE_REOPEN_DAYS,
    }, status=refusal_status(request, refusal))


@require_http_methods(["GET", "HEAD", "POST"])
def case_transfer(request, pk: int):
    case = selectors.changeable_case(user=request.user, case_id=pk, request=request)
    if request.method != "POST" and not lifecycle.accepts_changes(case):
        return _closed_redirect(request, case)
    form = TransferForm(request.POST if request.method == "POST" else None, case=case)
    refusal = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        continuation, refusal = call_service(lambda: services.case_transfer(
            actor=request.user, case=case, to_approach=data["to_approach"], transfer_date=data["transfer_date"],
            table=data["table"], procesregisseur=data["procesregisseur"], expected_version=data["version"],
            request=request,
        ))
        if refusal is None:
            messages.success(request, _("De casus is overgedragen naar %(approach)s.") % {
                "approach": data["to_approach"]})
            target = continuation if can(request.user, VIEW, continuation) else case
            return redirect(_detail_url(target))
        case, form = _after_refusal(case, form, refusal)
    selectors.log_case_read(user=request.user, case=case, request=request)
    return render(request, "casework/case_transfer.html", {"case": case, "form": form},
                  status=refusal_status(request, refusal))


@require_http_methods(["GET", "HEAD", "POST"])
def case_regisseur(request, pk: int):
    """Appoint another procesregisseur: the form alone for the fold on the case page that fetches it (htmx), or on
    a page of its own (without JavaScript, and again after an error)."""
    case = selectors.changeable_case(user=request.user, case_id=pk, request=request)
    fetched = is_htmx(request) and request.method != "POST"
    if request.method != "POST" and not lifecycle.accepts_changes(case):
        if fetched:  # closed after the case page was opened
            return render(request, "casework/_closed_note.html", {"case": case})
        return _closed_redirect(request, case)
    form = RegisseurForm(request.POST if request.method == "POST" else None, case=case)
    if fetched:
        selectors.log_case_read(user=request.user, case=case, request=request)
        return render(request, "casework/_regisseur_form.html", {"case": case, "form": form})
    refusal = None
    if form.is_bound and form.is_valid():
        regisseur = form.cleaned_data["procesregisseur"]
        _result, refusal = call_service(lambda: services.case_regisseur_set(
            actor=request.user, case=case, procesregisseur=regisseur, expected_version=form.cleaned_data["version"],
            request=request,
        ))
        if refusal is None:
            messages.success(request, _("%(user)s is nu de procesregisseur van deze casus.") % {
                "user": regisseur.get_full_name() or regisseur.get_username()})
            return redirect(_detail_url(case) + "#trajectory-heading")
        case, form = _after_refusal(case, form, refusal)
    selectors.log_case_read(user=request.user, case=case, request=request)
    return render(request, "casework/case_regisseur.html", {"case": case, "form": form},
                  status=refusal_status(request, refusal))


@require_http_methods(["GET", "HEAD", "POST"])
def case_reopen(request, pk: int):
    """Reopen a closed case with a reason, for who may (`can(user, REOPEN, case)`) while the lifecycle allows it."""
    case = selectors.reopenable_case(user=request.user, case_id=pk, request=request)
    refusal_text = lifecycle.reopen_refusal(case)
    if request.method != "POST" and refusal_text:
        messages.info(request, refusal_text)
        return redirect(_detail_url(case))
    form = ReopenForm(request.POST if request.method == "POST" else None, case=case)
    refusal = None
    if form.is_bound and form.is_valid():
        _result, refusal = call_service(lambda: services.case_reopen(
            actor=request.user, case=case, reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"], request=request,
        ))
        if refusal is None:
            messages.success(request, _("De casus is heropend; het traject loopt door."))
            return redirect(_detail_url(case))
        case, form = _after_refusal(case, form, refusal)
    selectors.log_case_read(user=request.user, case=case, request=request)
    return render(request, "casework/case_reopen.html", {
        "case": case, "form": form, "reopen_days": settings.CASE_REOPEN_DAYS,
    }, status=refusal_status(request, refusal))
