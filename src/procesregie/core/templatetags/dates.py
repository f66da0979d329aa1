"""Django's `date` filter, with the text of each date kept: the same date, format and language give the same text.

A page shows many dates (a case page about 75) and Django formats each one anew: it looks the format up for the
language, then walks the format string letter by letter, some 50–75 µs a date on the 2-CPU server of the load
benchmark (docs/decisions/0009). For a date (not a date and time) the text depends on nothing else, so the last
4,096 are kept. Dates and times, and anything unusual, go to Django's filter as before.

Registered in config/settings.py as a template builtin after Django's own, so it is the `date` of every template.
"""

import datetime
import functools

from django import template
from django.template.defaultfilters import date as django_date
from django.utils.translation import get_language

register = template.Library()


@functools.lru_cache(maxsize=4096)
def _date_text(value: datetime.date, arg: str | None, language: str | None) -> str:
    return django_date(value, arg)


@register.filter(expects_localtime=True, is_safe=False)
def date(value, arg=None):
    if type(value) is datetime.date and (arg is None or isinstance(arg, str)):
        return _date_text(value, arg, get_language())
    return django_date(value, arg)
