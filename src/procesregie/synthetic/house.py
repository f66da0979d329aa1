"""A house at random: registrations spread over the years by approach share, each followed to its end.

This is the uncalibrated mode of `demo-data`. A calibrated mode can plan its cases differently and reuse
`People`, `Partners`, `Courses` and `CaseActivity` for everything around them.
"""

import datetime
import random
from collections.abc import Callable

from .activity import CaseActivity
from .partners import Partners
from .people import People, Person, Residences, System
from .profiles import TRANSFER_REASON, ApproachProfile, Scale, approach_profile
from .region import Approach, Region
from .trajectories import DAY, CaseRecord, Courses, Period, workday
from .writer import DatasetWriter

RETURN_SHARE = 0.07  # registrations of a subject that was registered before
MAX_TRANSFERS = 2  # internal transfers in one chain of trajectories
DECLINED_RETURN_AFTER = DAY * 60
CLOSED_RETURN_AFTER = DAY * 30

Subject = Person | System


class ReturningSubjects:
    """Subjects that may be registered again: declined ones, and ones whose trajectory closed."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._items: list[tuple[datetime.date, Subject]] = []

    def release(self, subject: Subject, available_from: datetime.date) -> None:
        self._items.append((available_from, subject))

    def take(self, on: datetime.date, accept: Callable[[Subject], bool], tries: int = 8) -> Subject | None:
        for _ in range(min(tries, len(self._items))):
            index = self._rng.randrange(len(self._items))
            available_from, subject = self._items[index]
            if available_from < on and accept(subject):
                self._items[index] = self._items[-1]
                self._items.pop()
                return subject
        return None


class RandomHouse:
    """Generates the casework of one house over a period and writes it (persons and systems as they appear)."""

    def __init__(self, *, region: Region, scale: Scale, period: Period, seed: int, writer: DatasetWriter,
                 police_until: datetime.date | None = None):
        self._region = region
        self._scale = scale
        self._period = period
        self._rng = random.Random(f"{seed}:registrations")
        self._residences = Residences(region, random.Random(f"{seed}:residences"))
        self._partners = Partners(region, random.Random(f"{seed}:partners"))
        self._people = People(seed=seed, writer=writer)
        self._courses = Courses(region, random.Random(f"{seed}:courses"), period, scale.duration_factor)
        self._activity = CaseActivity(
            region=region, scale=scale, period=period, partners=self._partners, seed=seed, writer=writer,
            police_until=police_until,
        )
        self._returning = ReturningSubjects(random.Random(f"{seed}:returning"))
        self._case_count = 0

    def run(self) -> None:
        for registered_on, approach in self.registrations():
            self._register(approach, registered_on)

    def registrations(self) -> list[tuple[datetime.date, Approach]]:
        """(date, approach) of every new registration, in date order; about the scale's number per year."""
        rng, period = self._rng, self._period
        leaves = self._region.leaf_approaches()
        weights = [approach_profile(approach).weight for approach in leaves]
        total = sum(weights) or 1
        planned = []
        for year in range(period.first.year, period.last.year + 1):
            first_day = datetime.date(year, 1, 1)
            days_in_year = (datetime.date(year + 1, 1, 1) - first_day).days
            for index, (approach, weight) in enumerate(zip(leaves, weights, strict=True)):
                mean = self._scale.registrations_per_year * weight / total
                for _ in range(max(0, round(rng.gauss(mean, mean**0.5)))):
                    day = workday(first_day + DAY * rng.randrange(days_in_year))
                    if day <= period.last:
                        planned.append((day, index, approach))
        planned.sort(key=lambda item: (item[0], item[1]))
        return [(day, approach) for day, _, approach in planned]

    def _next_ref(self) -> str:
        self._case_count += 1
        return f"C{self._case_count:06d}"

    def _register(self, approach: Approach, on: datetime.date) -> None:
        profile = approach_profile(approach)
        subject = self._subject(approach, profile, on)
        case = CaseRecord(
            ref=self._next_ref(), subject_ref=subject.ref, approach=approach.code, municipality=subject.municipality,
            reported_by=self._partners.reporter(profile, subject.municipality), registered_on=on,
        )
        self._courses.triage(case, profile)
        self._follow(case, approach, profile, subject, depth=0)

    def _follow(self, case: CaseRecord, approach: Approach, profile: ApproachProfile, subject: Subject, depth: int):
        """Close the case (if it ends within the period), write it, and continue it after an internal transfer."""
        persons = [subject] if isinstance(subject, Person) else subject.adults
        target = None
        if case.start_date is not None:
            may_transfer = depth < MAX_TRANSFERS and bool(self._transfer_targets(approach, subject, case.start_date))
            self._courses.close(case, profile, allow_transfer=may_transfer)
            if case.end_reason == TRANSFER_REASON:
                targets = self._transfer_targets(approach, subject, case.end_date)
                if targets:
                    target = self._region.approach(self._rng.choice(targets))
                else:
                    case.end_reason = self._courses.end_reason(profile, allow_transfer=False)
            if case.end_reason == "overleden":
                self._rng.choice(persons).died_on = case.end_date
        self._activity.write(case, profile, persons, police=depth == 0)
        if target is not None:
            continuation = CaseRecord(
                ref=self._next_ref(), subject_ref=subject.ref, approach=target.code, municipality=subject.municipality,
                reported_by=self._partners.house, registered_on=case.end_date, triage_decision="accepted",
                triage_on=case.end_date, start_date=case.end_date, transferred_from=case.ref,
            )
            self._follow(continuation, target, approach_profile(target), subject, depth + 1)
        elif case.triage_decision == "declined":
            self._returning.release(subject, case.triage_on + DECLINED_RETURN_AFTER)
        elif case.end_date is not None and case.end_reason != "overleden":
            self._returning.release(subject, case.end_date + CLOSED_RETURN_AFTER)

    def _transfer_targets(self, approach: Approach, subject: Subject, on: datetime.date) -> list[str]:
        age = subject.age_on(on) if isinstance(subject, Person) else None
        return self._courses.transfer_targets(approach, self._residences.district(subject.municipality), age)

    def _subject(self, approach: Approach, profile: ApproachProfile, on: datetime.date) -> Subject:
        rng = self._rng
        if rng.random() < RETURN_SHARE:
            returning = self._returning.take(on, lambda subject: self._fits(subject, approach, profile, on))
            if returning is not None:
                return returning
        municipality = self._residences.pick(profile.districts)
        if approach.unit == "system":
            return self._people.system(on=on, municipality=municipality, adult_ages=profile.age_range)
        low, high = profile.age_range
        age = round(rng.triangular(low, high, low + (high - low) * 0.25))
        return self._people.person(age=age, on=on, municipality=municipality, male=rng.random() < profile.male_share)

    def _fits(self, subject: Subject, approach: Approach, profile: ApproachProfile, on: datetime.date) -> bool:
        if isinstance(subject, System) != (approach.unit == "system"):
            return False
        if profile.districts is not None and self._residences.district(subject.municipality) not in profile.districts:
            return False
        if isinstance(subject, Person):
            return subject.died_on is None and profile.age_range[0] <= subject.age_on(on) <= profile.age_range[1]
        return True
