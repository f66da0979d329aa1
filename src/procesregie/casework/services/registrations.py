"""Registrations (aanmeldingen): submitting one from the form, and the triage decision.

`registration_submit` is what the registration form calls: it finds or creates the subject and registers it.
A person who is already known (same BSN, or same name and birth date) is never created twice. When the actor
may see the known person (`persons_visible_to`), the service refuses with `KnownPersons` until the caller
confirms that the registration may be attached; that refusal says *that* a person is known and nothing else (no
case, approach, count or data). When the actor may not see the known person, the registration behaves exactly
as for an unknown person (no question, the same confirmation) and is attached silently: telling them would
make the form an oracle for "is this BSN known here?". So is a system's: two member rows that match the same person
the actor may not see make that person a member once (`members.members_once`), and only rows that are the same as
typed are refused (`members.typed_twice`). The procesregisseur sees the match at triage. Every match, shown or not,
is logged as a read of that data subject.
"""

import datetime
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procesregie.access.capabilities import REGISTER, may
from procesregie.access.rules import HANDLE, TRIAGE, persons_visible_to
from procesregie.audit.models import Action
from procesregie.audit.services import AccessTarget, record_access, record_accesses
from procesregie.core.errors import DomainError
from procesregie.core.refs import new_ref
from procesregie.core.text import clean_text
from procesregie.reference.models import Unit
from procesregie.subjects.bsn import validate_bsn
from procesregie.subjects.models import Person
from procesregie.subjects.services import person_create, system_create, system_member_add

from .. import lifecycle
from ..models import Case, Registration, Urgency
from ._common import (
    add_participations,
    authorise,
    check_not_future,
    check_procesregisseur,
    check_table,
    locked,
    log_case,
    log_registration,
    not_found,
    subject_unit,
    unit_label,
)
from .members import members_once, typed_twice

REASON_MAX_LENGTH = 5000


def _check_reporter(actor, reported_by, *, approach=None, from_signal=None) -> None:
    """A user registers on behalf of their own organisation, as a ketenpartner or procesregisseur; or, turning a
    signal into a registration, a procesregisseur who handles that signal registers on behalf of the organisation that
    reported it, for the signal's approach."""
    if actor is None:
        return
    if from_signal is not None:
        authorise(actor, HANDLE, from_signal)
        if reported_by is None or reported_by.pk != from_signal.reported_by_id or approach.pk != from_signal.approach_id:
            raise DomainError(_("Een aanmelding uit een melding is van de meldende organisatie, voor dezelfde aanpak."))
        return
    if not may(actor, REGISTER):
        raise not_found()
    if reported_by is None or reported_by.pk != actor.organisation_id:
        raise DomainError(_("Een aanmelding wordt gedaan namens uw eigen organisatie."))


@dataclass(frozen=True)
class ContactPerson:
    """The contact person of the registering organisation for one registration."""

    name: str = ""
    phone: str = ""
    email: str = ""


def clean_contact(contact: ContactPerson) -> ContactPerson:
    name = clean_text(contact.name, max_length=Registration._meta.get_field("contact_name").max_length)
    phone = clean_text(contact.phone)
    email = clean_text(contact.email)
    if len(phone) > Registration._meta.get_field("contact_phone").max_length or (
        phone and not re.fullmatch(r"[0-9+()\- ]{6,}", phone)
    ):
        raise DomainError(_("Vul een geldig telefoonnummer in."))
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(_("Vul een geldig e-mailadres in.")) from None
    return ContactPerson(name=name, phone=phone, email=email)


@transaction.atomic
def registration_create(
    *,
    actor,
    subject,
    approach,
    municipality,
    reported_by,
    registered_on: datetime.date,
    reason: str = "",
    ref: str | None = None,
    reported_name: str = "",
    urgency: str = Urgency.NORMAL,
    contact: ContactPerson | None = None,
    reported_members: Sequence[dict] = (),
    from_signal=None,
    request=None,
) -> Registration:
    """Register a person or system for an approach. It waits for triage (`pending`). When the subject's latest case
    is closed, the registration links to it (`previous_case`). `contact`: who of the registering organisation to
    call about it; `reported_members`: a system's members as typed ({"name", "role"}). `from_signal`: the signal
    (`signals.Signal`) this registration is made from by a procesregisseur who handles it, on behalf of the
    organisation that reported it (the signal service links the two).

    Logged as one `create` entry per data subject (the person; or the system and each of its members).
    """
    _check_reporter(actor, reported_by, approach=approach, from_signal=from_signal)
    unit = subject_unit(subject)
    if approach.unit != unit:
        raise DomainError(
            _("De aanpak %(approach)s is bedoeld voor een %(expected)s, niet voor een %(given)s.")
            % {"approach": approach, "expected": unit_label(approach.unit), "given": unit_label(unit)}
        )
    check_not_future(registered_on, _("De datum van aanmelding ligt in de toekomst."))
    if urgency not in Urgency.values:
        raise DomainError(_("Kies de urgentie: normaal of spoed."))
    contact = clean_contact(contact or ContactPerson())
    ref = (ref or "").strip() or new_ref(Registration, "A-")
    if len(ref) > Registration._meta.get_field("ref").max_length:
        raise DomainError(_("Deze referentie is te lang."))
    if Registration.objects.filter(ref=ref).exists():
        raise DomainError(_("Deze referentie is al in gebruik."))
    registration = Registration(
        ref=ref,
        person=subject if unit == Unit.PERSON else None,
        system=subject if unit == Unit.SYSTEM else None,
        approach=approach,
        municipality=municipality,
        reported_by=reported_by,
        registered_on=registered_on,
        reason=clean_text(reason, max_length=REASON_MAX_LENGTH),
        reported_name=clean_text(reported_name, max_length=Registration._meta.get_field("reported_name").max_length),
        created_by=actor if getattr(actor, "pk", None) else None,
        previous_case=_closed_previous_case(subject, unit),
        urgency=urgency,
        contact_name=contact.name,
        contact_phone=contact.phone,
        contact_email=contact.email,
        reported_members=[
            {"name": clean_text(str(member.get("name", "")), max_length=400),
             "role": clean_text(str(member.get("role", "")), max_length=100)}
            for member in reported_members
        ],
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:  # a concurrent registration with the same ref
        raise DomainError(_("Deze referentie is al in gebruik.")) from None
    log_registration(actor=actor, action=Action.CREATE, registration=registration, request=request)
    return registration


def _closed_previous_case(subject, unit) -> Case | None:
    """The subject's latest case when it is closed: the registration starts a new trajectory after it (a case that
    can still be reopened is linked too, so the triage can offer that instead)."""
    cases = Case.objects.filter(**{"registration__person" if unit == Unit.PERSON else "registration__system": subject})
    latest = cases.order_by(*lifecycle.LATEST_CASE_FIRST).first()
    return latest if latest is not None and latest.status == lifecycle.CLOSED else None


# --- submitting the registration form -------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonDetails:
    """A person as typed into the registration form."""

    given_name: str
    family_name: str
    birth_date: datetime.date | None = None
    bsn: str | None = None
    municipality: object = None
    role: str = ""  # the role in a system (ouder, kind, ...); unused for a person's own registration


@dataclass(frozen=True)
class SystemDetails:
    name: str
    municipality: object = None
    members: Sequence[PersonDetails] = field(default_factory=tuple)


@dataclass(frozen=True)
class Submission:
    registration: Registration
    known: tuple[int, ...]  # positions of the persons that were already known (0 for a person's registration)


class KnownPersons(DomainError):
    """Some persons in the form are already known; `positions` says which (0 for the person, or member rows).

    Shown as "Deze persoon is al bekend" and nothing more. Submit again with `attach_known=True` to attach.
    """

    def __init__(self, positions: Sequence[int]):
        super().__init__(_("Deze persoon is al bekend."))
        self.positions = tuple(positions)


def clean_person_details(details: PersonDetails) -> PersonDetails:
    bsn = validate_bsn(details.bsn) if details.bsn and str(details.bsn).strip() else None
    return PersonDetails(
        given_name=clean_text(details.given_name),
        family_name=clean_text(details.family_name),
        birth_date=details.birth_date,
        bsn=bsn,
        municipality=details.municipality,
        role=clean_text(details.role),
    )


def known_person(details: PersonDetails) -> Person | None:
    """The registered person these details describe, if any.

    The same BSN; or, when that finds nobody, the same given and family name (ignoring case) and birth date, among
    persons without a BSN or (when no BSN was given) any person. Several candidates: the first registered.
    """
    if details.bsn:
        found = Person.objects.filter(bsn=details.bsn).first()
        if found is not None:
            return found
    if not (details.birth_date and (details.given_name or details.family_name)):
        return None
    same = Person.objects.filter(
        given_name__iexact=details.given_name, family_name__iexact=details.family_name, birth_date=details.birth_date
    )
    if details.bsn:
        same = same.filter(bsn__isnull=True)
    return same.order_by("pk").first()


def _matches(actor, entries: Sequence[PersonDetails], *, approach, request) -> list[Person | None]:
    """The known person of each entry. Each match is logged as a read of that subject, in a savepoint of its own
    that stays when the submission is then refused (`KnownPersons`) and rolled back."""
    matches = [known_person(details) for details in entries]
    found = list({match.pk: match for match in matches if match is not None}.values())  # each person once
    if found:
        with transaction.atomic():
            record_accesses(
                actor=actor, action=Action.READ, targets=[AccessTarget(obj=match) for match in found],
                purpose_approach=approach, request=request,
            )
    return matches


def _known_to(actor, matches: Sequence[Person | None]) -> tuple[int, ...]:
    """The positions of the matches the actor may see: only those are told as known. The system sees all."""
    found = [match.pk for match in matches if match is not None]
    if actor is None:
        visible = set(found)
    else:
        visible = set(persons_visible_to(actor).filter(pk__in=found).values_list("pk", flat=True))
    return tuple(i for i, match in enumerate(matches) if match is not None and match.pk in visible)


def _new_person(actor, details: PersonDetails, request) -> Person:
    person = person_create(
        actor=actor,
        bsn=details.bsn,
        given_name=details.given_name,
        family_name=details.family_name,
        birth_date=details.birth_date,
        municipality=details.municipality,
    )
    record_access(actor=actor, action=Action.CREATE, obj=person, request=request)
    return person


def registration_submit(
    *,
    actor,
    approach,
    municipality,
    reason: str,
    person: PersonDetails | None = None,
    system: SystemDetails | None = None,
    attach_known: bool = False,
    urgency: str = Urgency.NORMAL,
    contact: ContactPerson | None = None,
    request=None,
) -> Submission:
    """Register a person or a system (with its members) from the form, on behalf of the actor's organisation, with
    its urgency and the contact person of that organisation (a name, and a phone number or e-mail address).

    New persons and a new system are created (each logged `create`); known persons are attached, those the
    actor may see only when `attach_known` (otherwise `KnownPersons` is raised before anything but the match's
    log entry is written). The registration itself is written in one transaction.
    """
    if (person is None) == (system is None):
        raise DomainError(_("Een aanmelding gaat over een persoon of een systeem."))
    reported_by = getattr(actor, "organisation", None)
    _check_reporter(actor, reported_by)
    if not clean_text(reason):
        raise DomainError(_("Geef de reden van aanmelding."))
    contact = clean_contact(contact or ContactPerson())
    if actor is not None and not contact.name:
        raise DomainError(_("Vul de naam van de contactpersoon in."))
    if actor is not None and not (contact.phone or contact.email):
        raise DomainError(_("Vul een telefoonnummer of e-mailadres van de contactpersoon in."))
    expected = Unit.PERSON if person is not None else Unit.SYSTEM
    if approach.unit != expected:
        raise DomainError(
            _("De aanpak %(approach)s is bedoeld voor een %(expected)s, niet voor een %(given)s.")
            % {"approach": approach, "expected": unit_label(approach.unit), "given": unit_label(expected)}
        )
    entries = [clean_person_details(person)] if person is not None else [clean_person_details(m) for m in system.members]
    if system is not None and not entries:
        raise DomainError(_("Vul ten minste één lid van het systeem in."))
    if typed_twice(entries):  # the form says which row; only what was typed, never a match
        raise DomainError(_("Dezelfde persoon staat twee keer in het systeem."))
    matches = _matches(actor, entries, approach=approach, request=request)
    known = _known_to(actor, matches)
    if known and not attach_known:
        raise KnownPersons(known)
    if _seen_twice(matches, known):
        raise DomainError(_("Dezelfde persoon staat twee keer in het systeem."))
    with transaction.atomic():
        return _register(actor, approach=approach, municipality=municipality, reported_by=reported_by, reason=reason,
                         entries=entries, matches=matches, known=known, system=system, urgency=urgency,
                         contact=contact, request=request)


def _seen_twice(matches: Sequence[Person | None], known: Sequence[int]) -> bool:
    """Do two rows match the same known person the actor may see (`known`: their positions)? Those are told, as the
    known persons are; the rows that match one person the actor may not see are attached once, silently."""
    shown = [matches[position].pk for position in known]
    return len(set(shown)) < len(shown)


def _register(actor, *, approach, municipality, reported_by, reason, entries, matches, known, system, urgency,
              contact, request) -> Submission:
    """The writing part of `registration_submit`: new persons, the system (each person a member once), the
    registration (its members as reported: every row as typed)."""
    persons = [match or _new_person(actor, details, request) for details, match in zip(entries, matches, strict=True)]
    if system is None:
        subject = persons[0]
    else:
        subject = system_create(actor=actor, name=clean_text(system.name), municipality=system.municipality)
        record_access(actor=actor, action=Action.CREATE, obj=subject, request=request)
        for details, member in members_once(entries, persons):
            system_member_add(actor=actor, system=subject, person=member, role=details.role)
    registration = registration_create(
        actor=actor,
        subject=subject,
        approach=approach,
        municipality=municipality,
        reported_by=reported_by,
        registered_on=timezone.localdate(),
        reason=reason,
        reported_name=str(subject) if system is not None else f"{entries[0].given_name} {entries[0].family_name}",
        urgency=urgency,
        contact=contact,
        reported_members=[
            {"name": f"{details.given_name} {details.family_name}".strip(), "role": details.role} for details in entries
        ] if system is not None else (),
        request=request,
    )
    return Submission(registration=registration, known=known)


# --- triage ---------------------------------------------------------------------------------------------------


def _check_decision_date(registration: Registration, decided_on: datetime.date) -> None:
    if decided_on < registration.registered_on:
        raise DomainError(_("De datum van het triagebesluit ligt vóór de datum van aanmelding."))
    check_not_future(decided_on, _("De datum van het triagebesluit ligt in de toekomst."))


def _set_criteria(registration: Registration, criteria: Collection[str]) -> list[str]:
    unknown = set(criteria) - set(Registration.CRITERIA)
    if unknown:
        raise DomainError(_("Onbekend triagecriterium: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    for name in Registration.CRITERIA:
        setattr(registration, name, name in criteria)
    return list(Registration.CRITERIA)


@transaction.atomic
def registration_accept(
    *,
    actor,
    registration: Registration,
    decided_on: datetime.date,
    criteria: Collection[str],
    start_date: datetime.date | None = None,
    table=None,
    procesregisseur=None,
    case_holder=None,
    participants=(),
    request=None,
) -> Case:
    """Accept a registration after triage (instroom) and open its case in regie.

    The case's procesregisseur is `procesregisseur`, or else the actor (who must be able to direct it there).
    At least one of the four national criteria (`Registration.CRITERIA`) must be met. Logged as one `create`
    entry (the case) per data subject.
    """
    authorise(actor, TRIAGE, registration)
    current = locked(registration)
    lifecycle.REGISTRATION.check(current.status, lifecycle.ACCEPTED)
    if not criteria:
        raise DomainError(_("Een aanmelding wordt alleen geaccepteerd als ten minste één criterium geldt."))
    _check_decision_date(current, decided_on)
    start_date = start_date or decided_on
    if start_date < current.registered_on:
        raise DomainError(_("De startdatum ligt vóór de datum van aanmelding."))
    check_not_future(start_date, _("De startdatum ligt in de toekomst."))
    check_table(table, current.approach)
    if procesregisseur is None and getattr(actor, "pk", None):
        procesregisseur = actor  # a trajectory always has a procesregisseur: by default the one who triages
    check_procesregisseur(procesregisseur, table=table, approach=current.approach)

    fields = _set_criteria(current, criteria)
    current.status, current.triage_on = lifecycle.ACCEPTED, decided_on
    current.save(update_fields=["status", "triage_on", *fields])
    case = Case.objects.create(
        registration=current,
        start_date=start_date,
        table=table,
        procesregisseur=procesregisseur,
        case_holder=case_holder,
    )
    add_participations(case, [case_holder, *participants])
    log_case(actor=actor, action=Action.CREATE, case=case, request=request)
    registration.refresh_from_db()
    return case


@transaction.atomic
def registration_decline(
    *,
    actor,
    registration: Registration,
    decided_on: datetime.date,
    reason: str,
    criteria: Collection[str] = (),
    request=None,
) -> Registration:
    """Decline a registration after triage; `reason` is the advice back to the registering partner.

    Logged as one `update` entry (the registration) per data subject.
    """
    authorise(actor, TRIAGE, registration)
    current = locked(registration)
    lifecycle.REGISTRATION.check(current.status, lifecycle.DECLINED)
    reason = clean_text(reason, max_length=REASON_MAX_LENGTH)
    if not reason:
        raise DomainError(_("Geef een reden of advies voor de meldende organisatie."))
    _check_decision_date(current, decided_on)

    fields = _set_criteria(current, criteria)
    current.status, current.triage_on, current.triage_note = lifecycle.DECLINED, decided_on, reason
    current.save(update_fields=["status", "triage_on", "triage_note", *fields])
    log_registration(actor=actor, action=Action.UPDATE, registration=current, request=request)
    registration.refresh_from_db()
    return registration
