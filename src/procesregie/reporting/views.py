"""The annual report as a page for managers: aggregates only, access-logged like every other page.

The PDF takes a few seconds: its download is a background build (builds.py) that answers with the file when it
is ready within a moment, and otherwise with a page that shows the progress and then the download link.
"""

from django import forms
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from procesregie.access.capabilities import SEE_AGGREGATES, may
from procesregie.audit.models import Action
from procesregie.audit.services import record_access
from procesregie.casework.models import Registration
from procesregie.reference.models import Approach

from .annual import REPORT, annual_report, annual_report_with_comparison
from .build_views import DESCRIBERS, BuildFacts, BuildSubject, answer_with_build
from .downloads import CONTENT_TYPES, attachment
from .formats import COMPARISON_FORMATS, FORMATS
from .outcomes import annual_chapter_window, outcomes_report
from .page_cache import kept_rendering
from .rendering import labels_from_reference, render_html, render_pdf

BUILT_IN_BACKGROUND = {"pdf": render_pdf}
# The download's option "met hoofdstuk Resultaten" (`?resultaten=1`): the PDF gets the outcomes report of the year
# before as a chapter (`outcomes.annual_chapter_window`).
WITH_OUTCOMES = "resultaten"
OUTCOMES_CHAPTER_FORMATS = {"pdf"}


def _query(year: int, suppress_below: int | None, *, fmt: str = "", with_outcomes: bool = False) -> str:
    """The query string of the report page (or, with `fmt`, of a download) for these choices."""
    return (f"?jaar={year}" + (f"&formaat={fmt}" if fmt else "") + (f"&klein={suppress_below}" if suppress_below else "")
            + (f"&{WITH_OUTCOMES}=1" if with_outcomes else ""))


class ReportForm(forms.Form):
    jaar = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100, required=False)
    klein = forms.IntegerField(label=_("Kleine aantallen afschermen onder"), min_value=2, max_value=100, required=False)

    def choice(self) -> tuple[int, int | None]:
        """The chosen year (default: the latest year with registrations) and suppression threshold; invalid values
        are ignored."""
        self.is_valid()
        data = self.cleaned_data
        return data.get("jaar") or latest_registration_year(), data.get("klein")


def latest_registration_year() -> int:
    """The latest year up to this one in which a registration was received (last year when there are none): the
    report opens on figures, not on an empty current year."""
    this_year = timezone.localdate().year
    latest = Registration.objects.filter(registered_on__year__lte=this_year).aggregate(latest=Max("registered_on"))
    return latest["latest"].year if latest["latest"] else this_year - 1


def _content(report: dict, comparison: dict, labels: dict, suppress_below: int | None) -> str:
    """The rendered report (kept: page_cache)."""
    return kept_rendering(
        "annual-report", {"report": report, "comparison": comparison, "labels": labels}, suppress_below,
        lambda: render_html(report, labels=labels, comparison=comparison, suppress_below=suppress_below, standalone=False),
    )


@require_safe
def annual_report_page(request):
    if not may(request.user, SEE_AGGREGATES):
        raise Http404
    form = ReportForm(request.GET)
    year, suppress_below = form.choice()
    report, comparison = annual_report_with_comparison(year=year)
    record_access(actor=request.user, action=Action.READ, obj=Approach, request=request)  # aggregates, no subject
    content = _content(report, comparison, labels_from_reference(), suppress_below)
    downloads = [(name, _query(year, suppress_below, fmt=name)) for name in CONTENT_TYPES]
    with_outcomes = _query(year, suppress_below, fmt="pdf", with_outcomes=True)
    return render(request, "reporting/annual_web.html", {"form": form, "year": year, "content": mark_safe(content),
                                                         "downloads": downloads, "with_outcomes": with_outcomes})


@require_safe
def annual_report_download(request):
    """The same report as a file: PDF, XLSX, JSON (never suppressed) or CSV."""
    if not may(request.user, SEE_AGGREGATES):
        raise Http404
    fmt = request.GET.get("formaat", "")
    if fmt not in CONTENT_TYPES:
        raise Http404
    year, suppress_below = ReportForm(request.GET).choice()
    if fmt in COMPARISON_FORMATS:
        report, comparison = annual_report_with_comparison(year=year)
    else:
        report, comparison = annual_report(year=year), None
    if fmt in BUILT_IN_BACKGROUND:
        outcomes = None
        if fmt in OUTCOMES_CHAPTER_FORMATS and request.GET.get(WITH_OUTCOMES) == "1":
            first, last, as_of = annual_chapter_window(year, today=timezone.localdate())
            outcomes = outcomes_report(first=first, last=last, as_of=as_of)
        return _built_in_background(request, fmt, year, report, comparison, suppress_below, outcomes)
    record_access(actor=request.user, action=Action.EXPORT, obj=Approach, request=request)  # aggregates, no subject
    return _attachment(FORMATS[fmt](report, suppress_below, comparison), fmt, year)


def _attachment(content: bytes, fmt: str, year: int) -> HttpResponse:
    return attachment(content, fmt, f"jaarverslag-{year}")


def _built_in_background(request, fmt: str, year: int, report: dict, comparison: dict, suppress_below: int | None,
                         outcomes: dict | None = None):
    figures = {"report": report, "comparison": comparison, "labels": labels_from_reference()}
    if outcomes is not None:  # only then: a build without the chapter keeps the fingerprint it had
        figures["outcomes"] = outcomes
    return answer_with_build(request, kind=REPORT, file_format=fmt, year=year, figures=figures,
                             suppress_below=suppress_below, render_file=_renderer(fmt))


def _renderer(fmt: str):
    render = BUILT_IN_BACKGROUND[fmt]

    def rendered(figures: dict, *, suppress_below: int | None, stage) -> bytes:
        return render(figures["report"], labels=figures["labels"], comparison=figures["comparison"],
                      suppress_below=suppress_below, stage=stage, outcomes=figures.get("outcomes"))

    return rendered


def _describe_build(facts: BuildFacts) -> BuildSubject:
    build = facts.build
    kind = build.file_format.upper()
    return BuildSubject(
        title=_("Jaarverslag %(year)s als %(kind)s") % {"year": build.year, "kind": kind},
        download_label=_("Jaarverslag %(year)s downloaden (%(kind)s)") % {"year": build.year, "kind": kind},
        back_label=_("Terug naar het jaarverslag %(year)s") % {"year": build.year},
        report_url=reverse("reporting:annual-report") + _query(build.year, build.suppress_below),
        retry_url=reverse("reporting:annual-report-download") + _query(
            build.year, build.suppress_below, fmt=build.file_format, with_outcomes=facts.has_outcomes),
        file_name=f"jaarverslag-{build.year}",
    )


DESCRIBERS[REPORT] = ("reporting:annual-report-build", "reporting:annual-report-build-file", _describe_build)
