"""The course of a registration: triage, start, duration, closing reason and internal transfers."""

import datetime
import math
import random
from dataclasses import dataclass

from .profiles import END_REASONS, TRANSFER_REASON, ApproachProfile, approach_profile
from .region import Approach, Region

DAY = datetime.timedelta(days=1)
MONTH_DAYS = 30.44


@dataclass(frozen=True)
class Period:
    """The years a dataset covers; nothing in it happens after `last`."""

    first: datetime.date
    last: datetime.date

    @classmethod
    def of_years(cls, end_year: int, years: int) -> "Period":
        return cls(datetime.date(end_year - years + 1, 1, 1), datetime.date(end_year, 12, 31))


@dataclass
class CaseRecord:
    """One row of cases.csv: a registration and, when accepted, its trajectory."""

    ref: str
    subject_ref: str
    approach: str
    municipality: str
    reported_by: str
    registered_on: datetime.date
    triage_decision: str = ""  # accepted, declined or empty (pending)
    triage_on: datetime.date | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    end_reason: str = ""
    transferred_from: str = ""

    def row(self) -> tuple:
        return (
            self.ref, self.subject_ref, self.approach, self.municipality, self.reported_by, self.registered_on,
            self.triage_decision, self.triage_on, self.start_date, self.end_date, self.end_reason,
            self.transferred_from,
        )

    def last_day(self, period: Period) -> datetime.date | None:
        """The last day the trajectory is in regie within the period (None when it never started)."""
        if self.start_date is None:
            return None
        return self.end_date or period.last


def workday(day: datetime.date) -> datetime.date:
    """The day itself, or the Monday after a weekend."""
    return day + DAY * ((7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


class Courses:
    """Decides what happens to a registration: triage outcome, dates, closing reason, transfer target."""

    def __init__(self, region: Region, rng: random.Random, period: Period, duration_factor: float = 1.0):
        self._rng = rng
        self._period = period
        self._duration_factor = duration_factor
        self._leaves = {approach.code: approach for approach in region.leaf_approaches()}

    def triage(self, case: CaseRecord, profile: ApproachProfile) -> None:
        """Decide (or leave pending, when the decision would fall after the period); accepted cases start."""
        rng = self._rng
        delay = 3 + min(round(rng.expovariate(1 / 16)), 90)
        triage_on = workday(case.registered_on + DAY * delay)
        if triage_on > self._period.last:
            return
        case.triage_on = triage_on
        if rng.random() < profile.decline_rate:
            case.triage_decision = "declined"
            return
        case.triage_decision = "accepted"
        case.start_date = min(triage_on + DAY * rng.randint(0, 7), self._period.last)

    def close(self, case: CaseRecord, profile: ApproachProfile, allow_transfer: bool) -> None:
        """Give a started case its end date and reason, unless it is still open at the end of the period."""
        median_days = profile.median_months * MONTH_DAYS * self._duration_factor
        days = max(7, round(self._rng.lognormvariate(math.log(median_days), profile.spread)))
        end_date = case.start_date + DAY * days
        if end_date > self._period.last:
            return
        case.end_date = end_date
        case.end_reason = self.end_reason(profile, allow_transfer)

    def end_reason(self, profile: ApproachProfile, allow_transfer: bool) -> str:
        reasons = [reason for reason in END_REASONS if allow_transfer or reason != TRANSFER_REASON]
        weights = [profile.end_reasons.get(reason, 0) for reason in reasons]
        return self._rng.choices(reasons, weights)[0]

    def transfer_targets(self, approach: Approach, district: str, age: int | None) -> list[str]:
        """Approaches of the same unit that a case may continue in, for a subject in `district` of `age`."""
        targets = []
        for code in approach_profile(approach).transfer_to:
            target = self._leaves.get(code)
            if target is None or target.code == approach.code or target.unit != approach.unit:
                continue
            profile = approach_profile(target)
            if profile.districts is not None and district not in profile.districts:
                continue
            if age is not None and not profile.age_range[0] <= age <= profile.age_range[1] + 5:
                continue
            targets.append(code)
        return targets
