"""What a hit is: the person is in regie here now, or registered here and waiting for triage.

A hit: the person (not destroyed) is the subject of a case in regie, or a member of a system (not destroyed) whose
case is in regie; or the subject of a registration that waits for triage (`pending`), or a member of a system that
has one. Not a hit: only closed cases, only declined registrations, a destroyed person or system. The answer says
nothing about which of these it is.
"""

from django.db.models import Q

from procesregie.casework.models import CaseStatus, Registration, RegistrationStatus
from procesregie.subjects.models import Person, SystemMember


def in_regie(person: Person | None) -> bool:
    """Is `person` currently in regie or registered and waiting for triage here? One query."""
    if person is None or person.destroyed_on is not None:
        return False
    systems = SystemMember.objects.filter(person=person, system__destroyed_on__isnull=True).values("system_id")
    about_them = Q(person=person) | Q(system_id__in=systems)
    live = Q(status=RegistrationStatus.PENDING) | Q(case__status=CaseStatus.IN_REGIE)
    return Registration.objects.filter(about_them, live, destroyed_on__isnull=True).exists()
