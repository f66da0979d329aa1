"""The templates' `date` filter keeps the text of each date (core/templatetags/dates.py): it writes exactly what
Django's own filter writes, in each language and format, also when the same date comes again."""

import datetime
import zoneinfo

import pytest
from django.template import engines
from django.template.defaultfilters import date as django_date
from django.utils import timezone, translation

DATES = [datetime.date(2024, 3, 4), datetime.date(2025, 12, 31), datetime.date(2026, 1, 1)]
FORMATS = ["j F Y", "SHORT_DATE_FORMAT", "l j F Y", "j-n-Y", None]


def render(template: str, **context) -> str:
    return engines["django"].from_string(template).render(context)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_each_date_reads_as_django_writes_it(language):
    with translation.override(language):
        for day in DATES:
            for fmt in FORMATS:
                template = "{{ day|date }}" if fmt is None else f'{{{{ day|date:"{fmt}" }}}}'
                for _ in range(2):  # the second time from what was kept
                    assert render(template, day=day) == django_date(day, fmt)


def test_the_same_date_in_another_language_reads_in_that_language():
    day = datetime.date(2024, 3, 4)
    with translation.override("nl"):
        assert render('{{ day|date:"l j F Y" }}', day=day) == "maandag 4 maart 2024"
    with translation.override("en"):
        assert render('{{ day|date:"l j F Y" }}', day=day) == "Monday 4 March 2024"
    with translation.override("nl"):
        assert render('{{ day|date:"SHORT_DATE_FORMAT" }}', day=day) == "4-3-2024"
    with translation.override("en"):
        assert render('{{ day|date:"SHORT_DATE_FORMAT" }}', day=day) == "04/03/2024"


def test_a_moment_is_written_in_the_time_zone_as_before():
    moment = datetime.datetime(2024, 3, 4, 23, 30, tzinfo=datetime.UTC)
    with translation.override("nl"), timezone.override(zoneinfo.ZoneInfo("Europe/Amsterdam")):
        assert render('{{ moment|date:"j F Y, H:i" }}', moment=moment) == "5 maart 2024, 00:30"
    with translation.override("nl"), timezone.override(zoneinfo.ZoneInfo("UTC")):
        assert render('{{ moment|date:"j F Y, H:i" }}', moment=moment) == "4 maart 2024, 23:30"


def test_nothing_and_text_give_what_they_gave():
    assert render('{{ day|date:"j F Y" }}', day=None) == ""
    assert render('{{ day|date:"j F Y" }}', day="") == ""
