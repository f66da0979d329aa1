"""What signals add to the pages of other apps, which know nothing of signals (as `signal_origin`):

- `{% signal_report_buttons %}`: "Melding doen" and "Anoniem advies vragen", beside the registration buttons on /werk/;
- `{% signal_report_pointer %}`: on the registration forms, "Nog geen aanmelding? Doe een melding of vraag advies";
- `{% signal_work_line %}`: on /werk/, how many signals wait for the procesregisseur and how many follow-ups are due.

Each asks the access rule itself and renders nothing for whoever it is not for: the report links are for ketenpartners
(`REPORT_SIGNAL`), the line for who handles signals (`HANDLE_SIGNALS`, one query).
"""

from django import template

from procesregie.access.capabilities import HANDLE_SIGNALS, REPORT_SIGNAL, may
from procesregie.signals.selectors import signal_work

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None)


@register.inclusion_tag("signals/_report_buttons.html", takes_context=True)
def signal_report_buttons(context):
    return {"show": may(_user(context), REPORT_SIGNAL)}


@register.inclusion_tag("signals/_report_pointer.html", takes_context=True)
def signal_report_pointer(context):
    return {"show": may(_user(context), REPORT_SIGNAL)}


@register.inclusion_tag("signals/_work_line.html", takes_context=True)
def signal_work_line(context):
    user = _user(context)
    return {"work": signal_work(user=user) if may(user, HANDLE_SIGNALS) else None}
