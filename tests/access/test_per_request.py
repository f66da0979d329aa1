"""Rule builders kept for the request (`access.per_request`): asked twice on one user object, the second answer is
as fresh as the first. The request's user object lives one request; what changes in it must still count."""

import datetime

import pytest
from django.utils import timezone

from procesregie.access import rules
from procesregie.casework.models import Participation
from tests.factories import CaseFactory

from ..logins import verified_client
from ..personas import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_a_case_added_after_the_first_read_is_in_the_second(world):
    regisseur = world.users["regisseur"]
    first = set(rules.cases_visible_to(regisseur))
    added = CaseFactory(registration__approach=world.case.registration.approach, table=world.case.table)
    second = set(rules.cases_visible_to(regisseur))
    assert added not in first
    assert second == first | {added}


def test_each_caller_filters_its_own_copy(world):
    regisseur = world.users["regisseur"]
    second_case = CaseFactory(registration__approach=world.case.registration.approach, table=world.case.table)
    only_the_case = rules.cases_visible_to(regisseur).filter(pk=world.case.pk)
    assert list(only_the_case) == [world.case]
    assert set(rules.cases_visible_to(regisseur)) == {world.case, second_case}


def test_a_user_made_inactive_sees_nothing_on_the_next_question(world):
    regisseur = world.users["regisseur"]
    assert world.case in set(rules.cases_visible_to(regisseur))
    regisseur.is_active = False
    assert set(rules.cases_visible_to(regisseur)) == set()
    assert set(rules.allowed(regisseur, rules.VIEW, world.case.table.__class__)) == set()


def test_a_participation_past_its_end_stops_counting_the_next_day(world, monkeypatch):
    partner = world.users["other_org"]
    today = timezone.localdate()
    Participation.objects.create(case=world.case, organisation=partner.organisation, until=today)
    assert world.case in set(rules.cases_visible_to(partner))
    monkeypatch.setattr(timezone, "localdate", lambda *args: today + datetime.timedelta(days=1))
    assert world.case not in set(rules.cases_visible_to(partner))


def test_the_request_user_of_a_page_is_asked_like_any_other(world):
    """Through a page, the user is Django's lazy request.user: the work list and a case page read as before."""
    client = verified_client(world.users["regisseur"])
    assert world.case.registration.ref in client.get("/casussen/").content.decode()
    assert client.get(f"/casussen/{world.case.pk}/").status_code == 200
    assert client.get(f"/casussen/{world.other_case.pk}/").status_code == 404
