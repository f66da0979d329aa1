"""New signals: a partner's report (melding or adviesgesprek) and a procesregisseur's advice consultation by phone.

Both are about a person, a system (with its members) or nobody. A person who is already known (same BSN, or same
name and birth date: `casework.services.known_person`, the registration's rule) is never created twice: the signal
is attached to them *silently*, whoever reports it. Unlike a registration, a signal never asks "is this the known
person?": a partner would learn that a BSN is known here, and a signal is too early and too light for that
question, and the signal's pages show the stored person only to who may see that person anyway (`selectors`). Two
member rows of a system that match one known person make that person a member once (casework's `members_once`);
only rows that are the same as typed are refused. Every match is logged as a read of that data subject (as for a
registration).

An anonymous signal holds no personal data: no subject, no name, and no BSN in any of its free texts.
"""

import datetime
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procesregie.access.capabilities import RECORD_CONSULTATION, REGISTER, may
from procesregie.access.signals import signal_approaches
from procesregie.audit.models import Action
from procesregie.audit.services import AccessTarget, record_access, record_accesses
from procesregie.casework.services import ContactPerson, PersonDetails, SystemDetails, known_person
from procesregie.casework.services.members import members_once, typed_twice
from procesregie.casework.services.registrations import clean_contact, clean_person_details
from procesregie.core.errors import DomainError
from procesregie.core.refs import new_ref
from procesregie.core.text import clean_text
from procesregie.reference.models import Unit
from procesregie.subjects.models import Person
from procesregie.subjects.services import person_create, system_create, system_member_add

from ..models import Signal, SignalKind, SignalOutcome
from ._common import (
    check_anonymous_text,
    check_birth_date,
    check_date,
    check_follow_up,
    check_kind,
    check_outcome_by_hand,
    cleaned,
    log_signal,
    not_found,
)

NAME_MAX_LENGTH = Signal._meta.get_field("reported_name").max_length


@transaction.atomic
def signal_report(
    *,
    actor,
    kind: str,
    approach,
    municipality,
    question: str,
    reporter: ContactPerson,
    person: PersonDetails | None = None,
    system: SystemDetails | None = None,
    request=None,
) -> Signal:
    """A partner reports a signal on behalf of their own organisation (who may register may report), dated today:
    about `person`, about `system` (with its members), or anonymous (neither). The professional who reports
    (`reporter`: a name, and a phone number or e-mail address) is whom the procesregisseur calls back. It waits, open
    (no outcome), for a procesregisseur of the approach.

    Logged as one `create` entry per data subject (an anonymous signal: one entry without a subject). There is no
    report without a user: `actor=None` is refused like anyone who may not register.
    """
    if not may(actor, REGISTER):
        raise not_found()
    reported_by = getattr(actor, "organisation", None)
    if reported_by is None:
        raise DomainError(_("Een melding wordt gedaan namens uw eigen organisatie."))
    if municipality is None:
        raise DomainError(_("Kies de gemeente."))
    reporter = clean_contact(reporter)
    if not reporter.name:
        raise DomainError(_("Vul de naam van de professional in."))
    if not (reporter.phone or reporter.email):
        raise DomainError(_("Vul een telefoonnummer of e-mailadres van de professional in."))
    return _create(
        actor, kind=kind, approach=approach, reported_by=reported_by, date=timezone.localdate(),
        municipality=municipality, reporter=reporter, person=person, system=system,
        question=cleaned(question, required_message=_("Beschrijf de vraag of zorg.")), request=request,
    )


@transaction.atomic
def signal_consultation_record(
    *,
    actor,
    approach,
    reported_by,
    question: str,
    advice: str,
    outcome: str = SignalOutcome.ADVIES,
    kind: str = SignalKind.ADVIESGESPREK,
    date: datetime.date | None = None,
    reporter: ContactPerson | None = None,
    municipality=None,
    person: PersonDetails | None = None,
    follow_up_on: datetime.date | None = None,
    request=None,
) -> Signal:
    """A procesregisseur records a consultation (by default an adviesgesprek, today) that they handled at once:
    the professional of `reported_by` who called, the question, the advice given, the outcome (not `aanmelding`: a
    registration is made from the signal afterwards) and optionally a follow-up date. Anonymous unless `person`.
    Only for the approaches of their tables.

    Logged as one `create` entry per data subject (an anonymous signal: one entry without a subject).
    """
    if actor is not None:
        if not may(actor, RECORD_CONSULTATION):
            raise not_found()
        if not signal_approaches(actor).filter(pk=approach.pk).exists():
            raise DomainError(_("Kies een aanpak van uw overlegtafels."))
    if reported_by is None:
        raise DomainError(_("Kies de organisatie van de professional."))
    reporter = clean_contact(reporter or ContactPerson())
    if not reporter.name:
        raise DomainError(_("Vul de naam van de professional in."))
    date = check_date(date or timezone.localdate())
    check_follow_up(follow_up_on, date)
    advice = cleaned(advice, required_message=_("Beschrijf het gegeven advies."))
    signal = _create(
        actor, kind=kind, approach=approach, reported_by=reported_by, date=date, municipality=municipality,
        reporter=reporter, person=person, system=None,
        question=cleaned(question, required_message=_("Beschrijf de vraag of zorg.")),
        advice=advice, outcome=check_outcome_by_hand(outcome), follow_up_on=follow_up_on, request=request,
    )
    return signal


def _create(actor, *, kind, approach, reported_by, date, municipality, reporter, person, system, question,
            advice="", outcome="", follow_up_on=None, request=None) -> Signal:
    check_kind(kind)
    if person is not None and system is not None:
        raise DomainError(_("Een melding gaat over een persoon, een systeem of (anoniem) over niemand."))
    unit = Unit.PERSON if person is not None else Unit.SYSTEM if system is not None else None
    if unit is not None and approach.unit != unit:
        raise DomainError(
            _("De aanpak %(approach)s is bedoeld voor een %(expected)s, niet voor een %(given)s.")
            % {"approach": approach, "expected": Unit(approach.unit).label, "given": Unit(unit).label}
        )
    if unit is None:
        check_anonymous_text(question, advice, reporter.name, reporter.phone, reporter.email)
    entries = _entries(person, system)
    handled = bool(outcome)
    signal = Signal(
        ref=new_ref(Signal, "M-"), approach=approach, date=date, kind=kind, reported_by=reported_by,
        reporter_name=reporter.name, reporter_phone=reporter.phone, reporter_email=reporter.email,
        municipality=municipality, question=question, advice=advice, outcome=outcome, follow_up_on=follow_up_on,
        created_by=actor if getattr(actor, "pk", None) else None,
        handled_by=actor if handled and getattr(actor, "pk", None) else None,
        handled_at=timezone.now() if handled else None,
    )
    if person is not None:
        signal.person = _persons(actor, entries, approach=approach, request=request)[0]
        signal.reported_name = clean_text(f"{entries[0].given_name} {entries[0].family_name}", max_length=NAME_MAX_LENGTH)
    elif system is not None:
        signal.system = _system(actor, system, entries, approach=approach, request=request)
        signal.reported_name = clean_text(system.name, max_length=NAME_MAX_LENGTH)
        signal.reported_members = [
            {"name": clean_text(f"{details.given_name} {details.family_name}", max_length=400),
             "role": clean_text(details.role, max_length=100)}
            for details in entries
        ]
    try:
        with transaction.atomic():
            signal.save()
    except IntegrityError:  # a concurrent signal with the same reference
        raise DomainError(_("Deze referentie is al in gebruik.")) from None
    log_signal(actor=actor, action=Action.CREATE, signal=signal, request=request)
    return signal


def _entries(person: PersonDetails | None, system) -> list[PersonDetails]:
    if person is not None:
        entries = [clean_person_details(person)]
    elif system is not None:
        if not clean_text(system.name):
            raise DomainError(_("Vul een naam voor het systeem in."))
        entries = [clean_person_details(member) for member in system.members]
        if not entries:
            raise DomainError(_("Vul ten minste één lid van het systeem in."))
    else:
        return []
    if any(not (details.given_name or details.family_name) for details in entries):
        raise DomainError(_("Vul ten minste een voornaam of een achternaam in."))
    if any(details.birth_date and details.birth_date > timezone.localdate() for details in entries):
        raise DomainError(_("De geboortedatum ligt in de toekomst."))
    for details in entries:
        check_birth_date(details.birth_date)
    if typed_twice(entries):  # only what was typed: two rows that match one known person are a member once
        raise DomainError(_("Dezelfde persoon staat twee keer in het systeem."))
    return entries


def _persons(actor, entries: Sequence[PersonDetails], *, approach, request) -> list[Person]:
    """The person of each entry: the known one (attached silently, the match logged as a read), else a new one."""
    matches = [known_person(details) for details in entries]
    found = list({match.pk: match for match in matches if match is not None}.values())  # each person once
    if found:
        record_accesses(actor=actor, action=Action.READ, targets=[AccessTarget(obj=match) for match in found],
                        purpose_approach=approach, request=request)
    persons = []
    for details, match in zip(entries, matches, strict=True):
        if match is None:
            match = person_create(actor=actor, bsn=details.bsn, given_name=details.given_name,
                                  family_name=details.family_name, birth_date=details.birth_date,
                                  municipality=details.municipality)
            record_access(actor=actor, action=Action.CREATE, obj=match, request=request)
        persons.append(match)
    return persons


def _system(actor, system: SystemDetails, entries, *, approach, request):
    persons = _persons(actor, entries, approach=approach, request=request)
    created = system_create(actor=actor, name=clean_text(system.name), municipality=system.municipality)
    record_access(actor=actor, action=Action.CREATE, obj=created, request=request)
    for details, member in members_once(entries, persons):  # two rows that matched one person: a member once
        system_member_add(actor=actor, system=created, person=member, role=details.role)
    return created
