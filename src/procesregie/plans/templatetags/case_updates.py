"""`{% case_update_form as form %}`: an empty form for a short update (the case page renders it beside the plan)."""

from django import template

from ..forms import CaseUpdateForm

register = template.Library()


@register.simple_tag(takes_context=True)
def case_update_form(context) -> CaseUpdateForm:
    return CaseUpdateForm(user=context["request"].user)
