"""The plan's open work for closing a case (`casework.open_work`): open goals, agreed or running interventions."""

from django.utils.translation import gettext as _

from procesregie.casework.open_work import OpenItem

from .models import OPEN_INTERVENTION_STATUSES, CaseIntervention, Goal, GoalStatus


def open_items(case) -> list[OpenItem]:
    """Two queries, whatever the size of the plan."""
    goals = Goal.objects.filter(case=case, status=GoalStatus.OPEN).select_related("domain").order_by("position", "id")
    interventions = (
        CaseIntervention.objects.filter(case=case, status__in=OPEN_INTERVENTION_STATUSES)
        .select_related("intervention", "organisation").order_by("agreed_on", "id")
    )
    items = [
        OpenItem("goal", _("Doel (%(domain)s): %(description)s") % {"domain": goal.domain, "description": goal.description})
        for goal in goals
    ]
    for item in interventions:
        detail = {"intervention": item.intervention, "organisation": item.organisation,
                  "status": item.get_status_display()}
        if item.due_date:
            label = _("Interventie %(intervention)s (%(organisation)s, %(status)s, uiterlijk %(due)s)") % {
                **detail, "due": item.due_date.strftime("%d-%m-%Y")}
        else:
            label = _("Interventie %(intervention)s (%(organisation)s, %(status)s)") % detail
        items.append(OpenItem("intervention", label))
    return items
