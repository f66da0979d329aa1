"""Renderings of the outcomes report (shared/spec/outcomes.md): one computed document, many forms.

- `render_outcomes_html(report, *, labels, suppress_below=None, standalone=True) -> str` (standalone=False: the
  fragment the managers' page embeds)
- `render_outcomes_pdf(report, *, labels, suppress_below=None) -> bytes`
- `render_outcomes_xlsx(report, *, labels, suppress_below=None) -> bytes`
- `publish_outcomes(report, n, *, labels)`: what every rendering shows with `--suppress-below n` (small counts
  "<n", secondary suppression "afg.", percentages and intervals of hidden counts hidden too)
- `outcomes_context(report, *, labels, suppress_below=None)`: the template context of
  `reporting/outcomes_content.html`, for a view that includes it

`labels` is the annual report's labels dict (`rendering.labels_from_reference()`), with `police_kinds`. Imports
are lazy, so that importing this package loads neither WeasyPrint nor openpyxl. The CSV and the format table of
the command are in `reporting/outcome_formats.py`.
"""

from __future__ import annotations

from typing import Any

from .publication import OutcomesPublication, publish_outcomes


def render_outcomes_html(report, *, labels, suppress_below=None, standalone=True) -> str:
    from .html import render_outcomes_html as _render

    return _render(report, labels=labels, suppress_below=suppress_below, standalone=standalone)


def render_outcomes_pdf(report, *, labels, suppress_below=None) -> bytes:
    from .pdf import render_outcomes_pdf as _render

    return _render(report, labels=labels, suppress_below=suppress_below)


def render_outcomes_xlsx(report, *, labels, suppress_below=None) -> bytes:
    from .xlsx import render_outcomes_xlsx as _render

    return _render(report, labels=labels, suppress_below=suppress_below)


def outcomes_context(report, *, labels, suppress_below=None) -> dict[str, Any]:
    from .context import outcomes_context as _context

    return _context(report, labels=labels, suppress_below=suppress_below)


__all__ = ["OutcomesPublication", "outcomes_context", "publish_outcomes", "render_outcomes_html",
           "render_outcomes_pdf", "render_outcomes_xlsx"]
