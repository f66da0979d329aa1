"""Issue 12 §5: the annual report page opens on the latest year that has registrations, not on a year without any."""

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.casework.models import Case, Registration

from ..logins import verified_client

pytestmark = pytest.mark.django_db


def opened_year(world) -> int:
    html = verified_client(world.users["manager"]).get(reverse("reporting:annual-report")).content.decode()
    years = [year for year in range(1990, 2100) if f"Jaarverslag {year}" in html]
    assert len(years) == 1, years
    return years[0]


def move_registrations_to(year: int) -> None:
    for registration in Registration.objects.all():
        registration.registered_on = registration.registered_on.replace(year=year, day=1)
        registration.save(update_fields=["registered_on"])


def test_the_page_opens_on_the_latest_year_with_registrations(world):
    this_year = timezone.localdate().year
    move_registrations_to(this_year - 3)
    assert opened_year(world) == this_year - 3


def test_this_year_when_it_has_registrations(world):
    Registration.objects.update(registered_on=timezone.localdate())
    assert opened_year(world) == timezone.localdate().year


def test_last_year_when_there_are_no_registrations_at_all(world):
    Case.objects.all().delete()
    Registration.objects.all().delete()
    assert opened_year(world) == timezone.localdate().year - 1


def test_a_chosen_year_still_wins(world):
    move_registrations_to(timezone.localdate().year - 3)
    html = verified_client(world.users["manager"]).get(reverse("reporting:annual-report"), {"jaar": 2019}).content.decode()
    assert "Jaarverslag 2019" in html
