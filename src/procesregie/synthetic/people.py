"""Synthetic persons and systems (households): Dutch names from Faker nl_NL, valid BSNs, birth dates.

Never real persons. Every new person or system is written to the dataset at once.
"""

import datetime
import random
from dataclasses import dataclass, field

from faker import Faker

from .bsn import BsnSource
from .profiles import DEFAULT_MUNICIPALITY_WEIGHT, MUNICIPALITY_WEIGHTS
from .region import Region
from .writer import DatasetWriter


@dataclass
class Person:
    ref: str
    given_name: str
    family_name: str
    birth_date: datetime.date
    municipality: str
    male: bool
    bsn: str = ""
    died_on: datetime.date | None = None

    def age_on(self, day: datetime.date) -> int:
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


@dataclass
class System:
    ref: str
    name: str
    municipality: str
    members: list[tuple[Person, str]] = field(default_factory=list)  # (person, role)

    @property
    def adults(self) -> list[Person]:
        return [person for person, role in self.members if role == "ouder"]


def birth_date_for_age(rng: random.Random, age: int, on: datetime.date) -> datetime.date:
    """A random birth date of someone who is `age` years old on `on`."""
    return on - datetime.timedelta(days=round(age * 365.25) + rng.randrange(365))


class Residences:
    """Picks municipalities of the region, weighted by inhabitants, optionally within some districts."""

    def __init__(self, region: Region, rng: random.Random):
        self._rng = rng
        self._by_district: dict[str | None, tuple[list[str], list[float]]] = {}
        for municipality in region.municipalities:
            for key in (None, municipality.district):
                codes, weights = self._by_district.setdefault(key, ([], []))
                codes.append(municipality.code)
                weights.append(MUNICIPALITY_WEIGHTS.get(municipality.code, DEFAULT_MUNICIPALITY_WEIGHT))
        self._district_of = {municipality.code: municipality.district for municipality in region.municipalities}

    def pick(self, districts: tuple[str, ...] | None = None) -> str:
        codes: list[str] = []
        weights: list[float] = []
        for district in districts or (None,):
            district_codes, district_weights = self._by_district.get(district, ([], []))
            codes += district_codes
            weights += district_weights
        if not codes:  # a profile names a district this region does not have
            codes, weights = self._by_district[None]
        return self._rng.choices(codes, weights)[0]

    def district(self, municipality_code: str) -> str:
        return self._district_of[municipality_code]


class People:
    """Creates persons and systems with their own random streams, and writes them to the dataset."""

    def __init__(self, *, seed: int, writer: DatasetWriter, bsn_share: float = 0.9, shared_adult_share: float = 0.05):
        self._rng = random.Random(f"{seed}:people")
        self._faker = Faker("nl_NL")
        self._faker.seed_instance(seed)
        self._bsns = BsnSource(random.Random(f"{seed}:bsn"))
        self._writer = writer
        self._bsn_share = bsn_share
        self._shared_adult_share = shared_adult_share
        self._person_count = 0
        self._system_count = 0
        self._adults_in_one_system: list[Person] = []

    def person(
        self, *, age: int, on: datetime.date, municipality: str, male: bool, family_name: str | None = None
    ) -> Person:
        """A new person of `age` on `on`."""
        self._person_count += 1
        faker = self._faker
        person = Person(
            ref=f"P{self._person_count:06d}",
            given_name=faker.first_name_male() if male else faker.first_name_female(),
            family_name=family_name or faker.last_name(),
            birth_date=birth_date_for_age(self._rng, age, on),
            municipality=municipality,
            male=male,
            bsn=self._bsns.next() if self._rng.random() < self._bsn_share else "",
        )
        self._writer.write(
            "persons.csv", person.ref, person.bsn, person.given_name, person.family_name, person.birth_date,
            person.municipality,
        )
        return person

    def system(
        self, *, on: datetime.date, municipality: str, adult_ages: tuple[int, int], size: int | None = None
    ) -> System:
        """A new system of 2-6 members (exactly `size` when given): one or two parents (`ouder`) and children
        (`kind`).

        Now and then a parent of an earlier system is a member of this one too (a new household), so a few
        persons are members of two systems.
        """
        rng = self._rng
        exact = size is not None
        size = size if exact else rng.randint(2, 6)
        adult_count = 1 if rng.random() < 0.35 else 2
        if exact:
            adult_count = min(adult_count, size)
        adults: list[Person] = []
        if self._adults_in_one_system and rng.random() < self._shared_adult_share:
            candidate = self._adults_in_one_system.pop(rng.randrange(len(self._adults_in_one_system)))
            if candidate.died_on is None:
                adults.append(candidate)
        shared = list(adults)
        first_male = adults[0].male if adults else rng.random() < 0.5
        while len(adults) < adult_count:
            male = first_male if not adults else (first_male if rng.random() < 0.05 else not first_male)
            adults.append(self.person(age=rng.randint(*adult_ages), on=on, municipality=municipality, male=male))
        youngest_adult = min(adult.age_on(on) for adult in adults)
        child_count = size - len(adults) if exact else max(size - len(adults), 1 if len(adults) == 1 else 0)
        children = [
            self.person(
                age=rng.randint(0, max(0, min(17, youngest_adult - 18))), on=on, municipality=municipality,
                male=rng.random() < 0.5, family_name=rng.choice([adult.family_name for adult in adults]),
            )
            for _ in range(child_count)
        ]
        family_names = list(dict.fromkeys(adult.family_name for adult in adults))
        self._system_count += 1
        system = System(
            ref=f"S{self._system_count:05d}",
            name="Familie " + " / ".join(family_names),
            municipality=municipality,
            members=[(adult, "ouder") for adult in adults] + [(child, "kind") for child in children],
        )
        self._writer.write("systems.csv", system.ref, system.name, system.municipality)
        for person, role in system.members:
            self._writer.write("system_members.csv", system.ref, person.ref, role)
        self._adults_in_one_system += [adult for adult in adults if adult not in shared]
        return system
