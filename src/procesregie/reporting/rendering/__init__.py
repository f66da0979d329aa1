"""Renderings of the annual report: one computed report dict (shared/spec/annual-report.md), many forms.

- `render_html(report, *, labels, comparison=None, suppress_below=None, standalone=True, outcomes=None) -> str`
- `render_pdf(report, *, labels, comparison=None, suppress_below=None, stage=None, outcomes=None) -> bytes`
  (`outcomes`: an outcomes document, shown as the chapter "Resultaten"; the outcomes report itself is rendered by
  the package `outcomes`)
- `render_xlsx(report, *, labels, comparison=None, suppress_below=None) -> bytes`
- `publish(report, n, *, labels, comparison=None)`: counts 0 < c < n become "<n" and, so that no sum gives one
  away, other counts "afg." (secondary suppression; used by every rendering here; never for JSON)
- `suppress(report, n)`: the primary suppression alone
- `labels_from_reference()`: the `labels` dict (names of approaches, municipalities, …) from the database

Imports are lazy so that importing this package does not load WeasyPrint or openpyxl. The charts are SVG
drawn by `charts.py` and `svg_drawing.py` (no plotting library).
"""

from __future__ import annotations

from typing import Any

from .suppression import publish, suppress, suppress_comparison


def render_html(report, *, labels, comparison=None, suppress_below=None, standalone=True, outcomes=None) -> str:
    from .html import render_html as _render_html

    return _render_html(report, labels=labels, comparison=comparison, suppress_below=suppress_below,
                        standalone=standalone, outcomes=outcomes)


def render_pdf(report, *, labels, comparison=None, suppress_below=None, stage=None, outcomes=None) -> bytes:
    from .pdf import render_pdf as _render_pdf

    return _render_pdf(report, labels=labels, comparison=comparison, suppress_below=suppress_below, stage=stage,
                       outcomes=outcomes)


def render_xlsx(report, *, labels, comparison=None, suppress_below=None) -> bytes:
    from .xlsx import render_xlsx as _render_xlsx

    return _render_xlsx(report, labels=labels, comparison=comparison, suppress_below=suppress_below)


def labels_from_reference() -> dict[str, Any]:
    from .labels import labels_from_reference as _labels_from_reference

    return _labels_from_reference()


def annual_report_context(report, *, labels, comparison=None, suppress_below=None) -> dict[str, Any]:
    """The template context of `reporting/annual_page_content.html`, for a web view that includes it."""
    from .context import annual_report_context as _context

    return _context(report, labels=labels, comparison=comparison, suppress_below=suppress_below)


__all__ = ["annual_report_context", "labels_from_reference", "publish", "render_html", "render_pdf",
           "render_xlsx", "suppress", "suppress_comparison"]
