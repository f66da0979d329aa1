"""The signal pages: the list (with the signals waiting and the follow-ups due) and its count in the menu, one signal,
a partner's report, the procesregisseur's advice consultation, handling a signal, marking its follow-up done and
turning it into a registration. Thin: bind a form, read through a scoped selector, call one service.

Out of scope answers 404 (a signal of another approach or organisation, a page for a role that has none of this).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from procesregie.access.capabilities import (
    HANDLE_SIGNALS,
    RECORD_CONSULTATION,
    REGISTER,
    REPORT_SIGNAL,
    SEE_SIGNALS,
    may,
)
from procesregie.access.rules import VIEW, can
from procesregie.casework.forms import MemberFormSet
from procesregie.core.service_calls import call_service

from . import selectors, services
from .forms import (
    AnonymousReportForm,
    ConsultationForm,
    ConvertForm,
    HandleForm,
    PersonReportForm,
    SignalFilterForm,
    SystemReportForm,
)

GET_OR_POST = ["GET", "HEAD", "POST"]


def _require(request, capability: str) -> None:
    if not may(request.user, capability):
        raise Http404


@require_safe
def signal_list(request):
    _require(request, SEE_SIGNALS)
    user = request.user
    form = SignalFilterForm(request.GET, approaches=selectors.filter_approaches(user=user))
    overview = selectors.signal_overview(user=user, request=request, page_number=request.GET.get("page"),
                                         filters=form.filters())
    return render(request, "signals/signal_list.html", {
        "form": form, "page": overview.page, "waiting": overview.waiting, "follow_ups": overview.follow_ups,
        "handles": may(user, HANDLE_SIGNALS), "may_report": may(user, REPORT_SIGNAL),
        "may_consult": may(user, RECORD_CONSULTATION),
    })


@require_safe
def signal_count(request):
    """Beside "Meldingen" in the menu (loaded by htmx after the page): the signals waiting for the user and the
    follow-ups due. Nothing for who handles no signals (a ketenpartner)."""
    _require(request, SEE_SIGNALS)
    return render(request, "signals/_count.html", {"work": selectors.signal_work(user=request.user)})


@require_safe
def signal_detail(request, pk: int):
    signal = selectors.signal_detail(user=request.user, signal_id=pk, request=request)
    handles = signal.full_view  # a procesregisseur of its approach; a reporting partner sees what they reported
    return render(request, "signals/signal_detail.html", {
        "signal": signal,
        "full_view": handles,
        "members": _members(signal, stored=signal.subject_visible),
        "registration_visible": bool(signal.registration_id and can(request.user, VIEW, signal.registration)),
        "may_handle": handles and not signal.registration_id,
        "may_convert": handles and not signal.registration_id and not signal.is_anonymous,
    })


def _members(signal, *, stored: bool) -> list[dict]:
    """A system's members: as stored when the user may see the system anyway (`stored`), else as reported."""
    if not signal.system_id:
        return []
    if not stored:
        return signal.reported_members
    return [{"name": str(membership.person), "role": membership.role} for membership in signal.system.memberships.all()]


# --- a partner's report --------------------------------------------------------------------------------------------


def _reporter_initial(request) -> dict:
    """The user who reports is the first guess for the professional."""
    return {"reporter_name": request.user.get_full_name(), "reporter_email": request.user.email}


def _report(request, form, **subject):
    """Call the service; the signal, or None when the form must be shown again (its errors on it)."""
    data = form.cleaned_data
    signal, _refusal = call_service(lambda: services.signal_report(
        actor=request.user, kind=data["kind"], approach=data["approach"], municipality=data["municipality"],
        question=data["question"], reporter=form.reporter(), request=request, **subject,
    ), form=form)
    return signal


def _reported(request, signal):
    messages.success(request, _("Uw melding is verzonden. Een procesregisseur van de aanpak neemt haar in behandeling."))
    if can(request.user, VIEW, signal):
        return redirect("signals:detail", signal.pk)
    return redirect("signals:list")


@require_http_methods(GET_OR_POST)
def signal_report_person(request):
    _require(request, REGISTER)
    form = PersonReportForm(request.POST if request.method == "POST" else None, initial=_reporter_initial(request))
    if form.is_bound and form.is_valid():
        signal = _report(request, form, person=form.person_details())
        if signal is not None:
            return _reported(request, signal)
    return render(request, "signals/report_person.html", {"form": form})


@require_http_methods(GET_OR_POST)
def signal_report_system(request):
    _require(request, REGISTER)
    data = request.POST if request.method == "POST" else None
    form, members = SystemReportForm(data, initial=_reporter_initial(request)), MemberFormSet(data, prefix="lid")
    if form.is_bound and form.is_valid() and members.is_valid():
        signal = _report(request, form, system=form.system_details(members))
        if signal is not None:
            return _reported(request, signal)
    rows = [(index + 1, member, False) for index, member in enumerate(members.forms)]  # a signal never says "known"
    return render(request, "signals/report_system.html", {"form": form, "members": members, "member_rows": rows})


@require_http_methods(GET_OR_POST)
def signal_report_anonymous(request):
    _require(request, REGISTER)
    form = AnonymousReportForm(request.POST if request.method == "POST" else None, initial=_reporter_initial(request))
    if form.is_bound and form.is_valid():
        signal = _report(request, form)
        if signal is not None:
            return _reported(request, signal)
    return render(request, "signals/report_anonymous.html", {"form": form})


# --- the procesregisseur's work ------------------------------------------------------------------------------------


@require_http_methods(GET_OR_POST)
def signal_consultation(request):
    _require(request, RECORD_CONSULTATION)
    form = ConsultationForm(request.POST if request.method == "POST" else None,
                            approaches=selectors.consultation_approaches(user=request.user))
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        signal, _refusal = call_service(lambda: services.signal_consultation_record(
            actor=request.user, approach=data["approach"], reported_by=data["reported_by"], question=data["question"],
            advice=data["advice"], outcome=data["outcome"], kind=data["kind"], date=data["date"],
            reporter=form.reporter(), municipality=data["municipality"], follow_up_on=data["follow_up_on"],
            person=form.person_details() if form.about_a_person() else None, request=request,
        ), form=form)
        if signal is not None:
            messages.success(request, _("Het gesprek is vastgelegd."))
            return redirect("signals:detail", signal.pk)
    return render(request, "signals/consultation.html", {"form": form})


@require_http_methods(GET_OR_POST)
def signal_handle(request, pk: int):
    posted = request.method == "POST"
    signal = selectors.signal_for_handling(user=request.user, signal_id=pk, request=request, log_read=not posted)
    initial = {"advice": signal.advice, "outcome": signal.outcome or None, "follow_up_on": signal.follow_up_on}
    form = HandleForm(request.POST if request.method == "POST" else None, initial=initial,
                      anonymous=signal.is_anonymous)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        handled, _refusal = call_service(lambda: services.signal_handle(
            actor=request.user, signal=signal, advice=data["advice"], outcome=data["outcome"],
            follow_up_on=data["follow_up_on"], request=request,
        ), form=form)
        if handled is not None:
            messages.success(request, _("De afhandeling is opgeslagen."))
            return redirect("signals:detail", signal.pk)
    if posted:  # shown again with its errors: now it is read
        selectors.log_signal_read(user=request.user, signal=signal, request=request)
    return render(request, "signals/handle.html", {"signal": signal, "form": form})


FOLLOW_UP_DONE_RETURNS = {"list": "signals:list"}  # where the button was; otherwise the signal's page


@require_POST
def signal_follow_up_done(request, pk: int):
    """"Opgevolgd" on the signal's page or in the follow-ups due: the follow-up date cleared. Back to where the button
    was, with what happened (a refusal as an error message)."""
    signal = selectors.signal_for_handling(user=request.user, signal_id=pk, request=request, log_read=False)
    done, refusal = call_service(lambda: services.signal_follow_up_done(actor=request.user, signal=signal,
                                                                        request=request))
    if refusal is not None:
        messages.error(request, refusal.message)
        return redirect("signals:detail", signal.pk)
    messages.success(request, _("%(ref)s is opgevolgd.") % {"ref": done.ref})
    back = FOLLOW_UP_DONE_RETURNS.get(request.POST.get("terug", ""))
    return redirect(back) if back else redirect("signals:detail", signal.pk)


@require_http_methods(GET_OR_POST)
def signal_convert(request, pk: int):
    posted = request.method == "POST"
    signal = selectors.signal_for_handling(user=request.user, signal_id=pk, request=request, log_read=not posted)
    form = ConvertForm(request.POST if request.method == "POST" else None,
                       initial={"municipality": signal.municipality_id})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        registration, _refusal = call_service(lambda: services.signal_convert(
            actor=request.user, signal=signal, municipality=data["municipality"], urgency=data["urgency"],
            request=request,
        ), form=form)
        if registration is not None:
            messages.success(request, _("Van de melding is een aanmelding gemaakt. Zij wacht nu op de triage."))
            return redirect("casework:registration-detail", registration.pk)
    if posted:  # shown again with its errors: now it is read
        selectors.log_signal_read(user=request.user, signal=signal, request=request)
    return render(request, "signals/convert.html", {"signal": signal, "form": form})
