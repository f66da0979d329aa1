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


MOMENTS_PER_TABLE = 6  # columns of moments in one table: an A4 page holds this many beside the domain


@register.filter
def measurement_table(measurements):
    """A case's measurements (`case["measurements"]` of the document) as small tables: a row per life domain, a
    column per moment (its date and kind), each cell the level and its label, at most MOMENTS_PER_TABLE moments a
    table (a five-year case has fifteen); the notes apart, with their moment and domain. The domains in the order
    they were first measured in."""
    moments: dict[str, str] = {}
    domains: dict[str, dict[str, dict]] = {}
    notes = []
    for m in measurements:
        moments.setdefault(m["date"], m["kind"])
        domains.setdefault(m["domain"], {})[m["date"]] = m
        if m.get("note"):
            notes.append(m)
    dates = sorted(moments)
    parts = []
    for start in range(0, len(dates), MOMENTS_PER_TABLE):
        part = dates[start:start + MOMENTS_PER_TABLE]
        parts.append({
            "moments": [{"date": date, "kind": moments[date]} for date in part],
            "rows": [{"domain": domain, "cells": [cells.get(date) for date in part]}
                     for domain, cells in domains.items()],
        })
    return {"parts": parts, "notes": notes}
