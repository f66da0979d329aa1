"""The outcomes report as a page for managers ("Resultaten", shared/spec/outcomes.md): did it work? Aggregates only,
access-logged like the annual report page (views.py), with downloads in every format.

The figures are those of one window of first discussions (a cohort year, or dates of one's own) followed up to a
peildatum (`as_of`). A choice that is no valid window shows its error on the page and no figures: figures of
another window than the one asked for would be mistaken for an answer. The PDF takes seconds (about 5 s of CPU for
the demo region's twelve approaches: a page and a chart per approach), so it is built in the background as the
annual report's (build_views.py); the other files are answered at once.
"""

import datetime
from urllib.parse import urlencode

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from procesregie.access.capabilities import SEE_AGGREGATES, may
from procesregie.audit.models import Action
from procesregie.audit.services import record_access
from procesregie.reference.models import Approach

from .build_views import DESCRIBERS, BuildFacts, BuildSubject, answer_with_build
from .downloads import CONTENT_TYPES, attachment
from .outcome_formats import OUTCOME_FORMATS, UNSUPPRESSED_OUTCOME_FORMATS
from .outcomes import REPORT, OutcomesWindowError, default_cohort_year, outcomes_report, selectors
from .page_cache import kept_rendering
from .rendering import labels_from_reference
from .rendering.outcomes import render_outcomes_html
from .rendering.pdf import html_to_pdf

# Dates outside these years are refused: nobody was discussed then, and a year of follow-up must stay a date.
EARLIEST, LATEST = datetime.date(1990, 1, 1), datetime.date(2100, 12, 31)
DATE = {"class": "utrecht-textbox utrecht-textbox--html-input", "type": "date"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
NUMBER = {"class": "utrecht-textbox utrecht-textbox--html-input utrecht-textbox--numeric", "inputmode": "numeric"}
BUILT_IN_BACKGROUND = {"pdf"}


def _within_range(value: datetime.date) -> None:
    if not EARLIEST <= value <= LATEST:
        raise forms.ValidationError(_("Kies een datum van %(first)s tot en met %(last)s."),
                                    params={"first": EARLIEST.year, "last": LATEST.year}, code="out_of_range")


def _date_field(label, help_text="") -> forms.DateField:
    return forms.DateField(
        label=label, help_text=help_text, required=False, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        validators=[_within_range], error_messages={"invalid": _("Vul een geldige datum in, zoals 2024-12-31.")},
    )


class OutcomesForm(forms.Form):
    """The window of first discussions (a cohort year, or `van`/`tot` of one's own, which then go first), the
    peildatum and the suppression threshold. Without a year the latest cohort with a full year of follow-up."""

    jaar = forms.TypedChoiceField(
        label=_("Cohortjaar"), coerce=int, required=False, widget=forms.Select(attrs=SELECT),
        help_text=_("Voor het eerst besproken in dat jaar."),
        error_messages={"invalid_choice": _("Kies een jaar uit de lijst.")},
    )
    van = _date_field(_("Eigen periode: van"), _("Gaat voor het cohortjaar."))
    tot = _date_field(_("Eigen periode: tot en met"), _("Beide datums, of geen."))
    peildatum = _date_field(_("Peildatum"), _("Gevolgd tot deze datum; leeg: vandaag."))
    klein = forms.IntegerField(
        label=_("Kleine aantallen afschermen onder"), min_value=2, max_value=100, required=False,
        widget=forms.NumberInput(attrs=NUMBER), help_text=_("Leeg: niet afschermen."),
        error_messages={"invalid": _("Vul een heel getal in."), "min_value": _("Kies een getal van 2 tot en met 100."),
                        "max_value": _("Kies een getal van 2 tot en met 100.")},
    )

    def __init__(self, data, *, years: list[int], today: datetime.date):
        data = data.copy()
        self.today = today
        default = default_cohort_year(self._as_of_typed(data) or today)
        if not data.get("jaar"):  # the select shows the year the figures are of
            data["jaar"] = str(default)
        super().__init__(data)
        self.fields["jaar"].choices = [(year, str(year)) for year in sorted({*years, default}, reverse=True)]

    def _as_of_typed(self, data) -> datetime.date | None:
        """The peildatum typed, when it is one the form accepts (not after today)."""
        try:
            as_of = self.base_fields["peildatum"].clean(data.get("peildatum", ""))
        except forms.ValidationError:
            return None
        return as_of if as_of and as_of <= self.today else None

    def clean_peildatum(self):
        as_of = self.cleaned_data.get("peildatum")
        if as_of and as_of > self.today:  # the year after would count as followed while it is still to come
            raise forms.ValidationError(_("De peildatum ligt na vandaag: wat daarna gebeurt, is nog niet "
                                          "geregistreerd. Kies vandaag of een eerdere dag."), code="future")
        return as_of

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("van"), cleaned.get("tot")
        if "van" in self.errors or "tot" in self.errors:
            return cleaned
        if first and not last:
            self.add_error("tot", _("Vul ook de einddatum in, of maak de begindatum leeg om een cohortjaar te kiezen."))
        elif last and not first:
            self.add_error("van", _("Vul ook de begindatum in, of maak de einddatum leeg om een cohortjaar te kiezen."))
        elif first and last and first > last:
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        return cleaned

    def window(self) -> tuple[datetime.date, datetime.date, datetime.date] | None:
        """(first, last, as_of) of the valid choice, or None when the form has errors."""
        if not self.is_valid():
            return None
        data = self.cleaned_data
        if data["van"] and data["tot"]:
            first, last = data["van"], data["tot"]
        else:
            year = data["jaar"]
            first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        return first, last, data["peildatum"] or self.today

    def suppress_below(self) -> int | None:
        return self.cleaned_data.get("klein") if self.is_valid() else None


def cohort_years() -> list[int]:
    """The years in which a case was discussed, within the dates the page accepts."""
    return selectors.discussion_years(EARLIEST, LATEST)


def _form(request) -> OutcomesForm:
    return OutcomesForm(request.GET, years=cohort_years(), today=timezone.localdate())


def _aggregates_only(request) -> None:
    if not may(request.user, SEE_AGGREGATES):
        raise Http404


def _query(first, last, as_of, suppress_below, **extra) -> str:
    """The query string that asks for exactly this window (a download gets the dates, not a year that depends on
    today)."""
    values = {**extra, "van": first.isoformat(), "tot": last.isoformat(), "peildatum": as_of.isoformat()}
    if suppress_below:
        values["klein"] = suppress_below
    return "?" + urlencode(values)


def _content(report: dict, labels: dict, suppress_below: int | None) -> str:
    """The report's charts, sentences and tables (rendering.outcomes; kept: page_cache)."""
    return kept_rendering(
        "outcomes", {"report": report, "labels": labels}, suppress_below,
        lambda: render_outcomes_html(report, labels=labels, suppress_below=suppress_below, standalone=False),
    )


@require_safe
def outcomes_page(request):
    _aggregates_only(request)
    form = _form(request)
    context = {"form": form, "window": form.window()}
    if context["window"] is not None:
        first, last, as_of = context["window"]
        suppress_below = form.suppress_below()
        try:
            report = outcomes_report(first=first, last=last, as_of=as_of)
        except OutcomesWindowError:  # the form checks the window; this is the computation's own word on it
            form.add_error(None, _("Deze periode kan niet worden berekend."))
            context["window"] = None
        else:
            context.update(
                first=first, last=last, as_of=as_of, follow_up_complete=last + datetime.timedelta(days=365) <= as_of,
                content=mark_safe(_content(report, labels_from_reference(), suppress_below)),
                downloads=[(fmt, _query(first, last, as_of, None if fmt in UNSUPPRESSED_OUTCOME_FORMATS
                                        else suppress_below, formaat=fmt)) for fmt in CONTENT_TYPES],
            )
    record_access(actor=request.user, action=Action.READ, obj=Approach, request=request)  # aggregates, no subject
    return render(request, "reporting/outcomes_web.html", context)


@require_safe
def outcomes_download(request):
    """The same figures as a file: PDF, XLSX, JSON (never suppressed) or CSV. An invalid choice goes back to the
    page, which says what is wrong."""
    _aggregates_only(request)
    fmt = request.GET.get("formaat", "")
    if fmt not in CONTENT_TYPES or fmt not in OUTCOME_FORMATS:
        raise Http404
    form = _form(request)
    window = form.window()
    if window is None:
        return redirect(reverse("reporting:outcomes") + "?" + urlencode(
            [(key, value) for key, value in request.GET.items() if key != "formaat"]))
    first, last, as_of = window
    suppress_below = None if fmt in UNSUPPRESSED_OUTCOME_FORMATS else form.suppress_below()
    try:
        report = outcomes_report(first=first, last=last, as_of=as_of)
    except OutcomesWindowError as refused:
        raise Http404 from refused
    if fmt in BUILT_IN_BACKGROUND:
        return answer_with_build(request, kind=REPORT, file_format=fmt, year=first.year, suppress_below=suppress_below,
                                 figures={"report": report, "labels": labels_from_reference()}, render_file=_render_pdf)
    record_access(actor=request.user, action=Action.EXPORT, obj=Approach, request=request)  # aggregates, no subject
    content = OUTCOME_FORMATS[fmt](report, suppress_below)  # a format that needs the names reads them
    return attachment(content, fmt, _file_name(first, last, as_of))


def _render_pdf(figures: dict, *, suppress_below: int | None, stage) -> bytes:
    """The outcomes PDF of a build's figures, telling the build how far it is (`builds.build_run`)."""
    html = render_outcomes_html(figures["report"], labels=figures["labels"], suppress_below=suppress_below)
    return html_to_pdf(html, stage=stage)


def _file_name(first: datetime.date, last: datetime.date, as_of: datetime.date) -> str:
    """resultaten-2024-peildatum-2026-01-01 for a calendar year, else resultaten-2024-03-01-2024-09-30-peildatum-…"""
    window = str(first.year) if _calendar_year(first, last) else f"{first.isoformat()}-{last.isoformat()}"
    return f"resultaten-{window}-peildatum-{as_of.isoformat()}"


def _calendar_year(first: datetime.date, last: datetime.date) -> bool:
    return first.year == last.year and (first.month, first.day, last.month, last.day) == (1, 1, 12, 31)


def _describe_build(facts: BuildFacts) -> BuildSubject:
    first, last, as_of = (datetime.date.fromisoformat(day) for day in (facts.first, facts.last, facts.as_of))
    window = str(first.year) if _calendar_year(first, last) else (
        f"{formats.date_format(first, 'j F Y')} – {formats.date_format(last, 'j F Y')}")
    kind, suppress_below = facts.build.file_format.upper(), facts.build.suppress_below
    return BuildSubject(
        title=_("Resultaten %(window)s als %(kind)s") % {"window": window, "kind": kind},
        download_label=_("Resultaten %(window)s downloaden (%(kind)s)") % {"window": window, "kind": kind},
        back_label=_("Terug naar de resultaten"),
        report_url=reverse("reporting:outcomes") + _query(first, last, as_of, suppress_below),
        retry_url=reverse("reporting:outcomes-download") + _query(first, last, as_of, suppress_below,
                                                                  formaat=facts.build.file_format),
        file_name=_file_name(first, last, as_of),
    )


DESCRIBERS[REPORT] = ("reporting:outcomes-build", "reporting:outcomes-build-file", _describe_build)
