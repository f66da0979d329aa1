"""`{% shielding_notice %}`: on a case page, tells a private or incidental WGS participant that it does not see all of
the case, and why (docs/decisions/0020). Shown to them always, never only when something was in fact left out: a
notice that came and went with the data would itself tell that the police or the justice chain is in the case."""

from django import template

from procesregie.access.shielding import sees_less

register = template.Library()


@register.inclusion_tag("casepage/_shielding_notice.html", takes_context=True)
def shielding_notice(context) -> dict:
    request = context.get("request")
    return {"shown": request is not None and sees_less(request.user)}
