"""The privacy officer's "Mijn werk": destruction to review, repeated extensions and restrictions in force, each with
the way to it, in a constant number of queries; nobody else sees these sections."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.retention.models import DestructionItem, DestructionList, RetentionExtension
from procesregie.subjects.models import RightsRequest
from tests.casework.helpers import logged_in
from tests.factories import PersonFactory
from tests.personas import build_world

from .test_worklist import count_queries

pytestmark = pytest.mark.django_db

HOME = reverse("worklists:home")


@pytest.fixture
def world():
    return build_world()


def add_work(world, n: int) -> None:
    """`n` pending destruction items, `n` repeatedly extended subjects and `n` restrictions in force."""
    officer = world.users["privacy_officer"]
    today = timezone.localdate()
    open_list = DestructionList.objects.create(as_of=today, proposed_by=officer)
    for _ in range(n):
        doomed, extended, restricted = PersonFactory(), PersonFactory(), PersonFactory()
        DestructionItem.objects.create(destruction_list=open_list, kind="person", person=doomed,
                                       due_on=today - datetime.timedelta(days=1), phase="closed_case")
        for months in (12, 24):
            RetentionExtension.objects.create(person=extended, until=today + datetime.timedelta(days=30 * months),
                                              reason="Bezwaar loopt", extended_by=officer)
        RightsRequest.objects.create(person=restricted, kind="beperking", received_on=today,
                                     description="Niet delen met de gemeente", recorded_by=officer)


def test_the_privacy_officer_sees_their_work_with_links(world):
    add_work(world, 2)
    restricted = RightsRequest.objects.filter(kind="beperking").select_related("person").first().person
    html = logged_in(world.users["privacy_officer"]).get(HOME).content.decode()
    assert "Uw rol geeft geen toegang tot casussen" not in html
    assert "2 items wachten op uw beoordeling." in html and reverse("retention:destruction-lists") in html
    assert "De bewaartermijn van 2 betrokkenen is herhaaldelijk verlengd." in html
    assert reverse("retention:extensions") in html
    assert "2 beperkingen van de verwerking zijn van kracht." in html
    assert reverse("privacy:subject-detail", args=[restricted.subject_key]) in html and restricted.ref in html


def test_ended_restrictions_and_single_extensions_are_not_work(world):
    add_work(world, 1)
    RightsRequest.objects.update(ended_on=timezone.localdate())
    RetentionExtension.objects.filter(pk=RetentionExtension.objects.first().pk).delete()
    DestructionItem.objects.update(decision="approved")
    html = logged_in(world.users["privacy_officer"]).get(HOME).content.decode()
    assert "Er wachten geen items op uw beoordeling." in html
    assert "Geen bewaartermijn is herhaaldelijk verlengd." in html
    assert "Er is geen beperking van de verwerking van kracht." in html


@pytest.mark.parametrize("persona", ["regisseur", "participant", "manager", "functional_admin"])
def test_nobody_else_sees_the_privacy_work(world, persona):
    add_work(world, 1)
    html = logged_in(world.users[persona]).get(HOME).content.decode()
    assert 'data-testid="work-destruction"' not in html and 'data-testid="work-restrictions"' not in html
    assert 'data-testid="work-extensions"' not in html


def test_the_privacy_work_has_a_constant_number_of_queries(world):
    client = logged_in(world.users["privacy_officer"])
    add_work(world, 2)
    small = count_queries(client, HOME)
    add_work(world, 30)
    large = count_queries(client, HOME)
    assert small == large
