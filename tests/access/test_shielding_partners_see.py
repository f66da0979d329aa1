"""What a private or incidental WGS participant is told on the case page (docs/decisions/0020, UX review of issue 14):
until when it takes part, that it does not see everything and why, and no "Alleen publieke partners" on its own
update (ticking it would hide the update from its own organisation)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.plans.models import CaseUpdate

from ..logins import verified_client
from ..personas import build_world

pytestmark = pytest.mark.django_db

NOTICE = "U ziet niet alle gegevens van deze casus."
CHECKBOX = 'name="update-public_only"'


@pytest.fixture
def world():
    return build_world(limited_partners=True)


def _case_page(world, persona) -> str:
    response = verified_client(world.users[persona]).get(reverse("casework:case-detail", args=[world.case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_incidental_partner_sees_until_when_it_takes_part(world):
    until = timezone.localdate() + datetime.timedelta(days=30)
    body = _case_page(world, "incidental_partner")
    assert f'Deelnemer tot <time datetime="{until.isoformat()}">' in body


@pytest.mark.parametrize("persona", ["private_partner", "incidental_partner"])
def test_who_sees_less_is_told_so_and_why(world, persona):
    body = _case_page(world, persona)
    assert NOTICE in body and "WGS" in body


@pytest.mark.parametrize("persona", ["regisseur", "participant"])
def test_who_sees_the_case_in_full_gets_no_such_notice(world, persona):
    assert NOTICE not in _case_page(world, persona)


@pytest.mark.parametrize("persona, offered", [("private_partner", False), ("incidental_partner", False),
                                              ("participant", True), ("regisseur", True)])
def test_alleen_publieke_partners_is_offered_only_to_who_sees_everything(world, persona, offered):
    assert (CHECKBOX in _case_page(world, persona)) is offered


def test_a_private_partner_cannot_hide_its_own_update_from_itself(world):
    """A crafted POST with the flag: the update is stored for everyone who takes part, so the partner reads it."""
    client = verified_client(world.users["private_partner"])
    response = client.post(reverse("plans:case-update-add", args=[world.case.pk]),
                           {"update-text": "Huurachterstand besproken.", "update-public_only": "on"})
    assert response.status_code == 302
    update = CaseUpdate.objects.get(text="Huurachterstand besproken.")
    assert update.public_only is False
    assert "Huurachterstand besproken." in _case_page(world, "private_partner")


def test_the_participant_can_still_mark_its_update_for_public_partners_only(world):
    client = verified_client(world.users["participant"])
    client.post(reverse("plans:case-update-add", args=[world.case.pk]),
                {"update-text": "Alleen voor publieke partners.", "update-public_only": "on"})
    assert CaseUpdate.objects.get(text="Alleen voor publieke partners.").public_only is True
