"""The inzage document (`privacy.inzage`) as JSON and as PDF.

The PDF is the stand-alone HTML (privacy/inzage_print.html: inline CSS, no images) laid out by WeasyPrint, as the
annual report's PDF is (`reporting.rendering.pdf`): the fetcher allows only data: URIs, so no file or network
address can end up in the document.
"""

import json

from django.template.loader import render_to_string

from procesregie.reporting.rendering.pdf import cyclic_gc_paused

from .inzage import access_summary


def document_context(document: dict) -> dict:
    """What privacy/_inzage_body.html needs besides the document: the access log per month."""
    return {"document": document, "access_summary": access_summary(document["access_log"])}


def render_json(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def render_print_html(document: dict) -> str:
    return render_to_string("privacy/inzage_print.html", document_context(document))


def render_pdf(document: dict) -> bytes:
    from weasyprint import HTML, URLFetcher  # imported here: loading Pango takes a moment and only PDFs need it

    fetcher = URLFetcher(allowed_protocols=("data",))
    with cyclic_gc_paused():
        return HTML(string=render_print_html(document), base_url=None, url_fetcher=fetcher).write_pdf()
