"""Rendered report content kept for the report pages: charts are costly, so the HTML of a page's content is kept per
exact set of figures, names, suppression and language (not per date), for an hour."""

from collections.abc import Callable, Mapping
from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language

from .builds import fingerprint

RENDER_CACHE_SECONDS = 3600


def kept_rendering(kind: str, figures: Mapping[str, Any], suppress_below: int | None, render: Callable[[], str]) -> str:
    """`render()`, or what it gave before for the same `kind` of page and the same figures and options."""
    key = f"{kind}:" + fingerprint(file_format="html", figures=figures, suppress_below=suppress_below,
                                   language=get_language() or "")
    return cache.get_or_set(key, render, RENDER_CACHE_SECONDS)
