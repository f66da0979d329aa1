"""What escalations add to /werk/ (worklists knows nothing of escalations, as with `signal_links`):

- `{% escalations_waiting %}`: for the house's managers (`HANDLE_ESCALATIONS`), how many escalations are open and how
  long the oldest has been, with the way to the work list (one query);
- `{% own_escalations %}`: for who raised escalations, theirs that are open or were resolved lately, so the raiser
  hears of the outcome (one query, for a procesregisseur or ketenpartner; nothing for who shows none).

Neither names a case or a subject, so neither logs a read; the escalation's page does when it is opened.
"""

from django import template

from procesregie.access.capabilities import HANDLE_ESCALATIONS, may

from .. import selectors

register = template.Library()


def _user(context):
    return getattr(context.get("request"), "user", None)


@register.inclusion_tag("escalations/_waiting.html", takes_context=True)
def escalations_waiting(context):
    user = _user(context)
    return {"waiting": selectors.waiting(user) if may(user, HANDLE_ESCALATIONS) else None}


@register.inclusion_tag("escalations/_own.html", takes_context=True)
def own_escalations(context):
    return {"own": selectors.own_escalations(_user(context)), "recent_days": selectors.RECENTLY_RESOLVED.days}
