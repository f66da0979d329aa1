"""Services that write registrations, cases and participations.

Every state change is checked against `casework.lifecycle`; a refused request raises before anything is written.
Reopening a closed case is a new registration (`registration_create`) for the same subject.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procesregie.core.errors import DomainError
from procesregie.core.refs import new_ref
from procesregie.reference.models import ClosingReason, Unit
from procesregie.subjects.models import Person, System

from . import lifecycle
from .models import Case, Participation, Registration

def _subject_unit(subject) -> str:
    if isinstance(subject, Person):
        return Unit.PERSON
    if isinstance(subject, System):
        return Unit.SYSTEM
    raise DomainError(_("Een aanmelding gaat over een persoon of een systeem."))


def _unit_label(unit: str) -> str:
    return str(Unit(unit).label)


def _check_not_future(day: datetime.date, message: str) -> None:
    if day > timezone.localdate():
        raise DomainError(message)


def _check_table(table, approach) -> None:
    if table is not None and table.approach_id != approach.pk:
        raise DomainError(_("Deze overlegtafel hoort niet bij de aanpak %(approach)s.") % {"approach": approach})


def _locked(obj):
    """The current row of `obj`, locked until the transaction ends (PostgreSQL; SQLite locks the database)."""
    return type(obj).objects.select_for_update().get(pk=obj.pk)


def _add_participations(case: Case, organisations) -> None:
    seen = set()
    for organisation in organisations:
        if organisation is not None and organisation.pk not in seen:
            seen.add(organisation.pk)
            Participation.objects.create(case=case, organisation=organisation)


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
) -> Registration:
    """Register a person or system for an approach. It waits for triage (`pending`)."""
    unit = _subject_unit(subject)
    if approach.unit != unit:
        raise DomainError(
            _("De aanpak %(approach)s is bedoeld voor een %(expected)s, niet voor een %(given)s.")
            % {"approach": approach, "expected": _unit_label(approach.unit), "given": _unit_label(unit)}
        )
    _check_not_future(registered_on, _("De datum van aanmelding ligt in de toekomst."))
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
        reason=(reason or "").strip(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:  # a concurrent registration with the same ref
        raise DomainError(_("Deze referentie is al in gebruik.")) from None
    return registration


def _check_decision_date(registration: Registration, decided_on: datetime.date) -> None:
    if decided_on < registration.registered_on:
        raise DomainError(_("De datum van het triagebesluit ligt vóór de datum van aanmelding."))
    _check_not_future(decided_on, _("De datum van het triagebesluit ligt in de toekomst."))


@transaction.atomic
def registration_accept(
    *,
    actor,
    registration: Registration,
    decided_on: datetime.date,
    start_date: datetime.date | None = None,
    table=None,
    procesregisseur=None,
    case_holder=None,
    participants=(),
) -> Case:
    """Accept a registration after triage (instroom) and open its case in regie."""
    current = _locked(registration)
    lifecycle.REGISTRATION.check(current.status, lifecycle.ACCEPTED)
    _check_decision_date(current, decided_on)
    start_date = start_date or decided_on
    if start_date < current.registered_on:
        raise DomainError(_("De startdatum ligt vóór de datum van aanmelding."))
    _check_not_future(start_date, _("De startdatum ligt in de toekomst."))
    _check_table(table, current.approach)

    current.status, current.triage_on = lifecycle.ACCEPTED, decided_on
    current.save(update_fields=["status", "triage_on"])
    case = Case.objects.create(
        registration=current,
        start_date=start_date,
        table=table,
        procesregisseur=procesregisseur,
        case_holder=case_holder,
    )
    _add_participations(case, [case_holder, *participants])
    registration.refresh_from_db()
    return case


@transaction.atomic
def registration_decline(*, actor, registration: Registration, decided_on: datetime.date, reason: str) -> Registration:
    """Decline a registration after triage; `reason` is the advice back to the registering partner."""
    current = _locked(registration)
    lifecycle.REGISTRATION.check(current.status, lifecycle.DECLINED)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Geef een reden of advies voor de meldende organisatie."))
    _check_decision_date(current, decided_on)

    current.status, current.triage_on, current.triage_note = lifecycle.DECLINED, decided_on, reason
    current.save(update_fields=["status", "triage_on", "triage_note"])
    registration.refresh_from_db()
    return registration


def _check_end_date(case: Case, end_date: datetime.date) -> None:
    if end_date < case.start_date:
        raise DomainError(_("De einddatum ligt vóór de startdatum van de casus."))
    _check_not_future(end_date, _("De einddatum ligt in de toekomst."))


def _close(case: Case, end_date: datetime.date, reason: ClosingReason) -> None:
    case.status, case.end_date, case.end_reason = lifecycle.CLOSED, end_date, reason
    case.save(update_fields=["status", "end_date", "end_reason"])


@transaction.atomic
def case_close(*, actor, case: Case, end_date: datetime.date, reason: ClosingReason) -> Case:
    """Close (scale down) a case with a reason. An internal transfer goes through `case_transfer`."""
    current = _locked(case)
    lifecycle.CASE.check(current.status, lifecycle.CLOSED)
    if reason is None:
        raise DomainError(_("Kies een reden van afsluiten."))
    if reason.is_internal_transfer:
        raise DomainError(_("Een overdracht naar een andere aanpak gaat via 'overdragen', niet via 'afsluiten'."))
    _check_end_date(current, end_date)

    _close(current, end_date, reason)
    case.refresh_from_db()
    return case


@transaction.atomic
def case_transfer(
    *, actor, case: Case, to_approach, transfer_date: datetime.date, table=None, procesregisseur=None
) -> Case:
    """Close `case` with `overdracht_intern` and open its continuation in `to_approach`.

    The continuation keeps the procesregisseur (unless another is given), the case holder and the active
    participants. Its registration is accepted on the transfer date, reported by the actor's organisation.
    """
    current = _locked(case)
    lifecycle.CASE.check(current.status, lifecycle.CLOSED)
    old_registration = current.registration
    if to_approach.pk == old_registration.approach_id:
        raise DomainError(_("Een overdracht gaat naar een andere aanpak dan de huidige."))
    if to_approach.unit != old_registration.approach.unit:
        raise DomainError(
            _("De aanpak %(approach)s is bedoeld voor een %(expected)s; deze casus gaat over een %(given)s.")
            % {
                "approach": to_approach,
                "expected": _unit_label(to_approach.unit),
                "given": _unit_label(old_registration.approach.unit),
            }
        )
    _check_end_date(current, transfer_date)
    _check_table(table, to_approach)
    reason = ClosingReason.objects.filter(code=ClosingReason.INTERNAL_TRANSFER).first()
    if reason is None:
        raise DomainError(_("De reden van afsluiten 'overdracht_intern' ontbreekt in de referentiegegevens."))

    _close(current, transfer_date, reason)
    registration = Registration.objects.create(
        ref=new_ref(Registration, "A-"),
        person=old_registration.person,
        system=old_registration.system,
        approach=to_approach,
        municipality=old_registration.municipality,
        reported_by=getattr(actor, "organisation", None) or old_registration.reported_by,
        registered_on=transfer_date,
        reason=_("Overdracht vanuit %(approach)s (%(ref)s).")
        % {"approach": old_registration.approach, "ref": old_registration.ref},
        status=lifecycle.ACCEPTED,
        triage_on=transfer_date,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    continuation = Case.objects.create(
        registration=registration,
        start_date=transfer_date,
        transferred_from=current,
        table=table,
        procesregisseur=procesregisseur or current.procesregisseur,
        case_holder=current.case_holder,
    )
    active = current.participations.filter(removed_at__isnull=True).select_related("organisation")
    _add_participations(continuation, [participation.organisation for participation in active])
    case.refresh_from_db()
    return continuation


def _check_open(case: Case) -> None:
    if case.status != lifecycle.IN_REGIE:
        raise DomainError(_("Deze casus is afgesloten; de deelnemers kunnen niet meer worden gewijzigd."))


@transaction.atomic
def participant_add(*, actor, case: Case, organisation) -> Participation:
    """Let an organisation take part in an open case."""
    current = _locked(case)
    _check_open(current)
    message = _("%(organisation)s neemt al deel aan deze casus.") % {"organisation": organisation}
    if current.participations.filter(organisation=organisation, removed_at__isnull=True).exists():
        raise DomainError(message)
    try:
        with transaction.atomic():
            return Participation.objects.create(case=current, organisation=organisation)
    except IntegrityError:  # a concurrent add of the same organisation
        raise DomainError(message) from None


@transaction.atomic
def participant_remove(*, actor, case: Case, organisation) -> Participation:
    """End an organisation's participation in an open case. The row stays as history.

    The case holder cannot be removed; appoint another case holder first (`case_holder_set`).
    """
    current = _locked(case)
    _check_open(current)
    participation = current.participations.filter(organisation=organisation, removed_at__isnull=True).first()
    if participation is None:
        raise DomainError(_("%(organisation)s neemt niet deel aan deze casus.") % {"organisation": organisation})
    if current.case_holder_id == organisation.pk:
        raise DomainError(
            _("%(organisation)s is casushouder; wijs eerst een andere casushouder aan.")
            % {"organisation": organisation}
        )
    participation.removed_at = timezone.now()
    participation.save(update_fields=["removed_at"])
    return participation


@transaction.atomic
def case_holder_set(*, actor, case: Case, organisation) -> Case:
    """Appoint the case holder (casushouder) of an open case; it takes part in the case from then on."""
    current = _locked(case)
    _check_open(current)
    current.case_holder = organisation
    current.save(update_fields=["case_holder"])
    if not current.participations.filter(organisation=organisation, removed_at__isnull=True).exists():
        Participation.objects.create(case=current, organisation=organisation)
    case.refresh_from_db()
    return case
