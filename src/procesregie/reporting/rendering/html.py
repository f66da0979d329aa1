"""The annual report as HTML: a stand-alone document (CLI `--format html`, and the source of the PDF)
or the inner content of the web page.

The HTML has no script and no `style` attribute, so it works under the application's
Content-Security-Policy; charts are SVG images in `data:` URIs (allowed by `img-src 'self' data:`).
Only the stand-alone document carries its stylesheet inline, in <style> elements, so the file
works on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language

from .context import annual_report_context

_STATIC = Path(__file__).resolve().parent.parent / "static" / "reporting"
CONTENT_TEMPLATE = "reporting/annual_page_content.html"
DOCUMENT_TEMPLATE = "reporting/annual_report.html"


@cache
def stylesheet(name: str) -> str:
    """The text of one of the report's stylesheets (`report.css`, `report-print.css`)."""
    return (_STATIC / name).read_text(encoding="utf-8")


def render_html(report: Mapping[str, Any], *, labels: Mapping[str, Any] | None,
                comparison: Mapping[str, Any] | None = None, suppress_below: int | None = None,
                standalone: bool = True, outcomes: Mapping[str, Any] | None = None) -> str:
    """The annual report as HTML.

    `labels`: names for the codes (see labels.py; `labels_from_reference()` reads them from the
    database). `comparison`: the output of `flow_comparison`, to show last year's flow figures
    beside this year's. `suppress_below`: counts 0 < c < N are shown as "<N".
    `standalone=False` gives the content for a page that extends base.html; it links
    `reporting/report.css` itself. `outcomes`: an outcomes document (shared/spec/outcomes.md), shown as the
    chapter "Resultaten" (published with the same `suppress_below`).
    """
    context = annual_report_context(report, labels=labels, comparison=comparison, suppress_below=suppress_below)
    if outcomes is not None:
        from .outcomes.context import outcomes_context

        context["outcomes"] = outcomes_context(outcomes, labels=labels, suppress_below=suppress_below, base_level=3)
    if not standalone:
        return render_to_string(CONTENT_TEMPLATE, context)
    # A management command may run with translations deactivated; the document still has a language.
    context.update(link_stylesheet=False, language=get_language() or settings.LANGUAGE_CODE,
                   report_css=stylesheet("report.css"), print_css=stylesheet("report-print.css"))
    return render_to_string(DOCUMENT_TEMPLATE, context)
