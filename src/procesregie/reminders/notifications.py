"""A user's notifications, computed in a fixed number of queries whatever the amount of data.

Four kinds, each from the builders of `access.reminders` (who) plus a date rule (when):

- an overdue intervention (`CaseInterventionQuerySet.overdue`: past its due date while agreed or running, of a case
  in regie);
- a meeting from today until Sunday of this week;
- a registration waiting for triage;
- a case in regie that has had no measurement for `settings.REMINDER_MEASUREMENT_MONTHS` months (counted from its
  last measurement, or from its start when it has none yet).

Each notification has a key of ids and dates only (`SentReminder.key`); the key changes when the reminder does
(a new due date, a later measurement, a moved meeting), so it is mailed again then and only then.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, DateField, Max, OuterRef, Prefetch, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce
from django.utils import timezone

from procesregie.access.reminders import (
    cases_reminded_of_measurements,
    interventions_reminded_to,
    meetings_reminded_to,
    registrations_reminded_to,
)
from procesregie.casework.lifecycle import accepting_changes
from procesregie.casework.models import Case, Registration, RegistrationStatus
from procesregie.core.months import add_months
from procesregie.meetings.models import Meeting
from procesregie.monitoring.models import Measurement
from procesregie.plans.models import CaseIntervention
from procesregie.subjects.models import SystemMember

LIMIT = 50  # per kind on the page; the count and the e-mail take all of them


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months earlier (the last day of that month when it is shorter)."""
    return add_months(day, -months)


def end_of_week(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=6 - day.weekday())


# --- the four kinds: querysets (who through access, when here) ----------------------------------------------


def overdue_interventions(user, today: datetime.date) -> QuerySet[CaseIntervention]:
    return interventions_reminded_to(user).overdue(today).order_by("due_date", "id")


def meetings_this_week(user, today: datetime.date) -> QuerySet[Meeting]:
    return meetings_reminded_to(user).filter(date__gte=today, date__lte=end_of_week(today)).order_by("date", "id")


def registrations_to_triage(user) -> QuerySet[Registration]:
    return registrations_reminded_to(user).filter(status=RegistrationStatus.PENDING).order_by("registered_on", "id")


def cases_without_measurement(user, today: datetime.date) -> QuerySet[Case]:
    cutoff = months_before(today, settings.REMINDER_MEASUREMENT_MONTHS)
    last = Measurement.objects.filter(case=OuterRef("pk")).order_by().values("case").annotate(last=Max("date"))
    return (
        cases_reminded_of_measurements(user).filter(accepting_changes())
        .annotate(last_measured=Subquery(last.values("last"), output_field=DateField()))
        .annotate(measured_or_started=Coalesce("last_measured", "start_date", output_field=DateField()))
        .filter(measured_or_started__lte=cutoff)
        .order_by("measured_or_started", "id")
    )


def intervention_key(item) -> str:
    return f"intervention:{item.pk}:{item.due_date.isoformat()}"


def meeting_key(meeting) -> str:
    return f"meeting:{meeting.pk}:{meeting.date.isoformat()}"


def registration_key(registration) -> str:
    return f"registration:{registration.pk}"


def measurement_key(case) -> str:
    return f"measurement:{case.pk}:{case.measured_or_started.isoformat()}"


def keys(user, today: datetime.date | None = None) -> set[str]:
    """The keys of every current notification of `user` (four queries of ids and dates; for the e-mail)."""
    today = today or timezone.localdate()
    return {
        *(intervention_key(item) for item in overdue_interventions(user, today).only("pk", "due_date")),
        *(meeting_key(meeting) for meeting in meetings_this_week(user, today).only("pk", "date")),
        *(registration_key(registration) for registration in registrations_to_triage(user).only("pk")),
        *(measurement_key(case) for case in cases_without_measurement(user, today).only("pk")),
    }


def count(user, today: datetime.date | None = None) -> int:
    """How many notifications `user` has (four counting queries; for the navigation)."""
    today = today or timezone.localdate()
    return sum(queryset.count() for queryset in (
        overdue_interventions(user, today), meetings_this_week(user, today), registrations_to_triage(user),
        cases_without_measurement(user, today),
    ))


# --- the page ------------------------------------------------------------------------------------------------


@dataclass
class Section:
    items: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


@dataclass
class Notifications:
    interventions: Section
    meetings: Section
    registrations: Section
    cases: Section
    cases_shown: list[Case] = field(default_factory=list)  # every case whose subject the page names
    months: int = 0

    @property
    def total(self) -> int:
        return self.interventions.total + self.meetings.total + self.registrations.total + self.cases.total


def _members():
    return Prefetch("registration__system__memberships", queryset=SystemMember.objects.select_related("person"))


def _section(queryset: QuerySet) -> Section:
    """At most LIMIT items and the number of all of them, in one query (a window over every row)."""
    items = list(queryset.annotate(total_of_kind=Window(Count("pk")))[:LIMIT])
    return Section(items, items[0].total_of_kind if items else 0)


def notification_list(user, today: datetime.date | None = None) -> Notifications:
    """The notifications page's content in at most eight queries (four kinds, the interventions' cases, the members
    of the systems they show), whatever the number of notifications. A registration is named by its reference, which
    is the subject's too: the page logs the registrations' subjects as well."""
    today = today or timezone.localdate()
    interventions = _section(
        overdue_interventions(user, today).select_related("intervention", "organisation").prefetch_related(
            Prefetch("case", queryset=Case.objects.select_related(
                "registration__person", "registration__system").prefetch_related(_members()))
        )
    )
    meetings = _section(meetings_this_week(user, today).select_related("table"))
    registrations = _section(
        registrations_to_triage(user).select_related("approach", "person", "system").prefetch_related(
            Prefetch("system__memberships", queryset=SystemMember.objects.select_related("person")))
    )
    cases = _section(
        cases_without_measurement(user, today)
        .select_related("registration__person", "registration__system").prefetch_related(_members())
    )
    shown = [item.case for item in interventions.items] + cases.items
    return Notifications(interventions, meetings, registrations, cases, shown, settings.REMINDER_MEASUREMENT_MONTHS)
