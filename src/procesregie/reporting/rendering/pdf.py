"""PDF documents. The annual report (`render_pdf`) is laid out by ReportLab from its context (paper/: A4, the summary
on the first page, contents with page numbers, each top-level approach from a new page, page numbers in the footer):
WeasyPrint took 6 s for what ReportLab does in well under one (docs/decisions/0025). The other reports (the outcomes
report, the case summary, the inzage document) are stand-alone HTML laid out by WeasyPrint (`html_to_pdf`)."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from .context import annual_report_context

# WeasyPrint and fontTools log every font subset at INFO/WARNING level; a report run should not.
for _name in ("weasyprint", "fontTools"):
    logging.getLogger(_name).setLevel(logging.ERROR)

_collector = {"holders": 0, "was_enabled": True}
_collector_lock = threading.Lock()


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while WeasyPrint works, and one collection when it is done.

    WeasyPrint makes millions of small objects (styles, boxes, text layouts), and each time enough of them
    pile up the collector walks them all again. Paused, and collected once at the end, layout and writing
    take about a fifth less time on the demo region (7.6 s against 6.2 s of CPU, the final collection
    included), for about 15 MB more at the peak. Reference counting still frees nearly everything in the
    meantime. The collector is one per process, so renderings in several threads share one pause: the last
    to finish switches it back on and collects.
    """
    with _collector_lock:
        if _collector["holders"] == 0:
            _collector["was_enabled"] = gc.isenabled()
            gc.disable()
        _collector["holders"] += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector["holders"] -= 1
            resume = _collector["holders"] == 0 and _collector["was_enabled"]
            if resume:
                gc.enable()
        if resume:
            gc.collect()  # the cycles left by this rendering, here rather than in whatever runs next


def render_pdf(report: Mapping[str, Any], *, labels: Mapping[str, Any] | None,
               comparison: Mapping[str, Any] | None = None, suppress_below: int | None = None,
               stage: Callable[[str], None] | None = None, outcomes: Mapping[str, Any] | None = None) -> bytes:
    """The annual report as PDF bytes (same arguments as `render_html`, `outcomes` included), laid out by ReportLab
    from the context the web page renders (paper/, docs/decisions/0025).

    `stage(name)` is called as the work goes on ("layout", then "writing"): a background build shows it.
    """
    from .paper.annual import annual_story, report_title
    from .paper.document import build_pdf

    context = annual_report_context(report, labels=labels, comparison=comparison, suppress_below=suppress_below)
    if outcomes is not None:
        from .outcomes.context import outcomes_context

        context["outcomes"] = outcomes_context(outcomes, labels=labels, suppress_below=suppress_below, base_level=3)
    return build_pdf(annual_story(context), title=report_title(context), stage=stage)


def html_to_pdf(html: str, *, stage: Callable[[str], None] | None = None) -> bytes:
    """A stand-alone report document (inline CSS, charts as data: URIs) as PDF bytes."""
    from weasyprint import HTML, URLFetcher  # imported here: loading Pango takes a moment and only PDFs need it

    stage = stage or (lambda name: None)
    # Everything the report needs is inside the document (inline CSS, charts as data: URIs); the
    # fetcher refuses anything else, so no file or network address can end up in a PDF.
    fetcher = URLFetcher(allowed_protocols=("data",))
    with cyclic_gc_paused():
        stage("layout")
        document = HTML(string=html, base_url=None, url_fetcher=fetcher).render()
        stage("writing")
        return document.write_pdf()
