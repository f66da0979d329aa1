"""Case meetings: one table per approach meeting on a fixed cadence, and the discussions of a case there.

Cases discussed at the same table on the same date share a `meeting_ref`.
"""

import datetime
import random
from dataclasses import dataclass

from .profiles import Scale
from .region import Approach
from .trajectories import DAY, CaseRecord, Period

CLIENT_PRESENT_SHARE = 0.30
EXPERT_PRESENT_SHARE = 0.08


@dataclass(frozen=True)
class Discussion:
    meeting_ref: str
    date: datetime.date
    case_ref: str
    client_present: bool
    expert_present: bool

    def row(self) -> tuple:
        return self.meeting_ref, self.date, self.case_ref, self.client_present, self.expert_present


class Tables:
    """The meeting dates of every approach's table: each meets every `cadence_days` on its own weekday."""

    def __init__(self, approaches: list[Approach], period: Period, cadence_days: int):
        self._cadence = cadence_days
        self._anchors: dict[str, datetime.date] = {}
        for index, approach in enumerate(approaches):
            weekday = 1 + index % 3  # Tuesday, Wednesday or Thursday
            first = period.first - DAY * cadence_days
            self._anchors[approach.code] = first + DAY * ((weekday - first.weekday()) % 7)

    @property
    def cadence_days(self) -> int:
        return self._cadence

    def next_meeting(self, approach: str, on_or_after: datetime.date) -> datetime.date:
        anchor = self._anchors[approach]
        meetings = -(-(on_or_after - anchor).days // self._cadence)  # ceiling division
        return anchor + DAY * (self._cadence * max(meetings, 0))

    @staticmethod
    def meeting_ref(approach: str, day: datetime.date) -> str:
        return f"M-{approach}-{day:%Y%m%d}"


def discussions(
    case: CaseRecord, tables: Tables, scale: Scale, period: Period, rng: random.Random,
    first: datetime.date | None = None,
) -> list[Discussion]:
    """A trajectory on the agenda about every six weeks while it is in regie (less often once scaled down).

    `first`: the day of the first discussion (a recidivism calibration fixes it); by default the table's first
    meeting in the days after the start.
    """
    last = case.last_day(period)
    if last is None:
        return []
    result = []
    day = first or tables.next_meeting(case.approach, case.start_date + DAY * rng.randint(0, 10))
    while day <= last:
        result.append(Discussion(
            tables.meeting_ref(case.approach, day), day, case.ref,
            rng.random() < CLIENT_PRESENT_SHARE, rng.random() < EXPERT_PRESENT_SHARE,
        ))
        intensive = scale.intensive_days is None or (day - case.start_date).days < scale.intensive_days
        interval = scale.discussion_interval_days if intensive else scale.monitoring_interval_days
        gap = max(tables.cadence_days, round(rng.gauss(interval, interval * 0.15)))
        day = tables.next_meeting(case.approach, day + DAY * gap)
    return result
