"""The start page of daily work and the search over visible cases. Thin: select through the access rule, render."""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from procesregie.access.capabilities import REGISTER, SEE_CASES, may

from . import selectors


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Zoek een casus"), required=False, max_length=200,
        help_text=_("Naam, BSN of referentie; ten minste 2 tekens."),
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
