"""`when`: a date or time of the inzage document (ISO text, as in its JSON) as the reader reads dates ("6 december
2026", "6 december 2026 15:53"); empty stays empty, anything else is shown as it is."""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


@register.filter
def when(value):
    if not value:
        return value
    text = str(value)
    try:
        if len(text) == 10:
            return date_format(datetime.date.fromisoformat(text), "j F Y")
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "j F Y H:i")
