"""Life-domain measurements of a trajectory: nulmeting, tussenmetingen and eindmeting (levels 1-5)."""

import datetime
import random
from dataclasses import dataclass

from .profiles import ApproachProfile, Scale
from .region import CatalogueEntry
from .trajectories import DAY, CaseRecord, Period

NO_NULMETING_SHARE = 0.04
# Per closing reason: the share of cases with an eindmeting and the mean change of level since the nulmeting.
EINDMETING = {
    "positief": (0.95, 1.3),
    "negatief": (0.85, -0.1),
    "detentie_maatregel": (0.6, 0.1),
    "overdracht_intern": (0.9, 0.6),
    "overdracht_extern": (0.8, 0.5),
    "overleden": (0.2, 0.0),
    "overig": (0.7, 0.3),
}
OPEN_CASE_CHANGE = 0.8


@dataclass(frozen=True)
class Measurement:
    case_ref: str
    date: datetime.date
    kind: str
    domain: str
    level: int

    def row(self) -> tuple:
        return self.case_ref, self.date, self.kind, self.domain, self.level


def _level(value: float) -> int:
    return min(5, max(1, round(value)))


def measurements(
    case: CaseRecord, domains: list[CatalogueEntry], profile: ApproachProfile, scale: Scale, period: Period,
    rng: random.Random,
) -> list[Measurement]:
    """Measurements on every domain (or a sample, at large scale), all within the trajectory."""
    last = case.last_day(period)
    if last is None or not domains:
        return []
    start = case.start_date
    if scale.measured_domains and scale.measured_domains < len(domains):
        indexes = sorted(rng.sample(range(len(domains)), scale.measured_domains))
        domains = [domains[index] for index in indexes]
    eind_share, mean_change = EINDMETING.get(case.end_reason, (0.0, OPEN_CASE_CHANGE))
    base = rng.gauss(profile.start_level, 0.4)
    start_levels = [rng.gauss(base, 0.8) for _ in domains]
    changes = [rng.gauss(mean_change, 0.9) for _ in domains]

    result = []
    nul_date = min(start + DAY * rng.randint(0, 21), last)
    if rng.random() >= NO_NULMETING_SHARE:
        result += [
            Measurement(case.ref, nul_date, "nulmeting", domain.code, _level(level))
            for domain, level in zip(domains, start_levels, strict=True)
        ]
    span = max((last - nul_date).days, 1)
    day = nul_date + DAY * max(30, round(rng.gauss(scale.tussenmeting_interval_days, 30)))
    while day < last - DAY * 30:
        progress = (day - nul_date).days / span
        result += [
            Measurement(
                case.ref, day, "tussenmeting", domain.code, _level(level + change * progress + rng.gauss(0, 0.4))
            )
            for domain, level, change in zip(domains, start_levels, changes, strict=True)
        ]
        day += DAY * max(30, round(rng.gauss(scale.tussenmeting_interval_days, 30)))
    if case.end_date is not None and rng.random() < eind_share:
        result += [
            Measurement(case.ref, case.end_date, "eindmeting", domain.code, _level(level + change))
            for domain, level, change in zip(domains, start_levels, changes, strict=True)
        ]
    return result
