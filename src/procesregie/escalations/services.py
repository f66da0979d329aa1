"""Raising and resolving escalations. Every entry point (web, demo data, a later API) passes through these.

- **Raise** (`escalation_raise`): whoever may post an update on the case (`access.escalations`: its procesregisseur
  or a participating partner), while the case takes changes (`casework.lifecycle.accepts_changes`). A reason
  (`EscalationReason`) and an explanation (no BSN in it) are required; it may name the organisation, or the agreed intervention of
  this case, it concerns (`concerns`: the same the form offers; an intervention names its organisation). The raising
  organisation is the actor's.
- **Resolve** (`escalation_resolve`): a manager, once, with an outcome (`EscalationOutcome`; `ingetrokken` when
  the raiser takes it back) and an explanation (no BSN in it either), on a date not before it was raised and not in the future. A case
  closed in the meantime does not stop it: the escalation still needs its outcome.
- Who may not gets `NotFound` (answered as 404, like a case that does not exist). Bad input: `DomainError` with a
  message for the user, nothing written.
- **Logging**: one access-log entry per data subject of the case (the person; or the system and its members), the
  escalation as object and the case as purpose, action create or update, in the same transaction.
"""

import datetime

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from procesregie.access.rules import ESCALATE, RESOLVE, can
from procesregie.audit.models import Action
from procesregie.audit.services import record_accesses
from procesregie.casework.lifecycle import accepts_changes
from procesregie.casework.models import Case, Participation
from procesregie.core.errors import DomainError, NotFound
from procesregie.core.text import clean_text
from procesregie.plans.models import CaseIntervention
from procesregie.subjects.bsn import contains_bsn
from procesregie.subjects.models import SystemMember

from .concerns import organisations_concerned
from .log_targets import escalation_targets
from .models import Escalation, EscalationOutcome, EscalationReason

EXPLANATION_MAX_LENGTH = 2_000


def _log(actor, action: str, escalation: Escalation, case: Case, request) -> None:
    record_accesses(
        actor=actor, action=action, targets=escalation_targets(escalation, case),
        purpose_approach=case.registration.approach, request=request,
    )


def _case_for_log(case_id: int) -> Case:
    """The case with its data subjects (for the log) and what an escalation may name (`concerns`)."""
    return Case.objects.select_related(
        "registration__person", "registration__system", "registration__approach"
    ).prefetch_related(
        Prefetch("registration__system__memberships", queryset=SystemMember.objects.select_related("person")),
        Prefetch("participations", queryset=Participation.objects.select_related("organisation")),
        Prefetch("interventions", queryset=CaseIntervention.objects.select_related("intervention", "organisation")),
    ).get(pk=case_id)


def _text(value: str, message: str) -> str:
    """The cleaned text, required (`message` when empty), without a BSN: managers read it without the case."""
    text = clean_text(value, max_length=EXPLANATION_MAX_LENGTH)
    if not text:
        raise DomainError(message)
    if contains_bsn(text):
        raise DomainError(_("Er staat een BSN in de toelichting. Managers lezen haar zonder de casus te zien: haal het "
                            "nummer weg."))
    return text


def _concerns(case: Case, organisation, intervention):
    """The checked (organisation, intervention) the escalation is about; an intervention names its organisation.
    `case` as `_case_for_log` reads it (`concerns` asks its participations and interventions)."""
    if intervention is not None:
        if intervention.case_id != case.pk:
            raise DomainError(_("Deze interventie hoort niet bij deze casus."))
        if organisation is not None and organisation.pk != intervention.organisation_id:
            raise DomainError(_("Deze interventie wordt door een andere organisatie uitgevoerd."))
        organisation = intervention.organisation
    elif organisation is not None and organisation.pk not in {o.pk for o in organisations_concerned(case)}:
        raise DomainError(_("Deze organisatie neemt niet deel aan deze casus."))
    return organisation, intervention


@transaction.atomic
def escalation_raise(
    *,
    actor,
    case: Case,
    reason: str,
    explanation: str,
    concerns_organisation=None,
    concerns_intervention=None,
    raised_on: datetime.date | None = None,
    request=None,
) -> Escalation:
    """Escalate `case` to the house's managers (see the module docstring). `raised_on`: today unless given (the
    demo data backdates), never in the future nor before the case started."""
    if actor is None or not can(actor, ESCALATE, case):
        raise NotFound(_("Deze casus bestaat niet of u neemt er niet aan deel."))
    case = _case_for_log(case.pk)
    if not accepts_changes(case):
        raise DomainError(_("Deze casus is afgesloten; er kan niet meer worden geëscaleerd."))
    if reason not in EscalationReason.values:
        raise DomainError(_("Kies de reden van de escalatie."))
    explanation = _text(explanation, _("Licht de escalatie toe."))
    today = timezone.localdate()
    raised_on = raised_on or today
    if raised_on > today:
        raise DomainError(_("De datum van de escalatie ligt in de toekomst."))
    if case.start_date and raised_on < case.start_date:
        raise DomainError(_("De datum van de escalatie ligt vóór de start van de casus."))
    organisation, intervention = _concerns(case, concerns_organisation, concerns_intervention)
    escalation = Escalation.objects.create(
        case=case, raised_on=raised_on, raised_by=actor, raised_by_organisation_id=actor.organisation_id,
        reason=reason, explanation=explanation, concerns_organisation=organisation, concerns_intervention=intervention,
    )
    _log(actor, Action.CREATE, escalation, case, request)
    return escalation


@transaction.atomic
def escalation_resolve(
    *,
    actor,
    escalation: Escalation,
    outcome: str,
    resolution: str,
    resolved_on: datetime.date | None = None,
    request=None,
) -> Escalation:
    """Resolve an open escalation with `outcome` and an explanation (`resolution`), on `resolved_on` (today unless
    given). Once: a second resolution is refused, also when two managers save at the same moment."""
    if actor is None or not can(actor, RESOLVE, escalation):
        raise NotFound(_("Deze escalatie bestaat niet of u mag haar niet afhandelen."))
    current = Escalation.objects.get(pk=escalation.pk)
    if not current.is_open:
        raise DomainError(_("Deze escalatie is al afgehandeld."))
    if outcome not in EscalationOutcome.values:
        raise DomainError(_("Kies de uitkomst."))
    resolution = _text(resolution, _("Licht de afhandeling toe."))
    today = timezone.localdate()
    resolved_on = resolved_on or today
    if resolved_on > today:
        raise DomainError(_("De datum van afhandeling ligt in de toekomst."))
    if resolved_on < current.raised_on:
        raise DomainError(_("De datum van afhandeling ligt vóór de datum van de escalatie."))
    # The conditional UPDATE is the check: of two resolutions saved at once, exactly one finds the escalation open.
    if not Escalation.objects.filter(pk=current.pk, resolved_on__isnull=True).update(
        resolved_on=resolved_on, resolved_by=actor, outcome=outcome, resolution=resolution,
    ):
        raise DomainError(_("Deze escalatie is al afgehandeld."))
    current.refresh_from_db()
    _log(actor, Action.UPDATE, current, _case_for_log(current.case_id), request)
    return current
