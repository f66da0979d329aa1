"""Who changes what in a plan of action.

- The procesregisseur of a case changes its whole plan (`cases_changeable_by`).
- The partner rule: a ketenpartner whose organisation carries an agreed intervention of a case it sees sets
  that intervention's status, and nothing else.
- In a work list a procesregisseur follows up the interventions of every case they see; a ketenpartner only
  those its organisation carries.
"""

from django.db.models import QuerySet

from .cases import cases_visible_to, model
from .users import is_regisseur, partner_organisation_id


def interventions_carried_by(user) -> QuerySet:
    """Agreed interventions whose status `user` may set under the partner rule."""
    intervention = model("plans.CaseIntervention")
    organisation_id = partner_organisation_id(user)
    if not organisation_id:
        return intervention.objects.none()
    return intervention.objects.filter(organisation_id=organisation_id, case__in=cases_visible_to(user).values("pk"))


def carries_in_shown_case(user, intervention) -> bool:
    """`intervention` is in `interventions_carried_by(user)`, for an intervention of a case that was read through
    `cases_visible_to(user)` (so only the organisation is left to compare, without a query)."""
    organisation_id = partner_organisation_id(user)
    return bool(organisation_id) and intervention.organisation_id == organisation_id


def interventions_followed_up_by(user) -> QuerySet:
    """The interventions a work list shows `user` to follow up."""
    if is_regisseur(user):
        return model("plans.CaseIntervention").objects.filter(case__in=cases_visible_to(user).values("pk"))
    return interventions_carried_by(user)
