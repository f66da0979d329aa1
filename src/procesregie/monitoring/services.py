"""Recording measurements: the levels of a case on the life domains at one moment.

`measurement_record` follows the rules of every write (see `plans.services` for the same pattern):
`can(actor, CHANGE, case)` decides (the procesregisseur of the case; anyone else gets `NotFound`, answered
as 404 like a case that does not exist); the change and its access-log
entries (one per data subject of the case, action create, the case as purpose) are one transaction.

Measurements are appended, never overwritten: entering a domain again at the same moment (date and kind)
corrects it, because the entry made last counts (the case page and the annual report both read it so).
A closed case takes no measurements (`casework.lifecycle.accepts_changes`, docs/decisions/0010): the eindmeting
is recorded before closing, or after reopening the case.
Each level keeps who scored it (`recorded_by`, the actor) and may carry a short note; a note belongs to a
measured domain.
"""

import datetime
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procesregie.access.rules import CHANGE, can
from procesregie.audit.models import Action
from procesregie.audit.services import record_accesses
from procesregie.casework import lifecycle
from procesregie.casework.models import Case
from procesregie.casework.selectors import subject_targets
from procesregie.core.errors import DomainError, NotFound

from .models import NOTE_MAX_LENGTH, Level, Measurement, MeasurementKind


def may_record(actor, case: Case) -> bool:
    """Whether the form is offered: `actor` may change the case and the case still takes changes."""
    return lifecycle.accepts_changes(case) and can(actor, CHANGE, case)


def _check_may_record(actor, case: Case) -> None:
    if not can(actor, CHANGE, case):
        raise NotFound(_("Deze casus bestaat niet of u mag er geen metingen bij vastleggen."))
    if not lifecycle.accepts_changes(case):
        raise DomainError(_("Deze casus is afgesloten; er kunnen geen metingen meer bij."))


def _check_date(case: Case, day: datetime.date) -> None:
    if day > timezone.localdate():
        raise DomainError(_("De datum van de meting ligt in de toekomst."))
    if day < case.registration.registered_on:
        raise DomainError(_("De datum van de meting ligt vóór de aanmelding van de casus."))


@transaction.atomic
def measurement_record(
    *, actor, case: Case, date: datetime.date, kind: str, levels: Mapping, notes: Mapping | None = None, request=None
) -> list[Measurement]:
    """Record one measurement moment: `levels` maps life domains to a level 1–5 (domains left out: not measured),
    `notes` maps measured domains to a note (optional)."""
    case = Case.objects.select_related(
        "registration__person", "registration__system", "registration__approach"
    ).get(pk=case.pk)
    _check_may_record(actor, case)
    if kind not in MeasurementKind.values:
        raise DomainError(_("Kies de soort meting: nulmeting, tussenmeting of eindmeting."))
    _check_date(case, date)
    if not levels:
        raise DomainError(_("Kies bij ten minste één leefgebied een niveau."))
    if any(level not in Level.values for level in levels.values()):
        raise DomainError(_("Een niveau ligt tussen 1 (acuut) en 5 (volledig zelfredzaam)."))
    notes = {domain: note.strip() for domain, note in (notes or {}).items() if note and note.strip()}
    if any(domain not in levels for domain in notes):
        raise DomainError(_("Een notitie hoort bij een leefgebied dat u meet: kies daar ook een niveau."))
    if any(len(note) > NOTE_MAX_LENGTH for note in notes.values()):
        raise DomainError(_("Een notitie is ten hoogste %(count)d tekens lang.") % {"count": NOTE_MAX_LENGTH})
    measurements = Measurement.objects.bulk_create(
        Measurement(case=case, date=date, kind=kind, domain=domain, level=level, note=notes.get(domain, ""),
                    recorded_by=actor)
        for domain, level in sorted(levels.items(), key=lambda item: (item[0].position, item[0].code))
    )
    record_accesses(
        actor=actor, action=Action.CREATE, targets=subject_targets(case),
        purpose_approach=case.registration.approach, request=request,
    )
    return measurements
