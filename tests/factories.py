"""factory_boy factories with synthetic Dutch data (Faker nl_NL). No real personal data, ever.

ClosingReason rows come from a data migration: fetch them with `closing_reason(code)`, never create them.
"""

import datetime
import functools

import factory
from django.contrib.auth.hashers import make_password
from factory.django import DjangoModelFactory

from procesregie.accounts.models import Organisation, OrganisationKind, User
from procesregie.casework.models import Case, CaseStatus, Participation, Registration, RegistrationStatus
from procesregie.reference.models import (
    Approach,
    ClosingReason,
    District,
    DurationScheme,
    Intervention,
    LifeDomain,
    Municipality,
    Table,
    Unit,
)
from procesregie.subjects.models import Person, System, SystemMember

factory.Faker._DEFAULT_LOCALE = "nl_NL"


def bsn_checksum(digits: str) -> int:
    """The 11-proef sum of nine digits modulo 11; 0 means valid."""
    return (sum((9 - i) * int(d) for i, d in enumerate(digits[:8])) - int(digits[8])) % 11


def complete_bsn(prefix: str) -> str | None:
    """The valid BSN that starts with these eight digits, or None when no check digit fits."""
    check = sum((9 - i) * int(d) for i, d in enumerate(prefix)) % 11
    return prefix + str(check) if check < 10 else None


def _synthetic_bsns():
    # A fixed high block, far from the numbers the BSN tests compute themselves.
    for prefix in range(99_000_000, 100_000_000):
        bsn = complete_bsn(f"{prefix:08d}")
        if bsn is not None:
            yield bsn


_bsn_source = _synthetic_bsns()


def synthetic_bsn() -> str:
    """A fresh, valid, synthetic BSN (unique within a test run)."""
    return next(_bsn_source)


def closing_reason(code: str) -> ClosingReason:
    """A closing reason from the data migration (positief, negatief, overdracht_intern, ...)."""
    return ClosingReason.objects.get(code=code)


PASSWORD = "synthetisch-wachtwoord-123"

# Hashing with the production hasher takes a noticeable fraction of a second; hash each password once per run.
_hash_password = functools.cache(make_password)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Faker("company")
    kind = OrganisationKind.ZORG

    class Params:
        house = factory.Trait(kind=OrganisationKind.ZVH, name="Zorg- en Veiligheidshuis (synthetisch)")
        police = factory.Trait(kind=OrganisationKind.POLITIE)
        municipal = factory.Trait(kind=OrganisationKind.GEMEENTE)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.django.Password(PASSWORD, transform=_hash_password)

    class Params:
        # As interchange v2's staff.csv creates a new account: inactive, an unusable password, no second factor
        # and no e-mail address (staff.csv has none); an invitation activates it.
        imported = factory.Trait(is_active=False, email="", password=factory.LazyFunction(lambda: make_password(None)))


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"District {n}")


class MunicipalityFactory(DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"GM{9000 + n}")
    name = factory.Faker("city")
    district = factory.SubFactory(DistrictFactory)


class ApproachFactory(DjangoModelFactory):
    class Meta:
        model = Approach
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"aanpak-{n}")
    name = factory.Sequence(lambda n: f"Aanpak {n}")
    unit = Unit.PERSON
    duration_scheme = DurationScheme.YEARS

    class Params:
        system = factory.Trait(unit=Unit.SYSTEM)
        months = factory.Trait(duration_scheme=DurationScheme.MONTHS)


class LifeDomainFactory(DjangoModelFactory):
    class Meta:
        model = LifeDomain
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"leefgebied-{n}")
    name = factory.Sequence(lambda n: f"Leefgebied {n}")
    position = factory.Sequence(lambda n: n)


class InterventionFactory(DjangoModelFactory):
    class Meta:
        model = Intervention
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"interventie-{n}")
    name = factory.Sequence(lambda n: f"Interventie {n}")


class TableFactory(DjangoModelFactory):
    class Meta:
        model = Table
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"tafel-{n}")
    name = factory.Sequence(lambda n: f"Overlegtafel {n}")
    approach = factory.SubFactory(ApproachFactory)
    cadence = "wekelijks"

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        """`members=[org, ...]` sets the member organisations."""
        if create and extracted:
            self.members.set(extracted)


class PersonFactory(DjangoModelFactory):
    """A synthetic person with a valid synthetic BSN; `no_bsn=True` for a person without one."""

    class Meta:
        model = Person

    ref = factory.Sequence(lambda n: f"P-T{n:05d}")
    bsn = factory.LazyFunction(synthetic_bsn)
    given_name = factory.Faker("first_name")
    family_name = factory.Faker("last_name")
    birth_date = factory.Faker("date_of_birth", minimum_age=12, maximum_age=80)
    municipality = None

    class Params:
        no_bsn = factory.Trait(bsn=None)


class SystemFactory(DjangoModelFactory):
    """A system (household). `members=[person, ...]` or `members=3` adds members."""

    class Meta:
        model = System
        skip_postgeneration_save = True

    ref = factory.Sequence(lambda n: f"S-T{n:05d}")
    name = factory.LazyAttribute(lambda o: f"Systeem {o.family}")
    municipality = None

    class Params:
        family = factory.Faker("last_name")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        persons = [PersonFactory() for _ in range(extracted)] if isinstance(extracted, int) else extracted
        for person in persons:
            SystemMember.objects.create(system=self, person=person)


class RegistrationFactory(DjangoModelFactory):
    """A pending registration of a person. Traits: `accepted`, `declined`, `for_system`."""

    class Meta:
        model = Registration

    ref = factory.Sequence(lambda n: f"A-T{n:05d}")
    person = factory.SubFactory(PersonFactory)
    system = None
    approach = factory.SubFactory(ApproachFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    reported_by = factory.SubFactory(OrganisationFactory)
    registered_on = factory.Faker("date_between", start_date="-3y", end_date="-200d")
    reason = factory.Faker("sentence", nb_words=8)
    status = RegistrationStatus.PENDING
    triage_on = None

    class Params:
        accepted = factory.Trait(
            status=RegistrationStatus.ACCEPTED,
            triage_on=factory.LazyAttribute(lambda o: o.registered_on + datetime.timedelta(days=14)),
        )
        declined = factory.Trait(
            status=RegistrationStatus.DECLINED,
            triage_on=factory.LazyAttribute(lambda o: o.registered_on + datetime.timedelta(days=14)),
            triage_note="Advies: eerst via het sociaal wijkteam.",
        )
        for_system = factory.Trait(
            person=None,
            system=factory.SubFactory(SystemFactory),
            approach=factory.SubFactory(ApproachFactory, system=True),
        )


class CaseFactory(DjangoModelFactory):
    """A case in regie with its accepted registration. Trait `closed` closes it `positief` after 90 days."""

    class Meta:
        model = Case

    registration = factory.SubFactory(RegistrationFactory, accepted=True)
    status = CaseStatus.IN_REGIE
    start_date = factory.LazyAttribute(lambda o: o.registration.triage_on)
    end_date = None
    end_reason = None

    class Params:
        closed = factory.Trait(
            status=CaseStatus.CLOSED,
            end_date=factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=90)),
            end_reason=factory.LazyFunction(lambda: closing_reason("positief")),
        )


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = Participation

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SubFactory(OrganisationFactory)
