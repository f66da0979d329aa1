"""The pages of a report file built in the background (builds.py, docs/decisions/0007), for every report that has one:
the annual report's PDF and the outcomes report's PDF.

A download view calls `answer_with_build`: the file at once when it is ready within a moment, otherwise a redirect to
the build's page, which shows the progress (htmx asks again) and then the download link. What a page says about
the file (its title, name, where "try again" and "back" go) comes from the describer that the report's view module
registers in `DESCRIBERS` under its kind (`figures["report"]["report"]`: "annual", "outcomes"); a build of
another kind than its route's answers 404.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from procesregie.access.capabilities import SEE_AGGREGATES, may
from procesregie.audit.models import Action
from procesregie.audit.services import record_access
from procesregie.reference.models import Approach

from .builds import Renderer, build_request, build_start, build_wait
from .downloads import attachment
from .models import ReportBuild


@dataclass(frozen=True)
class BuildSubject:
    """What the build's pages say about its file."""

    title: str  # "Jaarverslag 2024 als PDF"
    download_label: str  # "Jaarverslag 2024 downloaden (PDF)"
    back_label: str  # "Terug naar het jaarverslag 2024"
    report_url: str  # the report's page with the same choices
    retry_url: str  # the same download again
    file_name: str  # without the extension


@dataclass(frozen=True)
class BuildFacts:
    """A build's own fields and the parts of its figures a describer needs (read without the figures themselves)."""

    build: ReportBuild
    kind: str
    has_outcomes: bool  # an annual report with the outcomes chapter
    first: str | None  # an outcomes report's window and peildatum, ISO dates
    last: str | None
    as_of: str | None


# kind -> (route name of the build's page, route name of its file, describer); filled by views.py, outcome_views.py
DESCRIBERS: dict[str, tuple[str, str, Callable[[BuildFacts], BuildSubject]]] = {}


def answer_with_build(request, *, kind: str, file_format: str, year: int, figures: dict,
                      suppress_below: int | None, render_file: Renderer) -> HttpResponse:
    """The file of these figures, built beside the request: at once when ready within a moment, else its page."""
    build, fresh = build_request(actor=request.user, file_format=file_format, year=year, figures=figures,
                                 suppress_below=suppress_below, language=get_language())
    if fresh:
        build = build_wait(build, build_start(build, render_file))
    if build.status == ReportBuild.Status.DONE:
        return _build_file(request, _facts(build))
    return redirect(DESCRIBERS[kind][0], pk=build.pk)


def _facts(build: ReportBuild) -> BuildFacts:
    kind, has_outcomes, first, last, as_of = ReportBuild.objects.filter(pk=build.pk).values_list(
        "figures__report__report", "figures__outcomes__report", "figures__report__from", "figures__report__to",
        "figures__report__as_of").get()
    return BuildFacts(build=build, kind=kind or "annual", has_outcomes=has_outcomes is not None, first=first,
                      last=last, as_of=as_of)


def _build_file(request, facts: BuildFacts) -> HttpResponse:
    record_access(actor=request.user, action=Action.EXPORT, obj=Approach, request=request)  # aggregates, no subject
    content = bytes(facts.build.content)  # loaded here when the build was read without it
    return attachment(content, facts.build.file_format, DESCRIBERS[facts.kind][2](facts).file_name)


def _visible_build(request, pk, kind: str, **filters) -> BuildFacts:
    if not may(request.user, SEE_AGGREGATES):
        raise Http404
    facts = _facts(get_object_or_404(ReportBuild.objects.defer("figures", "content"), pk=pk, **filters))
    if facts.kind != kind:
        raise Http404
    return facts


@require_safe
def report_build(request, pk, kind: str):
    """How far a background build is; when done, the download link. htmx asks for the status part again."""
    facts = _visible_build(request, pk, kind)
    record_access(actor=request.user, action=Action.READ, obj=Approach, request=request)  # aggregates, no subject
    status_route, file_route, describe = DESCRIBERS[kind]
    context = {
        "build": facts.build,
        "subject": describe(facts),
        "status_url": reverse(status_route, kwargs={"pk": facts.build.pk}),
        "file_url": reverse(file_route, kwargs={"pk": facts.build.pk}),
        "stages": (stages := _stages(facts.build)),
        "done_steps": sum(state == "done" for _, state in stages),
    }
    template = "reporting/_build_status.html" if request.htmx else "reporting/build_page.html"
    return render(request, template, context)


def _stages(build: ReportBuild) -> list[tuple[str, str]]:
    """(label, "done" | "current" | "todo") for the steps the user sees."""
    steps = [ReportBuild.Stage.CONTENT, ReportBuild.Stage.LAYOUT, ReportBuild.Stage.WRITING]
    position = steps.index(build.stage) if build.stage in steps else (
        len(steps) if build.stage == ReportBuild.Stage.FINISHED else -1)
    return [(step.label, "done" if index < position else "current" if index == position else "todo")
            for index, step in enumerate(steps)]


@require_safe
def report_build_file(request, pk, kind: str):
    """The finished file of a build (404 until it is done)."""
    return _build_file(request, _visible_build(request, pk, kind, status=ReportBuild.Status.DONE))
