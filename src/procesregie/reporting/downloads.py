"""A report as a file to download: the content types of the formats and the attachment response."""

from django.http import HttpResponse

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
}


def attachment(content: bytes, fmt: str, name: str) -> HttpResponse:
    """`content` as the download `name.fmt` (`name`: ASCII letters, digits and hyphens)."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
