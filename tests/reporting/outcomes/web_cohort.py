"""A cohort for the outcomes page's tests (tests/reporting/outcomes/test_web.py, tests/e2e/test_outcomes.py): persons
of tests/personas.py's approach A, discussed for the first time in one year, with police registrations around it, and
a declined registration beside each (the comparison group)."""

import datetime

from django.utils import timezone

from procesregie.meetings.models import Discussion, Meeting
from procesregie.reporting.outcomes import default_cohort_year
from procesregie.subjects.models import PoliceRegistration
from tests import factories as f


def cohort_year() -> int:
    return default_cohort_year(timezone.localdate())


def discussed(case, on: datetime.date) -> None:
    meeting = Meeting.objects.create(ref=f"O-{case.pk}-{on.isoformat()}", table=case.table, date=on)
    Discussion.objects.create(meeting=meeting, case=case, date=on)


def registrations(person, around: datetime.date, *, before: int, after: int) -> None:
    PoliceRegistration.objects.bulk_create(
        [PoliceRegistration(person=person, date=around - datetime.timedelta(days=10 + i), kind="misdrijf")
         for i in range(before)]
        + [PoliceRegistration(person=person, date=around + datetime.timedelta(days=10 + i), kind="overtreding")
           for i in range(after)])


def add_cohort(world, size: int, *, year: int | None = None) -> None:
    """`size` persons of approach A first discussed in `year` (default: the default cohort year), each with 3 police
    registrations in the year before and 1 in the year after, and `size` declined registrations beside them."""
    year = year or cohort_year()
    approach, table = world.case.registration.approach, world.case.table
    for number in range(size):
        on = datetime.date(year, 1 + number % 12, 1 + number % 28)
        case = f.CaseFactory(registration__approach=approach, table=table, registration__registered_on=on)
        discussed(case, on)
        registrations(case.registration.person, on, before=3, after=1)
        declined = f.RegistrationFactory(approach=approach, declined=True, registered_on=on - datetime.timedelta(days=14))
        registrations(declined.person, on, before=2, after=2)
