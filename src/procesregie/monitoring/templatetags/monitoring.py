"""`{% measurement_panel case user can_change as panel %}`: the table and chart of a case's measurements."""

from django import template

from procesregie.monitoring import selectors

register = template.Library()


@register.simple_tag
def measurement_panel(case, user, can_change=None):
    """`can_change`: the case page's context variable; when a template has none, the rule is asked."""
    return selectors.measurement_panel(case, user, can_change=can_change if isinstance(can_change, bool) else None)
