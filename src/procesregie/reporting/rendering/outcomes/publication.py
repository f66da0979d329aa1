"""The outcomes report as published with `--suppress-below N`: what every rendering (HTML, PDF, XLSX, CSV, the
page) shows.

Counts `0 < c < N` become "<N" (primary suppression); so that no sum of figures.equations gives one away, the
fewest, smallest other counts are hidden too (`secondary.protect`), a zero as "<N" and a larger count as "afg.".
A percentage or interval computed from a hidden count is hidden as well ("afg."): a shown change of −39.0 % and a
shown number before would give the number after. The interval of the change is hidden as well when a count of the
persons it is computed from is small: its ends would be single persons' own changes. An organisation's `overdue`
is hidden when its agreed or running count is (overdue <= agreed + running would pin one). A zero that the
group's other figures give away (no registrations on a side: no persons with one either) is never a complement.
Without N (or N < 2) the document is shown as it is.
JSON is never suppressed (the command prints the exact document).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..secondary import holding, protect
from ..suppression import SECONDARY_TEXT, suppression_text
from . import figures

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class OutcomesPublication:
    document: dict[str, Any]  # normalised (figures.normalised), hidden figures replaced by their text
    hidden: frozenset  # paths of the hidden counts (primary and secondary)
    secondary: frozenset  # paths of the counts hidden by secondary suppression
    derived: frozenset  # paths of the percentages and intervals hidden with them
    suppress_below: int | None


def _replace(document: dict[str, Any], path: tuple, text: Any) -> None:
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = text


def publish_outcomes(document: Mapping[str, Any], n: int | None, *,
                     labels: Mapping[str, Any] | None) -> OutcomesPublication:
    """The document as published (deterministic; the argument is never modified). `labels` give the approach
    tree (a parent over its children is a sum a reader can form)."""
    shown = figures.normalised(document)
    if not n or n < 2:
        return OutcomesPublication(shown, frozenset(), frozenset(), frozenset(), None)
    values = figures.cells(shown)
    sums = holding(figures.equations(shown, labels), values)
    telling = figures.telling_zeros(shown)  # no complements: the group's other figures say they are 0

    def eligible(cell) -> bool:
        return cell not in telling

    protection = protect(values, sums, n, eligible=eligible)
    while True:  # overdue beside a hidden open count (figures.overdue_bounds): hidden too, and protected in its sums
        bounded = {overdue for overdue, open_counts in figures.overdue_bounds(shown)
                   if overdue not in protection.hidden and any(cell in protection.hidden for cell in open_counts)}
        if not bounded:
            break
        protection = protect(values, sums, n, hidden=protection.hidden | bounded, eligible=eligible)
    if protection.exposed:  # not seen on any data; say so rather than fail the page
        logger.warning("outcomes: %d hidden counts a sum still gives away (first: %s)", len(protection.exposed),
                       protection.exposed[0])
    for path in protection.hidden:
        _replace(shown, path, suppression_text(n) if values[path] < n else SECONDARY_TEXT)
    derived = set()
    for path, sources in figures.derived_sources(shown):
        if any(source in protection.hidden for source in sources):
            _replace(shown, path, SECONDARY_TEXT)
            derived.add(path)
    for path, persons in figures.interval_persons(shown):  # a few persons' interval gives their own changes
        if path not in derived and any(0 < values[source] < n for source in persons):
            _replace(shown, path, SECONDARY_TEXT)
            derived.add(path)
    return OutcomesPublication(shown, protection.hidden, protection.secondary, frozenset(derived), n)


__all__ = ["OutcomesPublication", "publish_outcomes"]
