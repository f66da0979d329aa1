"""The timeline in pages: an eight-year case has hundreds of events, so the case page shows the newest page and
links to older ones ("?tijdlijn=2"), instead of one endless list. The print view takes every event on one page.

The events come from `casepage.timeline.case_timeline` (newest first, already in memory): paging slices that list
and adds no queries.
"""

import math
from dataclasses import dataclass

from .timeline import TimelineEvent

PAGE_SIZE = 25
PAGE_PARAMETER = "tijdlijn"  # the case page's query parameter for the timeline's page


@dataclass(frozen=True)
class TimelinePage:
    events: list[TimelineEvent]
    number: int  # 1 is the newest page
    count: int  # number of pages (at least 1)
    total: int  # events in the whole timeline

    @property
    def has_newer(self) -> bool:
        return self.number > 1

    @property
    def has_older(self) -> bool:
        return self.number < self.count

    @property
    def newer(self) -> int:
        return self.number - 1

    @property
    def older(self) -> int:
        return self.number + 1

    @property
    def paged(self) -> bool:
        return self.count > 1


def page_number(value) -> int:
    """The page asked for in a query string; anything that is not a positive whole number is page 1."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(number, 1)


def timeline_page(events: list[TimelineEvent], number: int = 1, *, size: int | None = PAGE_SIZE) -> TimelinePage:
    """Page `number` of `events` (newest first); a number past the end gives the oldest page. `size=None`: all."""
    if size is None:
        return TimelinePage(events=list(events), number=1, count=1, total=len(events))
    count = max(1, math.ceil(len(events) / size))
    number = min(max(number, 1), count)
    return TimelinePage(events=events[(number - 1) * size: number * size], number=number, count=count,
                        total=len(events))
