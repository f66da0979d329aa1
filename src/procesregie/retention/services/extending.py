"""Extending one subject's retention: a procesregisseur (for the subjects of the registrations and cases they see in
full) or the privacy officer (any subject) keeps a person or a system until a later date, with a reason
(`access.retention`). The date must lie after today and after the date the policy keeps the subject until now (an
extension that changes nothing is refused). Every extension is kept (`RetentionExtension`) and logged (an UPDATE
access for the subject); two or more for one subject are flagged on the privacy officer's overview.
Who may not: `NotFound`. Bad input: `DomainError`, nothing written."""

import datetime

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from procesregie.access.retention import may_extend
from procesregie.audit.models import Action
from procesregie.audit.services import record_access
from procesregie.core.errors import DomainError, NotFound
from procesregie.core.months import add_months
from procesregie.subjects.models import Person, System

from ..due import subject_due
from ..models import RetentionExtension
from ._common import checked_reason

# An extension longer than this is refused: retention is "no longer than necessary", not "for ever".
MAX_YEARS_AHEAD = 10


@transaction.atomic
def retention_extend(*, actor, person: Person | None = None, system: System | None = None,
                     until: datetime.date, reason: str, request=None) -> RetentionExtension:
    """Keep `person` or `system` (one of the two) until `until` (inclusive), for `reason`."""
    if (person is None) == (system is None):
        raise ValueError("retention_extend: give a person or a system")
    subject = person or system
    if actor is None or not may_extend(actor, subject):
        raise NotFound(_("Deze betrokkene bestaat niet of u mag de bewaartermijn niet verlengen."))
    if not isinstance(until, datetime.date):
        raise DomainError(_("Vul een geldige datum in."))
    today = timezone.localdate()
    if until <= today:
        raise DomainError(_("De nieuwe datum moet na vandaag liggen."))
    if until > add_months(today, 12 * MAX_YEARS_AHEAD):
        raise DomainError(_("Een verlenging is ten hoogste %(years)s jaar vooruit.") % {"years": MAX_YEARS_AHEAD})
    current = subject_due(person=person, system=system)
    if current is not None and until <= current.due_on:
        raise DomainError(_("De gegevens worden al bewaard tot en met %(date)s; kies een latere datum.")
                          % {"date": formats.date_format(current.due_on, "j F Y")})
    reason = checked_reason(reason, required_message=_("Geef de reden van de verlenging."))
    extension = RetentionExtension.objects.create(person=person, system=system, until=until, reason=reason,
                                                  extended_by=actor)
    record_access(actor=actor, action=Action.UPDATE, obj=extension, subject_key=subject.subject_key, request=request)
    return extension
