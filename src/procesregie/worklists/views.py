"""The start page of daily work and the search over visible cases. Thin: select through the access rule, render."""

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from procesregie.access.capabilities import REGISTER, SEE_CASES, may
from procesregie.casework import selectors as casework_selectors
from procesregie.casework.views import CaseFilterForm

from . import case_export as export_files
from . import selectors
from .privacy_work import privacy_work


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Zoek een casus"), required=False, max_length=200,
        help_text=_("Naam, geboortedatum (12-03-1994), BSN of referentie; ten minste 2 tekens."),
        widget=forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input", "type": "search",
                                      "autocomplete": "off", "spellcheck": "false"}),
    )

    def query(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""


@require_safe
def home(request):
    work = selectors.work_list(user=request.user, request=request)
    return render(request, "worklists/home.html", {
        "work": work, "search_form": SearchForm(), "may_register": may(request.user, REGISTER),
        "privacy": privacy_work(user=request.user, request=request),
    })


@require_safe
def search(request):
    if not may(request.user, SEE_CASES):
        raise Http404
    form = SearchForm(request.GET)
    result = selectors.search_cases(user=request.user, request=request, query=form.query()) if "q" in request.GET else None
    return render(request, "worklists/search.html", {
        "search_form": form, "result": result, "limit": selectors.SEARCH_LIMIT, "minimum": selectors.SEARCH_MIN_LENGTH,
    })


@require_safe
def overdue(request):
    """All the overdue interventions of the work list, a page at a time."""
    if not may(request.user, SEE_CASES):
        raise Http404
    page = selectors.overdue_page(user=request.user, request=request, page_number=request.GET.get("page"))
    return render(request, "worklists/overdue.html", {"page": page})


@require_safe
def case_export(request, file_format: str):
    """The case list with the filters of the query string, as a CSV or XLSX file; every case in it logged.

    Invalid filters refuse the download (400, with what is wrong), so a typo never exports more than was asked."""
    if file_format not in export_files.FORMATS or not may(request.user, SEE_CASES):
        raise Http404
    form = CaseFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "worklists/export_refused.html", {"form": form, "query": request.GET.urlencode()},
                      status=400)
    cases = casework_selectors.case_export(user=request.user, request=request, filters=form.filters())
    response = HttpResponse(export_files.render(cases, file_format), content_type=export_files.FORMATS[file_format])
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="casussen-{stamp}.{file_format}"'
    return response
