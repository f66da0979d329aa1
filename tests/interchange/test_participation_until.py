"""A participation's `until` (interchange v2 `case_participants.csv`) ends its access after that day."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.access.cases import cases_visible_to
from procesregie.casework.models import Participation
from tests.logins import verified_client
from tests.personas import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def set_until(world, days: int) -> None:
    organisation = world.users["participant"].organisation
    today = timezone.localdate()
    Participation.objects.filter(case=world.case, organisation=organisation).update(
        since=today - datetime.timedelta(days=30), until=today + datetime.timedelta(days=days)
    )


@pytest.mark.parametrize(("days", "status"), [(-1, 404), (0, 200), (1, 200)], ids=["yesterday", "today", "tomorrow"])
def test_a_partner_sees_the_case_until_the_last_day_of_its_participation(world, days, status):
    set_until(world, days)
    response = verified_client(world.users["participant"]).get(reverse("casework:case-detail", args=[world.case.pk]))
    assert response.status_code == status
    assert ("Geheime" in response.content.decode()) is (status == 200)


def test_a_participation_counts_from_its_since_and_until_its_until():
    world = build_world()
    organisation = world.users["participant"].organisation
    participation = Participation.objects.get(case=world.case, organisation=organisation)
    day = datetime.date(2026, 6, 15)
    participation.since, participation.until = day, day + datetime.timedelta(days=10)
    participation.save()
    active = Participation.objects.filter(pk=participation.pk).active
    assert [bool(active(on=day + datetime.timedelta(days=offset))) for offset in (-1, 0, 10, 11)] == [False, True, True, False]


def test_the_case_list_leaves_out_a_case_whose_participation_has_ended(world):
    set_until(world, -1)
    assert world.case not in cases_visible_to(world.users["participant"])
    set_until(world, 1)
    assert world.case in cases_visible_to(world.users["participant"])


def test_the_case_page_lists_a_lapsed_participation_as_ended(world):
    regisseur = verified_client(world.users["regisseur"])
    url = reverse("casework:case-detail", args=[world.case.pk])
    end_button = "Deelname beëindigen<span class=\"procesregie-visually-hidden\">: Politie (synthetisch)"
    assert end_button in regisseur.get(url).content.decode()
    set_until(world, -1)
    html = regisseur.get(url).content.decode()
    assert end_button not in html  # no longer among the participants that take part
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert f'<time datetime="{yesterday}">' in html  # ended: its last day


def test_an_organisation_whose_participation_lapsed_can_be_added_again(world):
    from procesregie.casework.services import participant_add

    set_until(world, -1)
    police = world.users["participant"].organisation
    participant_add(actor=world.users["regisseur"], case=world.case, organisation=police)
    rows = Participation.objects.filter(case=world.case, organisation=police).order_by("id")
    assert [(p.removed_at is None, p.until is None) for p in rows] == [(False, False), (True, True)]
    assert world.case in cases_visible_to(world.users["participant"])
