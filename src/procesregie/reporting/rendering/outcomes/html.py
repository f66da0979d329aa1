"""The outcomes report as HTML: a stand-alone document (CLI `--format html`, and the source of the PDF) or the
fragment the managers' page embeds. Like the annual report's HTML (rendering/html.py): no script, no `style`
attribute, charts as SVG in `data:` URIs, the stylesheets inlined only in the stand-alone document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from ..html import DOCUMENT_TEMPLATE, stylesheet
from .context import outcomes_context

CONTENT_TEMPLATE = "reporting/outcomes_content.html"


def render_outcomes_html(report: Mapping[str, Any], *, labels: Mapping[str, Any] | None,
                         suppress_below: int | None = None, standalone: bool = True) -> str:
    """The outcomes document (shared/spec/outcomes.md) as HTML. `labels`: names for the codes
    (`labels_from_reference()`); `suppress_below`: publication with small-number and secondary suppression;
    `standalone=False`: the content for a page that extends base.html and has the title "Resultaten" itself (it
    links `reporting/report.css`; approaches are h2, their parts h3; the definitions come last)."""
    context = outcomes_context(report, labels=labels, suppress_below=suppress_below)
    context["standalone"] = standalone
    if not standalone:
        return render_to_string(CONTENT_TEMPLATE, context)
    context.update(link_stylesheet=False, language=get_language() or settings.LANGUAGE_CODE,
                   report_css=stylesheet("report.css"), print_css=stylesheet("report-print.css"),
                   content_template=CONTENT_TEMPLATE,
                   document_title=_("Resultaten: personen %(window)s voor het eerst besproken") % {
                       "window": context["outcomes_window"]})
    return render_to_string(DOCUMENT_TEMPLATE, context)
