"""The Resultaten page's list of cohort years stays within the dates the page accepts (security review of issue 15).

A meeting's date is not bounded where it is entered: one meeting dated 31 December 9999 (or 1 January of year 1)
made the list every year from the first discussion to the last, nearly ten thousand options on every view of the
page (about 390 kB), each outside the computable window and refused when chosen."""

import datetime
import re

import pytest
from django.urls import reverse

from procesregie.meetings.models import Discussion, Meeting

from ...logins import verified_client
from .web_cohort import add_cohort, cohort_year

pytestmark = pytest.mark.django_db


def test_a_stray_meeting_date_does_not_stretch_the_list_of_years(world):
    add_cohort(world, 3)
    for number, day in enumerate((datetime.date(9999, 12, 31), datetime.date(1, 1, 1))):
        meeting = Meeting.objects.create(ref=f"S-{number}", table=world.case.table, date=day)
        Discussion.objects.create(meeting=meeting, case=world.case, date=day)
    client = verified_client(world.users["manager"])

    html = client.get(reverse("reporting:outcomes")).content.decode()
    select = re.search(r'<select name="jaar".*?</select>', html, re.S).group(0)
    years = [int(year) for year in re.findall(r'<option value="(\d+)"', select)]
    assert cohort_year() in years
    assert min(years) >= 1990 and max(years) <= 2100, (min(years), max(years))
    assert len(html) < 200_000
    for year in (min(years), max(years)):
        page = client.get(reverse("reporting:outcomes"), {"jaar": year}).content.decode()
        assert "Deze periode kan niet worden berekend." not in page and "Kies een jaar uit de lijst." not in page
