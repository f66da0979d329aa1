"""The case summary as a PDF: the stand-alone HTML document laid out by WeasyPrint, as the annual report is
(`reporting/rendering/pdf.py`): everything inside the document (the stylesheet inline), and a URL fetcher that
allows `data:` addresses only, so no file or network address can end up in the PDF."""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import get_language

from .summary import CaseSummary

STYLESHEET = Path(__file__).resolve().parent / "static" / "meetings" / "case-summary.css"
DOCUMENT_TEMPLATE = "meetings/case_summary_document.html"


@cache
def _stylesheet() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def summary_document(summary: CaseSummary) -> str:
    """The summary as one HTML document with its stylesheet inline (the source of the PDF)."""
    return render_to_string(DOCUMENT_TEMPLATE, {
        "summary": summary, "case": summary.case, "stylesheet": _stylesheet(),
        "language": get_language() or settings.LANGUAGE_CODE,
    })


def summary_pdf(summary: CaseSummary) -> bytes:
    from weasyprint import HTML, URLFetcher  # imported here: loading Pango takes a moment and only PDFs need it

    fetcher = URLFetcher(allowed_protocols=("data",))
    return HTML(string=summary_document(summary), base_url=None, url_fetcher=fetcher).write_pdf()
