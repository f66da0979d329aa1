"""Police registrations of persons around their first case discussion (for the recidivism measurement)."""

import datetime
import math
import random
from dataclasses import dataclass

from .people import Person
from .trajectories import DAY, Period

MISDRIJF_SHARE = 0.65
YEAR_DAYS = 365


@dataclass(frozen=True)
class PoliceRegistration:
    person_ref: str
    date: datetime.date
    kind: str

    def row(self) -> tuple:
        return self.person_ref, self.date, self.kind


def poisson(rng: random.Random, mean: float) -> int:
    """A Poisson-distributed count (Knuth's method; the means here are small)."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def police_registrations(
    person: Person, pivot: datetime.date, *, before: float, after: float, period: Period, rng: random.Random
) -> list[PoliceRegistration]:
    """Registrations in the year before `pivot` (the first discussion) and in the year after it.

    Nothing after the end of the period or after the person died.
    """
    last = min(period.last, person.died_on or period.last)
    days = [pivot - DAY * rng.randint(1, YEAR_DAYS) for _ in range(poisson(rng, before))]
    days += [pivot + DAY * rng.randint(1, YEAR_DAYS) for _ in range(poisson(rng, after))]
    return [
        PoliceRegistration(person.ref, day, "misdrijf" if rng.random() < MISDRIJF_SHARE else "overtreding")
        for day in sorted(days)
        if day <= last
    ]
