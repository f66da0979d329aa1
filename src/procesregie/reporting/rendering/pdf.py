"""The annual report as PDF: the stand-alone HTML laid out by WeasyPrint with the print stylesheet
(A4, a title page, contents with page numbers, each approach on a new page, page numbers in the footer)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from .html import render_html

# WeasyPrint and fontTools log every font subset at INFO/WARNING level; a report run should not.
for _name in ("weasyprint", "fontTools"):
    logging.getLogger(_name).setLevel(logging.ERROR)


def render_pdf(report: Mapping[str, Any], *, labels: Mapping[str, Any] | None,
               comparison: Mapping[str, Any] | None = None, suppress_below: int | None = None,
               stage: Callable[[str], None] | None = None) -> bytes:
    """The annual report as PDF bytes (same arguments as `render_html`).

    `stage(name)` is called as the work goes on ("layout", then "writing"): a background build shows it.
    """
    from weasyprint import HTML, URLFetcher  # imported here: loading Pango takes a moment and only PDFs need it

    stage = stage or (lambda name: None)
    html = render_html(report, labels=labels, comparison=comparison, suppress_below=suppress_below,
                       standalone=True)
    # Everything the report needs is inside the document (inline CSS, charts as data: URIs); the
    # fetcher refuses anything else, so no file or network address can end up in a PDF.
    fetcher = URLFetcher(allowed_protocols=("data",))
    stage("layout")
    document = HTML(string=html, base_url=None, url_fetcher=fetcher).render()
    stage("writing")
    return document.write_pdf()
