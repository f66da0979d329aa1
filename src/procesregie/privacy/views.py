"""The privacy officer's pages: find a data subject, their page (rights requests, the inzage document in one
step), see (or download) who accessed their data."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from procesregie.access.capabilities import ANSWER_SUBJECT_RIGHTS, REVIEW_ACCESS_LOG, may
from procesregie.audit.models import AccessLogEntry, Action
from procesregie.core.service_calls import call_service
from procesregie.subjects.models import Person, RightsRequest, RightsRequestKind

from . import inzage_rendering, selectors, services
from .forms import InzageForm, RestrictionEndForm, RightsRequestForm

CSV_COLUMNS = [
    "sequence", "occurred_at", "actor_username", "actor_organisation", "actor_roles", "action", "object_type",
    "object_id", "purpose_case_id", "purpose_approach", "ip", "request_id", "outcome",
]


def _refused(request, action: str = Action.READ, obj=RightsRequest) -> Http404:
    """Log a refused request as denied (no subject, no personal data: `selectors.record_refusal`); raise the 404."""
    selectors.record_refusal(user=request.user, action=action, obj=obj, request=request)
    return Http404()


def _officer_only(request, action: str = Action.READ, obj=Person) -> None:
    if not may(request.user, REVIEW_ACCESS_LOG):
        raise _refused(request, action, obj)


@require_safe
def subject_search(request):
    _officer_only(request)
    query = request.GET.get("q", "")[:200]
    results = selectors.find_subjects(user=request.user, query=query, request=request) if query else []
    return render(request, "privacy/subject_search.html", {"query": query, "results": results})


@require_safe
def subject_log(request, subject_key):
    export = request.GET.get("format") == "csv"
    action = Action.EXPORT if export else Action.READ
    _officer_only(request, action, AccessLogEntry)
    subject = selectors.subject_by_key(user=request.user, subject_key=subject_key)
    if subject is None:
        raise _refused(request, action, AccessLogEntry)
    entries = selectors.access_history(user=request.user, subject=subject, request=request, export=export)
    if export:
        return _csv_response(subject, entries)
    return render(request, "privacy/subject_log.html", {"subject": subject, "entries": entries})


def _csv_response(subject, entries) -> HttpResponse:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="toegangslog-{subject.subject_key}-{stamp}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        writer.writerow([getattr(entry, column) for column in CSV_COLUMNS])
    return response


# --- the subject page and the data subject's rights (docs/decisions/0019) ---------------------------------------


def _subject(request, subject_key, capability=REVIEW_ACCESS_LOG, action: str = Action.READ):
    """The subject of `subject_key` for the privacy officer (`capability`); else 404, logged as a denied `action`."""
    if not may(request.user, capability):
        raise _refused(request, action)
    subject = selectors.subject_by_key(user=request.user, subject_key=subject_key, capability=capability)
    if subject is None:
        raise _refused(request, action)
    return subject


def _subject_page(request, subject, *, inzage_form=None, request_form=None, end_form=None, end_pk=None):
    rights_requests = selectors.subject_page(user=request.user, subject=subject, request=request)
    for item in rights_requests:  # a form of its own (field ids) for every restriction in force
        if item.kind == RightsRequestKind.BEPERKING and item.ended_on is None:
            item.end_form = end_form if item.pk == end_pk else RestrictionEndForm(prefix=f"einde-{item.pk}")
            item.end_summary_id = f"einde-{item.pk}-errors"
    made_today = selectors.inzage_made_today(rights_requests)
    restrictions = [item for item in rights_requests
                    if item.kind == RightsRequestKind.BEPERKING and item.ended_on is None]
    return render(request, "privacy/subject_page.html", {
        "subject": subject,
        "rights_requests": rights_requests,
        "restrictions": restrictions,
        "retention": selectors.subject_retention(subject),
        "may_answer": may(request.user, ANSWER_SUBJECT_RIGHTS),
        "inzage_made_today": made_today,
        "inzage_form": inzage_form or InzageForm(made_today=made_today),
        "request_form": request_form or RightsRequestForm(),
    })


@require_safe
def subject_detail(request, subject_key):
    return _subject_page(request, _subject(request, subject_key))


@require_POST
def inzage_create(request, subject_key):
    """One step: record the inzage request and show its document (preview, with the PDF and JSON downloads)."""
    subject = _subject(request, subject_key, ANSWER_SUBJECT_RIGHTS, Action.CREATE)
    # One made today already: not a second request by a second click, unless the officer ticks "toch een nieuw".
    made_today = selectors.inzage_made_today(selectors.rights_requests_of(subject))
    form = InzageForm(request.POST, made_today=made_today)
    if form.is_valid():
        inzage, _refusal = call_service(lambda: services.inzage_record(
            actor=request.user, subject=subject, received_on=form.cleaned_data["received_on"], request=request),
            form=form)
        if inzage is not None:
            return redirect("privacy:inzage-document", subject_key=subject.subject_key, pk=inzage.pk)
    return _subject_page(request, subject, inzage_form=form)


@require_safe
def inzage_document(request, subject_key, pk):
    """The document of an inzage request: HTML preview, `?format=pdf` or `?format=json`; each is an export, logged."""
    subject = _subject(request, subject_key, ANSWER_SUBJECT_RIGHTS, Action.EXPORT)
    inzage = selectors.rights_request_of(user=request.user, subject=subject, pk=pk, kind=RightsRequestKind.INZAGE)
    if inzage is None:
        raise _refused(request, Action.EXPORT)
    output = request.GET.get("format", "")
    if output not in ("", "pdf", "json"):
        raise _refused(request, Action.EXPORT)
    document = selectors.inzage_for(user=request.user, subject=subject, inzage=inzage, request=request)
    filename = f"inzage-{subject.ref}-{timezone.localtime():%Y%m%d-%H%M}"
    if output == "json":
        response = HttpResponse(inzage_rendering.render_json(document), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response
    if output == "pdf":
        response = HttpResponse(inzage_rendering.render_pdf(document), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
        return response
    return render(request, "privacy/inzage_preview.html", {
        "subject": subject, "inzage": inzage, **inzage_rendering.document_context(document)})


@require_POST
def rights_request_create(request, subject_key):
    subject = _subject(request, subject_key, ANSWER_SUBJECT_RIGHTS, Action.CREATE)
    form = RightsRequestForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        recorded, _refusal = call_service(lambda: services.rights_request_record(
            actor=request.user, subject=subject, kind=data["kind"], received_on=data["received_on"],
            description=data["description"], request=request), form=form)
        if recorded is not None:
            return redirect(reverse("privacy:subject-detail", args=[subject.subject_key]) + "#verzoeken")
    return _subject_page(request, subject, request_form=form)


@require_POST
def restriction_end(request, subject_key, pk):
    subject = _subject(request, subject_key, ANSWER_SUBJECT_RIGHTS, Action.UPDATE)
    restriction = selectors.rights_request_of(user=request.user, subject=subject, pk=pk,
                                              kind=RightsRequestKind.BEPERKING)
    if restriction is None:
        raise _refused(request, Action.UPDATE)
    form = RestrictionEndForm(request.POST, prefix=f"einde-{restriction.pk}")
    if form.is_valid():
        ended, _refusal = call_service(lambda: services.restriction_end(
            actor=request.user, rights_request=restriction, ended_on=form.cleaned_data["ended_on"], request=request),
            form=form)
        if ended is not None:
            return redirect(reverse("privacy:subject-detail", args=[subject.subject_key]) + "#verzoeken")
    return _subject_page(request, subject, end_form=form, end_pk=restriction.pk)
