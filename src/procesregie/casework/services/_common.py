"""What the casework services share: row locks, date checks, the authorisation of the actor, the access log.

`actor=None` is the system (command-line imports, jobs): it is not checked against the access rule and is
logged as the user `system`. Every other actor is checked inside the service, so no entry point can skip it.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from procesregie.access import rules
from procesregie.access.case_changes import procesregisseurs_for
from procesregie.audit.services import AccessTarget, record_accesses
from procesregie.core.errors import Conflict, DomainError, NotFound
from procesregie.reference.models import Unit
from procesregie.subjects.models import Person, System

from ..models import Case, Participation, Registration


def subject_unit(subject) -> str:
    if isinstance(subject, Person):
        return Unit.PERSON
    if isinstance(subject, System):
        return Unit.SYSTEM
    raise DomainError(_("Een aanmelding gaat over een persoon of een systeem."))


def unit_label(unit: str) -> str:
    return str(Unit(unit).label)


def check_not_future(day: datetime.date, message: str) -> None:
    if day > timezone.localdate():
        raise DomainError(message)


def check_table(table, approach) -> None:
    if table is not None and table.approach_id != approach.pk:
        raise DomainError(_("Deze overlegtafel hoort niet bij de aanpak %(approach)s.") % {"approach": approach})


def check_procesregisseur(user, *, table, approach) -> None:
    """A case's procesregisseur works at its table (or, without a table, at a table of its approach)."""
    if user is None:
        return
    if not procesregisseurs_for(table=table, approach=approach).filter(pk=user.pk).exists():
        raise DomainError(
            _("%(user)s is geen procesregisseur aan deze overlegtafel.") % {"user": user.get_full_name() or user}
        )


def locked(obj):
    """The current row of `obj`, locked until the transaction ends (PostgreSQL; SQLite locks the database)."""
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def add_participations(case: Case, organisations) -> None:
    """Let each organisation (once; None skipped) take part in a new case."""
    seen = set()
    for organisation in organisations:
        if organisation is not None and organisation.pk not in seen:
            seen.add(organisation.pk)
            Participation.objects.create(case=case, organisation=organisation)


def not_found() -> NotFound:
    return NotFound(_("Deze gegevens bestaan niet of u heeft er geen toegang toe."))


def authorise(actor, action: str, obj) -> None:
    """Refuse, as if `obj` did not exist, when `actor` may not do `action` on it. The system may."""
    if actor is not None and not rules.can(actor, action, obj):
        raise not_found()


def check_version(case: Case, expected_version: int | None) -> None:
    """Refuse a change made on a stale copy of the case (someone else changed it since the form was opened)."""
    if expected_version is not None and case.version != expected_version:
        raise Conflict(
            _("Iemand anders heeft deze casus intussen gewijzigd. Er is niets opgeslagen; bekijk de nieuwe "
              "gegevens en probeer het opnieuw.")
        )


def bump_version(case: Case) -> None:
    case.version += 1
    case.save(update_fields=["version"])


def registration_targets(registration: Registration, obj=None, purpose_case=None) -> list[AccessTarget]:
    """One target per data subject of a registration: its person, or its system and the system's members."""
    obj = obj if obj is not None else registration
    if registration.person_id:
        return [AccessTarget(obj=obj, subject_key=registration.person.subject_key, purpose_case=purpose_case)]
    system = registration.system
    keys = [system.subject_key, *system.memberships.order_by("pk").values_list("person__subject_key", flat=True)]
    return [AccessTarget(obj=obj, subject_key=key, purpose_case=purpose_case) for key in keys]


def log_registration(*, actor, action: str, registration: Registration, request=None, obj=None, case=None) -> None:
    """Log `action` on `obj` (default: the registration) once per data subject, for `case` if there is one."""
    record_accesses(
        actor=actor,
        action=action,
        targets=registration_targets(registration, obj=obj, purpose_case=case),
        purpose_approach=registration.approach,
        request=request,
    )


def log_case(*, actor, action: str, case: Case, request=None, obj=None) -> None:
    """Log `action` on `obj` (default: the case) once per data subject of the case."""
    log_registration(
        actor=actor, action=action, registration=case.registration, request=request, obj=obj or case, case=case
    )
