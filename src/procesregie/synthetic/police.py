"""Police registrations of persons around their first case discussion (for the recidivism measurement).

`police_registrations` draws them at random (Poisson means per approach profile); `exact_registrations` spreads
given totals over a group of persons, so that a calibrated dataset's recidivism figures come out exactly
(shared/spec/outcomes.md: before = [d - 365, d - 1], after = [d + 1, d + 365], nothing on d itself).
"""

import datetime
import math
import random
from dataclasses import dataclass

from .people import Person
from .trajectories import DAY, Period

MISDRIJF_SHARE = 0.65
YEAR_DAYS = 365
KINDS = ("misdrijf", "overtreding")
# A registration declined at triage: the person was registered in a bad year too, a little less often than the
# ones taken in regie, and some decline follows anyway (regression to the mean): the outcomes report's yardstick.
DECLINED_BEFORE_SHARE = 0.6  # of the approach's police_before
DECLINED_AFTER_SHARE = 0.8  # after / before of a declined person
# Persons differ: a few account for many registrations (gamma-distributed intensity), and who had many before
# tends to have many after.
INTENSITY_SHAPE = 0.9
AFTER_SPREAD = 0.5


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


def registration_weight(person: Person, day: datetime.date) -> float:
    """How likely a member of a system is to be registered by the police: adults fully, teenagers a little,
    young children never."""
    age = person.age_on(day)
    return 1.0 if age >= 18 else 0.3 if age >= 12 else 0.0


def police_registrations(
    person: Person, pivot: datetime.date, *, before: float, after: float, period: Period, rng: random.Random
) -> list[PoliceRegistration]:
    """Registrations in the year before `pivot` (the first discussion) and in the year after it.

    Nothing after the end of the period or after the person died.
    """
    last = min(period.last, person.died_on or period.last)
    days = [pivot - DAY * rng.randint(1, YEAR_DAYS) for _ in range(poisson(rng, before))]
    days += [pivot + DAY * rng.randint(1, YEAR_DAYS) for _ in range(poisson(rng, after))]
    # Every draw is made before the cut, so the registrations up to a day do not depend on how far the data goes.
    kinds = ["misdrijf" if rng.random() < MISDRIJF_SHARE else "overtreding" for _ in days]
    return [PoliceRegistration(person.ref, day, kind) for day, kind in sorted(zip(days, kinds, strict=True)) if day <= last]


def declined_means(police_before: float) -> tuple[float, float]:
    """The Poisson means (before, after) of a person whose registration was declined, around the triage day."""
    before = police_before * DECLINED_BEFORE_SHARE
    return before, before * DECLINED_AFTER_SHARE


@dataclass(frozen=True)
class Followed:
    """A person counted in a recidivism figure: their reference day `d`, and the last day a registration after
    it may fall on (their death, or the end of the data)."""

    person: Person
    day: datetime.date
    until: datetime.date
    weight: float = 1.0  # relative chance of a registration (a young child of a system: 0)

    @property
    def after_days(self) -> int:
        return max(0, min(YEAR_DAYS, (self.until - self.day).days))


def _spread(total: int, weights: list[float], rng: random.Random, persons_any: int | None, label: str) -> list[int]:
    """`total` registrations over the persons by weight; with `persons_any`, exactly that many get at least one."""
    eligible = [index for index, weight in enumerate(weights) if weight > 0]
    counts = [0] * len(weights)
    if persons_any is None:
        if total and not eligible:
            raise ValueError(f"{label} ({total}): nobody to register")
        for index in rng.choices(eligible, [weights[i] for i in eligible], k=total) if total else ():
            counts[index] += 1
        return counts
    if persons_any > total or persons_any > len(eligible) or (total and not persons_any):
        raise ValueError(f"{label} ({total}): cannot be spread over exactly {persons_any} of {len(eligible)} persons")
    chosen: list[int] = []
    pool = list(eligible)
    for _ in range(persons_any):  # weighted sample without replacement
        index = rng.choices(range(len(pool)), [weights[i] for i in pool])[0]
        chosen.append(pool.pop(index))
    for index in chosen:
        counts[index] = 1
    for index in rng.choices(chosen, [weights[i] for i in chosen], k=total - persons_any) if chosen else ():
        counts[index] += 1
    return counts


def exact_registrations(
    group: list[Followed], *, before: int, after: int, rng: random.Random, persons_any_before: int | None = None,
    persons_any_after: int | None = None, kinds: dict[str, tuple[int, int]] | None = None,
) -> list[PoliceRegistration]:
    """Exactly `before` registrations in the persons' years before their day and `after` in the years after.

    `kinds`: exact (before, after) per kind; otherwise each is a misdrijf with `MISDRIJF_SHARE`. Raises
    ValueError (naming the figure) when the group cannot carry the totals, e.g. registrations without persons.
    """
    intensity = [(rng.gammavariate(INTENSITY_SHAPE, 1.0) + 0.05) * followed.weight for followed in group]
    before_counts = _spread(before, intensity, rng, persons_any_before, "registrations_before")
    after_weights = [
        weight * rng.lognormvariate(0.0, AFTER_SPREAD) * (followed.after_days > 0)
        for weight, followed in zip(intensity, group, strict=True)
    ]
    after_counts = _spread(after, after_weights, rng, persons_any_after, "registrations_after")
    days: list[tuple[Followed, datetime.date, str]] = []
    for followed, number_before, number_after in zip(group, before_counts, after_counts, strict=True):
        days += [(followed, followed.day - DAY * rng.randint(1, YEAR_DAYS), "before") for _ in range(number_before)]
        days += [(followed, followed.day + DAY * rng.randint(1, followed.after_days), "after")
                 for _ in range(number_after)]
    if kinds is not None and any(sum(pair[index] for pair in kinds.values()) != number
                                 for index, number in enumerate((before, after))):
        raise ValueError(f"by_kind: the kinds do not add up to {before} before and {after} after")
    if kinds is None:
        labels = ["misdrijf" if rng.random() < MISDRIJF_SHARE else "overtreding" for _ in days]
    else:
        pools = {side: [kind for kind, pair in kinds.items() for _ in range(pair[index])]
                 for index, side in enumerate(("before", "after"))}
        for side in pools.values():
            rng.shuffle(side)
        labels = [pools[side].pop() for _, _, side in days]
    registrations = [
        PoliceRegistration(followed.person.ref, day, kind) for (followed, day, _), kind in zip(days, labels, strict=True)
    ]
    return sorted(registrations, key=lambda registration: (registration.person_ref, registration.date))
