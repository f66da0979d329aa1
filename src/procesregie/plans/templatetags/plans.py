"""`{% plan_view case user can_change as plan %}`: the case's plan arranged for display (`plans.selectors.plan_view`).

`can_change` is the case page's context variable (`can(user, CHANGE, case)`); when a template has none, the
rule is asked.
"""

from django import template

from procesregie.plans import selectors

register = template.Library()


@register.simple_tag
def plan_view(case, user, can_change=None):
    return selectors.plan_view(case, user, can_change=can_change if isinstance(can_change, bool) else None)
