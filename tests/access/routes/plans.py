"""The plan of action. The procesregisseur changes the plan; the police (the participant persona) carries the
intervention below, so its partner may set that intervention's status; whoever else may not answers 404.
The plain GET of the plan section sends a browser without htmx to the case page (302)."""

from django.utils import timezone

from procesregie.plans.models import CaseIntervention, Goal

from ...factories import InterventionFactory, LifeDomainFactory
from .expect import SEES_CASE, gated, only

CHANGES_PLAN = {"regisseur"}
CARRIES_INTERVENTION = {"regisseur", "participant"}


def _goal(world) -> dict:
    goal = Goal.objects.create(case=world.case, domain=LifeDomainFactory(), description="Synthetisch doel")
    return {"case_pk": world.case.pk, "pk": goal.pk}


def _police_intervention(world) -> dict:
    item = CaseIntervention.objects.create(
        case=world.case, intervention=InterventionFactory(), organisation=world.users["participant"].organisation,
        agreed_on=timezone.localdate(),
    )
    return {"case_pk": world.case.pk, "pk": item.pk}


def _case(world) -> dict:
    return {"case_pk": world.case.pk}


ROUTES = {
    "plans:plan": (_case, gated(get=only(SEES_CASE, yes=302))),
    "plans:goal-add": (_case, gated(get=only(CHANGES_PLAN), post=only(CHANGES_PLAN))),
    "plans:goal-edit": (_goal, gated(get=only(CHANGES_PLAN), post=only(CHANGES_PLAN))),
    "plans:intervention-add": (_case, gated(get=only(CHANGES_PLAN), post=only(CHANGES_PLAN))),
    "plans:intervention-edit": (
        _police_intervention, gated(get=only(CARRIES_INTERVENTION), post=only(CARRIES_INTERVENTION))
    ),
    # a short update: whoever takes part in the case (an empty one is a form error)
    "plans:case-update-add": (_case, gated(get=only(SEES_CASE), post=only(SEES_CASE))),
}
