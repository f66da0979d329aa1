"""Services that write persons, systems and their members."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procesregie.core.errors import DomainError
from procesregie.core.refs import new_ref

from .bsn import validate_bsn
from .models import Person, System, SystemMember


def _checked_ref(model, ref: str | None, prefix: str) -> str:
    ref = (ref or "").strip()
    if not ref:
        return new_ref(model, prefix)
    if len(ref) > model._meta.get_field("ref").max_length:
        raise DomainError(_("Deze referentie is te lang."))
    if model.objects.filter(ref=ref).exists():
        raise DomainError(_("Deze referentie is al in gebruik."))
    return ref


@transaction.atomic
def person_create(
    *,
    actor,
    ref: str | None = None,
    bsn: str | None = None,
    given_name: str,
    family_name: str,
    birth_date: datetime.date | None = None,
    municipality=None,
) -> Person:
    """Register a person. The BSN is optional; when given it must pass the 11-proef and be new."""
    given_name, family_name = (given_name or "").strip(), (family_name or "").strip()
    if not (given_name or family_name):
        raise DomainError(_("Vul ten minste een voornaam of een achternaam in."))
    if birth_date is not None and birth_date > timezone.localdate():
        raise DomainError(_("De geboortedatum ligt in de toekomst."))
    if max(len(given_name), len(family_name)) > Person._meta.get_field("family_name").max_length:
        raise DomainError(_("Deze naam is te lang."))
    bsn = validate_bsn(bsn) if bsn is not None and str(bsn).strip() else None
    if bsn is not None and Person.objects.filter(bsn=bsn).exists():
        raise DomainError(_("Dit BSN is al geregistreerd."))
    person = Person(
        ref=_checked_ref(Person, ref, "P-"),
        bsn=bsn,
        given_name=given_name,
        family_name=family_name,
        birth_date=birth_date,
        municipality=municipality,
    )
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:  # a concurrent registration of the same BSN or ref
        raise DomainError(_("Dit BSN of deze referentie is al geregistreerd.")) from None
    return person


@transaction.atomic
def system_member_add(*, actor, system: System, person: Person, role: str = "") -> SystemMember:
    """Add a person to a system (household) with an optional free-text role (ouder, kind, ...)."""
    role = (role or "").strip()
    if len(role) > SystemMember._meta.get_field("role").max_length:
        raise DomainError(_("Deze rol is te lang."))
    if SystemMember.objects.filter(system=system, person=person).exists():
        raise DomainError(_("Deze persoon is al lid van dit systeem."))
    try:
        with transaction.atomic():
            return SystemMember.objects.create(system=system, person=person, role=role)
    except IntegrityError:
        raise DomainError(_("Deze persoon is al lid van dit systeem.")) from None


@transaction.atomic
def system_create(*, actor, ref: str | None = None, name: str, municipality=None, members=()) -> System:
    """Register a system (one or more households) and, optionally, its members (persons)."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Vul een naam voor het systeem in."))
    if len(name) > System._meta.get_field("name").max_length:
        raise DomainError(_("Deze naam is te lang."))
    system = System.objects.create(ref=_checked_ref(System, ref, "S-"), name=name, municipality=municipality)
    for person in members:
        system_member_add(actor=actor, system=system, person=person)
    return system
