"""Screens of tables and meetings. Thin: fetch through a scoped selector, bind a form, call one service, render.

Inline edits use htmx: a request with `HX-Request` gets a fragment (a form, one agenda item, the agenda);
without JavaScript the same URLs serve whole pages and redirect after a successful POST. Bad input answers
200 with the form and its errors; out of scope answers 404.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from procesregie.access.capabilities import ADMINISTER_TABLES, may
from procesregie.core.service_calls import call_service, is_htmx

from . import candidates, selectors, services
from .forms import AgendaAddForm, DecisionForm, DiscussionForm, MeetingForm, PrepareForm, TableForm
from .summary import case_summary as read_case_summary
from .summary_pdf import summary_pdf

get_or_post = require_http_methods(["GET", "HEAD", "POST"])


def _meeting_url(meeting, number: int | None = None) -> str:
    url = reverse("meetings:meeting-detail", args=[meeting.pk])
    return f"{url}#agendapunt-{number}" if number else url


def _call(form, service, **kwargs):
    """Run a service for a valid form: its result, or None with the refusal on the form (out of scope: 404)."""
    result, _refusal = call_service(lambda: service(**kwargs), form=form)
    return result


# Tables ----------------------------------------------------------------------------------------------------------

@require_safe
def table_list(request):
    tables = selectors.table_list(user=request.user)
    return render(request, "meetings/table_list.html", {"tables": tables, "can_edit": may(request.user, ADMINISTER_TABLES)})


@require_safe
def table_detail(request, pk: int):
    page = selectors.table_page(user=request.user, table_id=pk, request=request)
    return render(request, "meetings/table_detail.html", {"page": page, "table": page.table})


@get_or_post
def table_edit(request, pk: int):
    table = selectors.table_for_admin(user=request.user, table_id=pk, request=request)
    if request.method == "POST":
        form = TableForm(request.POST)
        if form.is_valid() and _call(
            form, services.table_update, actor=request.user, table=table, request=request, **form.cleaned_data
        ):
            messages.success(request, _("De overlegtafel is opgeslagen."))
            return redirect("meetings:table-detail", table.pk)
    else:
        form = TableForm(initial={"cadence": table.cadence, "members": list(table.members.all())})
    return render(request, "meetings/table_form.html", {"table": table, "form": form})


# Meetings --------------------------------------------------------------------------------------------------------

@get_or_post
def meeting_schedule(request, pk: int):
    table = selectors.table_for_scheduling(user=request.user, table_id=pk, request=request)
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        meeting = _call(
            form, services.meeting_schedule, actor=request.user, table=table, request=request, **form.cleaned_data
        )
        if meeting:
            messages.success(request, _("Het overleg is gepland. Stel nu de agenda op."))
            return redirect("meetings:meeting-detail", meeting.pk)
    return render(request, "meetings/meeting_form.html", {"table": table, "meeting": None, "form": form})


@require_safe
def meeting_detail(request, pk: int):
    page = selectors.meeting_page(user=request.user, meeting_id=pk, request=request)
    # ?terug=N: back from agenda item N's form without saving (htmx selects that item): its heading takes the focus.
    back_to = request.GET.get("terug", "")
    return render(request, "meetings/meeting_detail.html", {
        "page": page, "meeting": page.meeting, "back_to": int(back_to) if back_to.isascii() and back_to.isdigit() else None,
    })


@get_or_post
def meeting_edit(request, pk: int):
    meeting = selectors.meeting_for_regie(user=request.user, meeting_id=pk, request=request)
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid() and _call(
            form, services.meeting_update, actor=request.user, meeting=meeting, request=request, **form.cleaned_data
        ):
            messages.success(request, _("Het overleg is opgeslagen."))
            return redirect("meetings:meeting-detail", meeting.pk)
    else:
        form = MeetingForm(initial={"date": meeting.date, "starts_at": meeting.starts_at, "location": meeting.location})
    return render(request, "meetings/meeting_form.html", {"table": meeting.table, "meeting": meeting, "form": form})


# The agenda ------------------------------------------------------------------------------------------------------

def _agenda_response(request, meeting, *, error: str = "", message: str = "", moved: dict | None = None):
    """After an agenda change: the agenda fragment (htmx) or the meeting page (a redirect).

    In the fragment the message takes the focus (the button that was pressed is gone), except after a move:
    then the moved item's button keeps it (`moved`: the item's pk and the direction; see _agenda_item.html)."""
    if is_htmx(request):
        page = selectors.meeting_page(user=request.user, meeting_id=meeting.pk, request=request)
        return render(request, "meetings/_agenda.html", {
            "page": page, "meeting": page.meeting, "agenda_error": error, "agenda_message": message,
            "moved": moved or {},
        })
    if error:
        messages.error(request, error)
    elif message:
        messages.success(request, message)
    return redirect(_meeting_url(meeting) + "#agenda")


@get_or_post
def agenda_add(request, pk: int):
    meeting = selectors.meeting_for_regie(user=request.user, meeting_id=pk, request=request)
    cases = selectors.agenda_candidates(user=request.user, meeting=meeting, request=request)
    form = AgendaAddForm(request.POST if request.method == "POST" else None, cases=cases)
    if request.method == "POST" and form.is_valid():
        item = _call(
            form, services.agenda_item_add, actor=request.user, meeting=meeting, case=form.cleaned_data["case"],
            request=request,
        )
        if item:
            return _agenda_response(request, meeting, message=_("De casus staat op de agenda."))
    if not is_htmx(request):
        return render(request, "meetings/agenda_add.html", {"meeting": meeting, "form": form, "cases": cases})
    response = render(request, "meetings/_agenda_add_form.html", {"meeting": meeting, "form": form, "cases": cases})
    if request.method == "POST":  # the form posts to the agenda; its errors belong in the form's place
        response["HX-Retarget"] = "#agenda-toevoegen"
        response["HX-Reswap"] = "innerHTML"
    return response


def _posted_item(request, pk: int, item: int):
    meeting = selectors.meeting_for_regie(user=request.user, meeting_id=pk, request=request)
    return meeting, selectors.agenda_item_for_change(user=request.user, meeting=meeting, item_id=item, request=request)


@require_POST
def agenda_move(request, pk: int, item: int):
    meeting, agenda_item = _posted_item(request, pk, item)
    _result, refusal = call_service(lambda: services.agenda_item_move(
        actor=request.user, item=agenda_item, direction=request.POST.get("direction", ""), request=request
    ))
    if refusal is not None:
        return _agenda_response(request, meeting, error=refusal.message)
    return _agenda_response(request, meeting, moved={"pk": agenda_item.pk, "direction": request.POST.get("direction", "")})


@require_POST
def agenda_remove(request, pk: int, item: int):
    meeting, agenda_item = _posted_item(request, pk, item)
    _result, refusal = call_service(lambda: services.agenda_item_remove(actor=request.user, item=agenda_item, request=request))
    if refusal is not None:
        return _agenda_response(request, meeting, error=refusal.message)
    return _agenda_response(request, meeting, message=_("Het agendapunt is van de agenda gehaald."))


@require_POST
def agenda_invite(request, pk: int, item: int):
    """Invite an incidental participant of the case for this agenda item only (access.shielding); back to the item."""
    meeting, agenda_item = _posted_item(request, pk, item)
    organisation = candidates.participating_organisation(agenda_item.case, request.POST.get("organisation"))
    _result, refusal = call_service(lambda: services.agenda_item_invite(
        actor=request.user, item=agenda_item, organisation=organisation, request=request
    ))
    if refusal is not None:
        return _item_saved(request, meeting, agenda_item, refusal.message, ok=False)
    return _item_saved(request, meeting, agenda_item, _("%(organisation)s is uitgenodigd voor dit agendapunt.") % {
        "organisation": organisation})


# Discussions and decisions ---------------------------------------------------------------------------------------

def _item_saved(request, meeting, agenda_item, message: str, ok: bool = True):
    """After saving per-case content: the agenda item (htmx) or back to it on the meeting page."""
    if is_htmx(request):
        row = selectors.agenda_row(user=request.user, meeting=meeting, item_id=agenda_item.pk, request=request)
        page = selectors.MeetingPage(meeting=meeting, rows=[row], can_edit=True, held=selectors.is_held(meeting))
        return render(request, "meetings/_agenda_item.html",
                       {"row": row, "page": page, "meeting": meeting, "item_message": message, "item_ok": ok})
    (messages.success if ok else messages.info)(request, message)
    return redirect(_meeting_url(meeting, selectors.agenda_number(agenda_item)))


def _item_form(request, template: str, meeting, agenda_item, form, **extra):
    context = {"meeting": meeting, "item": agenda_item, "number": selectors.agenda_number(agenda_item), "form": form,
               **extra}
    name = f"meetings/_{template}.html" if is_htmx(request) else f"meetings/{template}.html"
    return render(request, name, context)


@get_or_post
def agenda_prepare(request, pk: int, item: int):
    """Before the meeting: the draft notes of an agenda item (only who directs the meeting sees them)."""
    meeting = selectors.meeting_for_regie(user=request.user, meeting_id=pk, request=request)
    agenda_item = selectors.agenda_item_for_change(user=request.user, meeting=meeting, item_id=item, request=request)
    prefix = f"voorbereiding-{agenda_item.pk}"
    fingerprint = services.draft_fingerprint(agenda_item.prepared_notes)
    if request.method != "POST":
        form = PrepareForm(initial={"notes": agenda_item.prepared_notes, "opened_with": fingerprint}, prefix=prefix)
        return _item_form(request, "prepare_form", meeting, agenda_item, form)
    form = PrepareForm(request.POST, prefix=prefix)
    stored = None
    if form.is_valid():
        _result, refusal = call_service(lambda: services.agenda_item_prepare(
            actor=request.user, item=agenda_item, request=request, **form.cleaned_data
        ), form=form)
        if refusal is None:
            return _item_saved(request, meeting, agenda_item, _("De voorbereiding is opgeslagen."))
        if refusal.conflict:  # keep the input; from now on the form carries the stored draft, saving again overwrites it
            stored = agenda_item.prepared_notes
            data = request.POST.copy()
            data[f"{prefix}-opened_with"] = fingerprint
            form = PrepareForm(data, prefix=prefix)
            form.is_valid()
            form.add_error(None, refusal.message)
    return _item_form(request, "prepare_form", meeting, agenda_item, form, stored_draft=stored)


def _not_yet(request, meeting, agenda_item):
    """A form for what can only be recorded from the meeting's date on, asked for before it: not offered. The item
    (htmx) or the meeting page says so and offers what can be done now."""
    return _item_saved(request, meeting, agenda_item, _(
        "Dit overleg heeft nog niet plaatsgevonden. Bespreking en besluiten legt u vast vanaf de dag van het overleg; "
        "tot dan kunt u de bespreking voorbereiden."
    ), ok=False)


@get_or_post
def discussion_edit(request, pk: int, item: int):
    meeting = selectors.meeting_for_regie(user=request.user, meeting_id=pk, request=request)
    agenda_item = selectors.agenda_item_for_change(user=request.user, meeting=meeting, item_id=item, request=request)
    if request.method != "POST" and not selectors.is_held(meeting):
        return _not_yet(request, meeting, agenda_item)
    discussion = selectors.discussion_of(agenda_item)
    organisations = candidates.attendance_organisations(table=meeting.table, case=agenda_item.case)
    prefix = f"bespreking-{agenda_item.pk}"
    if request.method != "POST":
        initial = {"version": 0, "notes": agenda_item.prepared_notes}  # confirming starts from the draft
        if discussion:
            initial = {
                "version": discussion.version, "client_present": discussion.client_present,
                "expert_present": discussion.expert_present, "notes": discussion.notes,
                "public_only": discussion.public_only,
                "organisations_present": list(discussion.organisations_present.all()),
            }
        form = DiscussionForm(initial=initial, organisations=organisations, prefix=prefix)
        return _item_form(request, "discussion_form", meeting, agenda_item, form, discussion=discussion)

    form = DiscussionForm(request.POST, organisations=organisations, prefix=prefix)
    stored = None
    if form.is_valid():
        _result, refusal = call_service(lambda: services.discussion_record(
            actor=request.user, item=agenda_item, request=request, **form.cleaned_data
        ))
        if refusal is None:
            return _item_saved(request, meeting, agenda_item, _("De bespreking is opgeslagen."))
        if refusal.conflict:
            # Keep the user's input; the form now carries the stored version, so saving again is a deliberate overwrite.
            stored = selectors.discussion_of(agenda_item)
            data = request.POST.copy()
            data[f"{prefix}-version"] = str(stored.version if stored else 0)
            form = DiscussionForm(data, organisations=organisations, prefix=prefix)
            form.is_valid()
        form.add_error(None, refusal.message)
    return _item_form(request, "discussion_form", meeting, agenda_item, form, discussion=discussion, stored=stored)


@get_or_post
def decision_add(request, pk: int, item: int):
    meeting = selectors.meeting_for_regie(user=request.user, meeting_id=pk, request=request)
    agenda_item = selectors.agenda_item_for_change(user=request.user, meeting=meeting, item_id=item, request=request)
    if request.method != "POST" and not selectors.is_held(meeting):
        return _not_yet(request, meeting, agenda_item)
    organisations = candidates.decision_owners(table=meeting.table, case=agenda_item.case, actor=request.user)
    prefix = f"besluit-{agenda_item.pk}"
    form = DecisionForm(
        request.POST if request.method == "POST" else None, prefix=prefix, organisations=organisations,
        persons=candidates.owner_persons(organisations), goals=selectors.goals_of(agenda_item.case),
        initial={"owner": request.user.organisation_id},
    )
    if request.method == "POST" and form.is_valid():
        decision = _call(
            form, services.decision_add, actor=request.user, item=agenda_item, request=request, **form.cleaned_data
        )
        if decision:
            return _item_saved(request, meeting, agenda_item, _("Het besluit is vastgelegd."))
    return _item_form(request, "decision_form", meeting, agenda_item, form)


# The case summary ------------------------------------------------------------------------------------------------

@require_safe
def case_summary(request, pk: int, item: int):
    summary = read_case_summary(user=request.user, meeting_id=pk, item_id=item, request=request)
    return render(request, "meetings/case_summary.html", {"summary": summary, "case": summary.case,
                                                           "meeting": summary.meeting})


@require_safe
def case_summary_pdf(request, pk: int, item: int):
    summary = read_case_summary(user=request.user, meeting_id=pk, item_id=item, request=request)
    response = HttpResponse(summary_pdf(summary), content_type="application/pdf")
    filename = f"casusoverzicht-{summary.case.registration.ref}-{summary.meeting.date:%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
