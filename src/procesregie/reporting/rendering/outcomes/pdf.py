"""The outcomes report as PDF: the stand-alone HTML laid out by WeasyPrint with the annual report's print
stylesheet (A4, an introduction page with the window, the peildatum and the definitions, each top-level approach
from a new page), through the same fetcher and collector pause as the annual PDF."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..pdf import html_to_pdf
from .html import render_outcomes_html


def render_outcomes_pdf(report: Mapping[str, Any], *, labels: Mapping[str, Any] | None,
                        suppress_below: int | None = None) -> bytes:
    """The outcomes document as PDF bytes (same arguments as `render_outcomes_html`)."""
    return html_to_pdf(render_outcomes_html(report, labels=labels, suppress_below=suppress_below, standalone=True))
