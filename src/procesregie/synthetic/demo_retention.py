"""The demo's retention extensions (`procesregie demo-retention`), so that the privacy officer finds the overview
"Bewaartermijnen" filled, with a repeated extension flagged, on day one:

- the demo procesregisseur extends one subject of a closed case they see (the first whose date lies ahead);
- the demo privacy officer extends one subject that is past its date twice (first half a year, then a year ahead),
  so that it stays off the destruction list and shows as "herhaald verlengd".

Through the retention service (which checks who may and logs the access). `make demo` runs `procesregie retention
propose` after it. Written once: an installation that has extensions gets none.
"""

import datetime

from django.db import transaction

from procesregie.access.retention import persons_extendable_by
from procesregie.accounts.models import User
from procesregie.casework.models import CaseStatus
from procesregie.core.months import add_months
from procesregie.retention.due import due_items, subject_due
from procesregie.retention.models import ItemKind, RetentionExtension
from procesregie.retention.services.extending import retention_extend
from procesregie.subjects.models import Person

REGISSEUR, OFFICER = "procesregisseur.zvh", "privacy.zvh"
CANDIDATES = 200


def _active(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _regisseurs_subject(regisseur: User, today: datetime.date) -> tuple[Person, datetime.date] | None:
    persons = persons_extendable_by(regisseur).filter(
        registrations__case__status=CaseStatus.CLOSED).distinct().order_by("pk")[:CANDIDATES]
    for person in persons:
        due = subject_due(person=person)
        if due is not None and due.due_on > today:
            return person, due.due_on
    return None


@transaction.atomic
def write_extensions(*, today: datetime.date) -> int:
    if RetentionExtension.objects.exists():
        return 0
    written = 0
    regisseur, officer = _active(REGISSEUR), _active(OFFICER)
    if regisseur is not None:
        found = _regisseurs_subject(regisseur, today)
        if found is not None:
            person, due_on = found
            retention_extend(actor=regisseur, person=person, until=add_months(due_on, 12),
                             reason="Synthetisch: de officier van justitie vroeg het dossier te bewaren tot de "
                                    "strafzaak is afgerond.")
            written += 1
    if officer is not None:
        past = next((due for due in due_items(today) if due.kind == ItemKind.PERSON), None)
        if past is not None:
            person = Person.objects.get(pk=past.object_id)
            retention_extend(actor=officer, person=person, until=add_months(today, 6),
                             reason="Synthetisch: klacht van betrokkene in behandeling bij de klachtencommissie.")
            retention_extend(actor=officer, person=person, until=add_months(today, 12),
                             reason="Synthetisch: de klachtencommissie heeft haar uitspraak uitgesteld.")
            written += 2
    return written
