"""Who changes what in a plan of action.

- The procesregisseur of a case changes its whole plan (`cases_changeable_by`).
- The partner rule: a ketenpartner whose organisation carries an agreed intervention of a case it sees sets
  that intervention's status, and nothing else.
- Short updates on a case (`cases_open_to_updates_by`): whoever takes part in it, a ketenpartner whose
  organisation participates or its procesregisseur, i.e. exactly who sees it; and they are read by the same.
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


def cases_open_to_updates_by(user) -> QuerySet:
    """Cases on which `user` may post a short update: those they take part in (a participating organisation's
    ketenpartner, or the procesregisseur directing the case); that is, every case they see."""
    return cases_visible_to(user)


def posts_updates_in_shown_case(user, case) -> bool:
    """`case` is in `cases_open_to_updates_by(user)`, for a case that was read through `cases_visible_to(user)`
    (the two are the same set, so no query is needed)."""
    return case is not None and case.pk is not None
