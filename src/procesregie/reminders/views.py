"""The reminder list (Herinneringen) and its count in the navigation. Thin: select through the access rule, log, render."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from procesregie.access.capabilities import SEE_CASES, may
from procesregie.casework.selectors import log_subjects_shown

from . import notifications


@require_safe
def notification_list(request):
    if not may(request.user, SEE_CASES):
        raise Http404
    found = notifications.notification_list(request.user)
    log_subjects_shown(user=request.user, cases=found.cases_shown, registrations=found.registrations.items,
                       request=request)
    return render(request, "reminders/list.html", {"notifications": found})


@require_safe
def notification_count(request):
    """The number beside "Herinneringen" in the navigation, loaded by htmx after the page (so no page pays for it)."""
    if not may(request.user, SEE_CASES):
        raise Http404
    return render(request, "reminders/_count.html", {"count": notifications.count(request.user)})
