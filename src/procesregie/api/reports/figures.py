"""The figures the API publishes: the annual report and the outcomes report, suppressed as the house publishes them.

The documents are those of `procesregie report annual|outcomes --format json` (shared/spec/annual-report.md,
shared/spec/outcomes.md), computed by the same functions, but published as every rendering for readers publishes
them (never the exact JSON, which is for internal use): with the house's threshold N (`PUBLICATION_THRESHOLD`) a
count 0 < c < N is the text "<N", and whatever would let a reader recompute one from a sum is hidden too ("<N" for
a zero, "afg." for N or more; decision 0021). The annual report is `rendering.publish` without last year's figures,
so it hides exactly what the CSV (`report annual --format csv --suppress-below N`) hides; the outcomes report is
`rendering.outcomes.publish_outcomes` (normalised: zeros written out, an organisation's `total`; percentages and
intervals of a hidden count hidden as "afg."; decision 0023), as its CSV.

Publishing the annual report takes up to a second on a region, so the published JSON is kept as the report pages
keep their content (`page_cache.kept_rendering`: per exact figures, names and threshold): a repeated call reads the
figures again (a fixed number of queries) and answers the kept text.
"""

import datetime
import json

from django.conf import settings

from procesregie.reporting.annual import annual_report
from procesregie.reporting.outcomes import outcomes_report
from procesregie.reporting.page_cache import kept_rendering
from procesregie.reporting.rendering import labels_from_reference, publish
from procesregie.reporting.rendering.outcomes import publish_outcomes


def publication_threshold() -> int:
    return settings.PUBLICATION_THRESHOLD


def _json(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def published_annual_report(year: int) -> str:
    """The annual report of `year` as published, as JSON text."""
    report, labels, n = annual_report(year=year), labels_from_reference(), publication_threshold()
    return kept_rendering("api-annual-json", {"report": report, "labels": labels}, n,
                          lambda: _json(publish(report, n, labels=labels).report))


def published_outcomes_report(first: datetime.date, last: datetime.date, as_of: datetime.date) -> str:
    """The outcomes report of the cohort window [`first`, `last`] measured on `as_of` as published, as JSON text.
    Raises `OutcomesWindowError` for a window the report cannot be computed for."""
    report = outcomes_report(first=first, last=last, as_of=as_of)
    labels, n = labels_from_reference(), publication_threshold()
    return kept_rendering("api-outcomes-json", {"report": report, "labels": labels}, n,
                          lambda: _json(publish_outcomes(report, n, labels=labels).document))
