"""`{% raise_form escalations as form %}`: an empty form to escalate a case, offering what the case page's escalation
panel (`selectors.EscalationPanel`) holds. Whether it is shown is the panel's `can_raise`, decided by the selector."""

from django import template

from ..forms import RaiseForm

register = template.Library()


@register.simple_tag
def raise_form(panel) -> RaiseForm:
    return RaiseForm(organisations=panel.organisations, interventions=panel.interventions)
