"""`{% signal_origin registration as signal %}`: the signal a registration was made from, when the user may see it.

Casework's registration page shows "voortgekomen uit melding <ref>" with it. The tag lives here, above casework, so
that casework knows nothing of signals: through the access rule it answers None for whoever may not see the signal,
exactly as for a registration that came from none.
"""

from django import template

from procesregie.signals.selectors import signal_of_registration

register = template.Library()


@register.simple_tag(takes_context=True)
def signal_origin(context, registration):
    request = context.get("request")
    if request is None or registration is None:
        return None
    return signal_of_registration(user=request.user, registration=registration)
