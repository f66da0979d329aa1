"""Who is reminded of what (the notification list and the reminder e-mail). Every builder is a subset of what the user
may see; the reminders app only adds the dates (overdue, this week, months without a measurement).

- Everyone who works with case content (a procesregisseur, a ketenpartner) has a notification list; only active
  accounts with an e-mail address are mailed.
- Interventions: those the user's organisation carries (a ketenpartner), those named to the user as the
  responsible person, and for a procesregisseur those of the cases they direct (`access.caseload`).
- Meetings: the meetings the user may open (`meetings_visible_to`) that are at their tables or have one of
  their own cases on the agenda.
- Registrations: those a procesregisseur may triage.
- Measurements: only a procesregisseur is reminded of their own cases (they record the measurements).
"""

from django.db.models import Q, QuerySet

from procesregie.accounts.models import User
from procesregie.accounts.roles import Role

from .caseload import caseload_of, directs_own_cases
from .cases import cases_visible_to, model, registrations_triageable_by
from .meetings import meetings_visible_to, tables_with_meetings_for
from .users import is_partner, is_regisseur, partner_organisation_id


def receives_reminders(user) -> bool:
    return is_regisseur(user) or is_partner(user)


def users_to_mail() -> QuerySet[User]:
    """The accounts the reminder e-mail goes to: active, with an e-mail address, working with case content (a
    ketenpartner needs an organisation as well; `receives_reminders` checks each one again)."""
    return (
        User.objects.filter(is_active=True, roles__role__in=[Role.PROCESREGISSEUR, Role.KETENPARTNER])
        .exclude(email="").distinct().order_by("pk")
    )


def interventions_reminded_to(user) -> QuerySet:
    """The interventions whose deadline `user` is reminded of (see the module docstring)."""
    intervention = model("plans.CaseIntervention")
    if not receives_reminders(user):
        return intervention.objects.none()
    condition = Q(responsible_person=user)
    organisation_id = partner_organisation_id(user)
    if organisation_id:
        condition |= Q(organisation_id=organisation_id)
    if directs_own_cases(user):
        condition |= Q(case__in=caseload_of(user).values("pk"))
    return intervention.objects.filter(condition, case__in=cases_visible_to(user).values("pk"))


def meetings_reminded_to(user) -> QuerySet:
    """The meetings `user` is reminded of: at their tables, or with one of their own cases on the agenda."""
    meeting = model("meetings.Meeting")
    if not receives_reminders(user):
        return meeting.objects.none()
    own_cases = model("meetings.AgendaItem").objects.filter(case__in=caseload_of(user).values("pk"))
    return meetings_visible_to(user).filter(
        Q(table__in=tables_with_meetings_for(user).values("pk")) | Q(pk__in=own_cases.values("meeting"))
    )


def registrations_reminded_to(user) -> QuerySet:
    """The registrations `user` may triage (a procesregisseur)."""
    return registrations_triageable_by(user)


def cases_reminded_of_measurements(user) -> QuerySet:
    """The cases whose measurements `user` is reminded of: the ones they direct themselves."""
    if not directs_own_cases(user):
        return model("casework.Case").objects.none()
    return caseload_of(user)
