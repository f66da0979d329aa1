"""Cases in regie: closing, reopening, transfer to another approach, participants and the case holder.

Each service checks that the actor may change the case (`access.rules.can(actor, CHANGE, case)`; the system,
`actor=None`, may), that the case was not changed since the caller's form was opened (`expected_version`),
raises the case's version, and logs the change once per data subject, all in one transaction.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procesregie.access.rules import CHANGE, REOPEN
from procesregie.access.shielding import needs_end_date
from procesregie.audit.models import Action
from procesregie.core.errors import DomainError
from procesregie.core.refs import new_ref
from procesregie.core.text import clean_text
from procesregie.reference.models import ClosingReason

from .. import lifecycle, open_work
from ..models import Case, Participation, Registration, Reopening
from ._common import (
    add_participations,
    authorise,
    bump_version,
    check_not_future,
    check_procesregisseur,
    check_table,
    check_version,
    locked,
    log_case,
    unit_label,
)


def _changeable(actor, case: Case, expected_version: int | None) -> Case:
    """The locked current row of a case the actor may change, unchanged since `expected_version`."""
    authorise(actor, CHANGE, case)
    current = locked(case)
    check_version(current, expected_version)
    return current


def _check_end_date(case: Case, end_date: datetime.date) -> None:
    if end_date < case.start_date:
        raise DomainError(_("De einddatum ligt vóór de startdatum van de casus."))
    check_not_future(end_date, _("De einddatum ligt in de toekomst."))


def _close(case: Case, end_date: datetime.date, reason: ClosingReason) -> None:
    case.status, case.end_date, case.end_reason = lifecycle.CLOSED, end_date, reason
    case.version += 1
    case.save(update_fields=["status", "end_date", "end_reason", "version"])


class OpenWorkLeft(DomainError):
    """Closing would leave goals or interventions open, and that was not confirmed; `items` lists them."""

    def __init__(self, items):
        super().__init__(_("Er staan nog doelen of interventies open. Bevestig dat u de casus toch afsluit."))
        self.items = tuple(items)


@transaction.atomic
def case_close(
    *, actor, case: Case, end_date: datetime.date, reason: ClosingReason, confirm_open_work: bool = False,
    expected_version: int | None = None, request=None,
) -> Case:
    """Close (scale down) a case with a reason. An internal transfer goes through `case_transfer`.

    With open goals or agreed/running interventions (`open_work.open_items`) only when `confirm_open_work`;
    otherwise `OpenWorkLeft` and nothing changes. Logged as one `update` entry (the case) per data subject.
    """
    current = _changeable(actor, case, expected_version)
    lifecycle.CASE.check(current.status, lifecycle.CLOSED)
    if reason is None:
        raise DomainError(_("Kies een reden van afsluiten."))
    if reason.is_internal_transfer:
        raise DomainError(_("Een overdracht naar een andere aanpak gaat via 'overdragen', niet via 'afsluiten'."))
    _check_end_date(current, end_date)
    items = open_work.open_items(current)
    if items and not confirm_open_work:
        raise OpenWorkLeft(items)

    _close(current, end_date, reason)
    log_case(actor=actor, action=Action.UPDATE, case=current, request=request)
    case.refresh_from_db()
    return case


@transaction.atomic
def case_transfer(
    *, actor, case: Case, to_approach, transfer_date: datetime.date, table=None, procesregisseur=None,
    expected_version: int | None = None, request=None,
) -> Case:
    """Close `case` with `overdracht_intern` and open its continuation in `to_approach`.

    The continuation keeps the procesregisseur (unless another is given), the case holder and the active
    participants. Its registration is accepted on the transfer date, reported by the actor's organisation.
    Logged per data subject as an `update` of the closed case and a `create` of the continuation.
    """
    current = _changeable(actor, case, expected_version)
    lifecycle.CASE.check(current.status, lifecycle.CLOSED)
    old_registration = current.registration
    if to_approach is None or to_approach.pk == old_registration.approach_id:
        raise DomainError(_("Een overdracht gaat naar een andere aanpak dan de huidige."))
    if to_approach.unit != old_registration.approach.unit:
        raise DomainError(
            _("De aanpak %(approach)s is bedoeld voor een %(expected)s; deze casus gaat over een %(given)s.")
            % {
                "approach": to_approach,
                "expected": unit_label(to_approach.unit),
                "given": unit_label(old_registration.approach.unit),
            }
        )
    _check_end_date(current, transfer_date)
    check_table(table, to_approach)
    check_procesregisseur(procesregisseur, table=table, approach=to_approach)
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
    active = current.participations.active().select_related("organisation")
    add_participations(continuation, [participation.organisation for participation in active])
    log_case(actor=actor, action=Action.UPDATE, case=current, request=request)
    log_case(actor=actor, action=Action.CREATE, case=continuation, request=request)
    case.refresh_from_db()
    return continuation


def _check_open(case: Case) -> None:
    if not lifecycle.accepts_changes(case):
        raise DomainError(_("Deze casus is afgesloten; de deelnemers kunnen niet meer worden gewijzigd."))


@transaction.atomic
def participant_add(
    *, actor, case: Case, organisation, until: datetime.date | None = None, expected_version: int | None = None,
    request=None,
) -> Participation:
    """Let an organisation take part in an open case (it sees the case from the next request on), until `until` when
    given. An incidental WGS participant needs `until` (today or later) and sees the case only once an agenda item of
    it invites the organisation (`meetings.services.agenda_item_invite`, access.shielding).

    Logged as one `create` entry (the participation) per data subject.
    """
    current = _changeable(actor, case, expected_version)
    _check_open(current)
    if organisation is None:
        raise DomainError(_("Kies een organisatie."))
    if until is None and needs_end_date(organisation):
        raise DomainError(_("%(organisation)s is een incidentele deelnemer: vul in tot wanneer de deelname loopt.")
                          % {"organisation": organisation})
    if until is not None and until < timezone.localdate():
        raise DomainError(_("De einddatum van de deelname ligt in het verleden."))
    message = _("%(organisation)s neemt al deel aan deze casus.") % {"organisation": organisation}
    current.participations.lapsed().filter(organisation=organisation).update(removed_at=timezone.now())
    if current.participations.open().filter(organisation=organisation).exists():
        raise DomainError(message)
    try:
        with transaction.atomic():
            participation = Participation.objects.create(case=current, organisation=organisation, until=until)
    except IntegrityError:  # a concurrent add of the same organisation
        raise DomainError(message) from None
    bump_version(current)
    log_case(actor=actor, action=Action.CREATE, case=current, obj=participation, request=request)
    return participation


@transaction.atomic
def participant_remove(
    *, actor, case: Case, organisation, expected_version: int | None = None, request=None
) -> Participation:
    """End an organisation's participation in an open case (it no longer sees the case from the next
    request on). The row stays as history. The case holder cannot be removed; appoint another first.

    Logged as one `update` entry (the participation) per data subject.
    """
    current = _changeable(actor, case, expected_version)
    _check_open(current)
    if organisation is None:
        raise DomainError(_("Kies een organisatie."))
    participation = current.participations.open().filter(organisation=organisation).first()
    if participation is None:
        raise DomainError(_("%(organisation)s neemt niet deel aan deze casus.") % {"organisation": organisation})
    if current.case_holder_id == organisation.pk:
        raise DomainError(
            _("%(organisation)s is casushouder; wijs eerst een andere casushouder aan.")
            % {"organisation": organisation}
        )
    participation.removed_at = timezone.now()
    participation.save(update_fields=["removed_at"])
    bump_version(current)
    log_case(actor=actor, action=Action.UPDATE, case=current, obj=participation, request=request)
    return participation


@transaction.atomic
def case_holder_set(*, actor, case: Case, organisation, expected_version: int | None = None, request=None) -> Case:
    """Appoint the case holder (casushouder) of an open case; it takes part in the case from then on.

    Logged as one `update` entry (the case) per data subject.
    """
    current = _changeable(actor, case, expected_version)
    _check_open(current)
    current.case_holder = organisation
    current.version += 1
    current.save(update_fields=["case_holder", "version"])
    current.participations.lapsed().filter(organisation=organisation).update(removed_at=timezone.now())
    if not current.participations.open().filter(organisation=organisation).exists():
        Participation.objects.create(case=current, organisation=organisation)
    log_case(actor=actor, action=Action.UPDATE, case=current, request=request)
    case.refresh_from_db()
    return case


REOPEN_REASON_MAX_LENGTH = 2000


@transaction.atomic
def case_reopen(*, actor, case: Case, reason: str, expected_version: int | None = None, request=None) -> Case:
    """Take a closed case back in regie (`can(actor, REOPEN, case)`, within `lifecycle.reopen_refusal`).

    The trajectory continues: end date and closing reason are cleared, so every count treats the case as never
    ended; what the end was is kept as a `Reopening` with the reason (on the timeline). Logged as one `update`
    entry (the reopening) per data subject. docs/decisions/0010.
    """
    authorise(actor, REOPEN, case)
    current = locked(case)
    check_version(current, expected_version)
    lifecycle.CASE.check(current.status, lifecycle.IN_REGIE)
    refusal = lifecycle.reopen_refusal(current)
    if refusal:
        raise DomainError(refusal)
    reason = clean_text(reason, max_length=REOPEN_REASON_MAX_LENGTH)
    if not reason:
        raise DomainError(_("Geef de reden waarom de casus wordt heropend."))
    reopening = Reopening.objects.create(
        case=current, closed_on=current.end_date, end_reason=current.end_reason, reason=reason,
        reopened_by=actor if getattr(actor, "pk", None) else None,
    )
    current.status, current.end_date, current.end_reason = lifecycle.IN_REGIE, None, None
    current.version += 1
    current.save(update_fields=["status", "end_date", "end_reason", "version"])
    log_case(actor=actor, action=Action.UPDATE, case=current, obj=reopening, request=request)
    case.refresh_from_db()
    return case
