"""What a hit is: the person is in regie here now, or registered here and waiting for triage.

A hit: the person (not destroyed) is the subject of a case in regie, or a member of a system (not destroyed) whose
case is in regie; or the subject of a registration that waits for triage (`pending`), or a member of a system that
has one. Not a hit: only closed cases, only declined registrations, a destroyed person or system. The answer says
nothing about which of these it is; nor does its time: the same one query runs for a person who was found and for
nobody, so a known person who is no hit takes as long as an unknown one.
"""

from django.db.models import Q

from procesregie.casework.lifecycle import accepting_changes
from procesregie.casework.models import Registration, RegistrationStatus
from procesregie.subjects.models import Person, SystemMember

NOBODY = 0  # no person has this key (keys start at 1): the query for "nobody found" or a destroyed person


def in_regie(person: Person | None) -> bool:
    """Is `person` currently in regie or registered and waiting for triage here? One query, also for None."""
    person_id = person.pk if person is not None and person.destroyed_on is None else NOBODY
    systems = SystemMember.objects.filter(person_id=person_id, system__destroyed_on__isnull=True).values("system_id")
    about_them = Q(person_id=person_id) | Q(system_id__in=systems)
    live = Q(status=RegistrationStatus.PENDING) | accepting_changes("case")  # the case is in regie
    return Registration.objects.filter(about_them, live, destroyed_on__isnull=True).exists()
