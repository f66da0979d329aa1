"""Who and what can come to a meeting: the cases that can go on its agenda, the organisations that can attend.

Who may *do* this is the access rule's (`access.meetings`, `access.cases`): these only narrow what it allows
to what fits the meeting.
"""

from django.db.models import Q, QuerySet

from procesregie.access.accounts import staff_accounts
from procesregie.access.rules import CHANGE, DIRECT, allowed, can
from procesregie.accounts.models import Organisation, User
from procesregie.casework.lifecycle import accepting_changes
from procesregie.casework.models import Case
from procesregie.reference.models import Table

from .models import Meeting


def agenda_candidates(user, meeting: Meeting) -> QuerySet[Case]:
    """Cases in regie at the meeting's table (or without a table, in its approach) that `user` may put on the
    agenda: they direct the meeting and may change the case; cases already on it are left out."""
    table = meeting.table
    if table is None or not can(user, DIRECT, meeting):
        return Case.objects.none()
    at_table = Q(table=table) | Q(table__isnull=True, registration__approach=table.approach_id)
    return (
        allowed(user, CHANGE, Case).filter(at_table, accepting_changes())
        .exclude(agenda_items__meeting=meeting)
    )


def attendance_organisations(*, table: Table, case: Case) -> QuerySet[Organisation]:
    """Organisations that can be at the table for a case: the table's members and the case's active participants."""
    return Organisation.objects.filter(
        Q(pk__in=table.members.values("pk"))
        | Q(pk__in=case.participations.active().values("organisation"))
    ).order_by("name", "pk")


def decision_owners(*, table: Table, case: Case, actor) -> QuerySet[Organisation]:
    """Organisations that can follow up a decision: those at the table for the case, and the actor's own (the house
    of the procesregisseur; an intervention is carried by one of the first)."""
    own = Q(pk=actor.organisation_id) if getattr(actor, "organisation_id", None) else Q(pk__in=[])
    return Organisation.objects.filter(
        Q(pk__in=attendance_organisations(table=table, case=case).values("pk")) | own
    ).order_by("name", "pk")


def owner_persons(organisations: QuerySet[Organisation]) -> QuerySet[User]:
    """Active people of `organisations`, who can be named with a decision they follow up."""
    return (
        staff_accounts().filter(is_active=True, organisation__in=organisations.values("pk"))  # no API client
        .select_related("organisation").order_by("organisation__name", "first_name", "last_name", "username")
    )


def participating_organisation(case: Case, organisation_id) -> Organisation | None:
    """The organisation `organisation_id` (as posted) when it takes part in `case` now; None otherwise (the service
    refuses then)."""
    try:
        pk = int(organisation_id)
    except (TypeError, ValueError):
        return None
    return Organisation.objects.filter(pk=pk, participations__in=case.participations.active()).first()
