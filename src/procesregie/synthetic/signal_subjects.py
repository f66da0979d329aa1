"""Who the demo's signals are about: a new person or household (Faker nl_NL, synthetic BSNs), or one the house knew.

New subjects are created through the subjects services with references drawn from the demo's own random stream,
so the same seed gives the same references and names. A known subject is one whose last case was closed (not by
death) and who has nothing open: a partner calls about someone the house worked with before.
"""

import datetime
import random

from django.db.models import Q
from faker import Faker

from procesregie.casework.lifecycle import LATEST_CASE_FIRST
from procesregie.casework.models import Case, CaseStatus, RegistrationStatus
from procesregie.core.refs import REF_ALPHABET
from procesregie.subjects.models import Person, System
from procesregie.subjects.services import person_create, system_create, system_member_add

from .bsn import BsnSource
from .people import birth_date_for_age

BSN_SHARE = 0.6  # of the new persons: a partner often does not know the BSN
DECEASED = "overleden"


class References:
    """Unused references `PREFIX-XXXXXXXX` (the application's form, `core.refs`) from a seeded random stream."""

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._issued: set[str] = set()

    def new(self, model, prefix: str) -> str:
        while True:
            ref = prefix + "".join(self._rng.choice(REF_ALPHABET) for _ in range(8))
            if ref not in self._issued and not model.objects.filter(ref=ref).exists():
                self._issued.add(ref)
                return ref


class Subjects:
    def __init__(self, *, seed: int, refs: References):
        self._rng = random.Random(f"{seed}:demo-signals:subjects")
        self._faker = Faker("nl_NL")
        self._faker.seed_instance(f"{seed}:demo-signals:subjects")
        self._bsns = BsnSource(random.Random(f"{seed}:demo-signals:bsn"))
        self._taken_bsns = set(Person.objects.exclude(bsn=None).values_list("bsn", flat=True))
        self._refs = refs
        self._known_taken: set[int] = set()

    def name(self) -> tuple[str, str]:
        """Voornaam, achternaam (Faker's inverted forms such as "Berg, van den" are skipped)."""
        while True:
            given, family = self._faker.first_name(), self._faker.last_name()
            if "," not in family:
                return given, family

    def _bsn(self) -> str | None:
        if self._rng.random() >= BSN_SHARE:
            return None
        while True:
            bsn = self._bsns.next()
            if bsn not in self._taken_bsns:
                self._taken_bsns.add(bsn)
                return bsn

    def new_person(self, *, age: int, on: datetime.date, municipality, family_name: str = "") -> Person:
        given, family = self.name()
        return person_create(
            actor=None, ref=self._refs.new(Person, "P-"), bsn=self._bsn(), given_name=given,
            family_name=family_name or family, birth_date=birth_date_for_age(self._rng, age, on),
            municipality=municipality,
        )

    def new_system(self, *, adult_age: int, on: datetime.date, municipality) -> System:
        """A household: one or two parents (`ouder`) and one to three children (`kind`)."""
        rng = self._rng
        parents = [self.new_person(age=adult_age, on=on, municipality=municipality)]
        if rng.random() < 0.6:
            parents.append(self.new_person(age=adult_age + rng.randint(-4, 4), on=on, municipality=municipality))
        children = [
            self.new_person(age=rng.randint(1, max(1, min(17, adult_age - 20))), on=on, municipality=municipality,
                            family_name=parents[0].family_name)
            for _ in range(rng.randint(1, 3))
        ]
        names = list(dict.fromkeys(parent.family_name for parent in parents))
        system = system_create(actor=None, ref=self._refs.new(System, "S-"), name="Familie " + " / ".join(names),
                               municipality=municipality)
        for person, role in [(parent, "ouder") for parent in parents] + [(child, "kind") for child in children]:
            system_member_add(actor=None, system=system, person=person, role=role)
        return system

    def known(self, approach, unit: str, *, among=None) -> Person | System | None:
        """A person or system of `unit` whose last case of `approach` closed and who has nothing open, not taken
        before by this run. `among`: only a subject whose latest case of all (the one a new registration links to)
        is in this queryset of cases (those a demo user sees)."""
        model, via = (System, "registrations") if unit == "system" else (Person, "registrations")
        busy = Q(**{f"{via}__status": RegistrationStatus.PENDING}) | Q(**{f"{via}__case__status": CaseStatus.IN_REGIE})
        candidates = list(
            model.objects.filter(**{f"{via}__approach": approach, f"{via}__case__status": CaseStatus.CLOSED})
            .exclude(busy)
            .exclude(**{f"{via}__case__end_reason__code": DECEASED})
            .exclude(pk__in=self._known_taken)
            .distinct().order_by("ref").values_list("pk", flat=True)
        )
        if among is not None:
            candidates = _latest_case_among(unit, candidates, among)
        if not candidates:
            return None
        pk = self._rng.choice(candidates)
        self._known_taken.add(pk)
        return model.objects.get(pk=pk)


def _latest_case_among(unit: str, subjects: list[int], among) -> list[int]:
    """Those of `subjects` (ids, in their order) whose latest case (`lifecycle.LATEST_CASE_FIRST`, as
    `registration_create` finds it) is in `among`."""
    subject = "registration__system_id" if unit == "system" else "registration__person_id"
    latest: dict[int, int] = {}
    for subject_id, case_id in Case.objects.filter(**{f"{subject}__in": subjects}).order_by(
        subject, *LATEST_CASE_FIRST
    ).values_list(subject, "pk"):
        latest.setdefault(subject_id, case_id)
    shown = set(among.filter(pk__in=latest.values()).values_list("pk", flat=True))
    return [subject_id for subject_id in subjects if latest.get(subject_id) in shown]


def subject_name(subject) -> str:
    """The name as a partner would type it."""
    if subject is None:
        return ""
    if isinstance(subject, System):
        return subject.name
    return f"{subject.given_name} {subject.family_name}".strip()


def reported_members(subject) -> list[dict]:
    """A household's members as a partner would type them ({"name", "role"}); none for a person or nobody."""
    if not isinstance(subject, System):
        return []
    return [{"name": f"{m.person.given_name} {m.person.family_name}".strip(), "role": m.role}
            for m in subject.memberships.select_related("person").order_by("pk")]


def age_on(person: Person, day: datetime.date, default: int) -> int:
    if person.birth_date is None:
        return default
    born = person.birth_date
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
