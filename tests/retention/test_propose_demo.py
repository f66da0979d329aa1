"""The demo's retention: `procesregie demo-retention` writes an extension by the demo procesregisseur and a
repeated one by the demo privacy officer; `make demo` then proposes the first destruction list."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from procesregie.retention.models import DestructionItem, RetentionExtension
from tests import factories as f
from tests.logins import verified_client
from tests.personas import build_world

TODAY = timezone.localdate


def close(case, end: datetime.date) -> None:
    case.registration.registered_on = end - datetime.timedelta(days=300)
    case.registration.triage_on = case.start_date = end - datetime.timedelta(days=290)
    case.registration.save()
    case.status, case.end_date, case.end_reason = "closed", end, f.closing_reason("positief")
    case.save()


@pytest.fixture
def world(db):
    world = build_world()
    for persona, username in (("regisseur", "procesregisseur.zvh"), ("privacy_officer", "privacy.zvh")):
        world.users[persona].username = username
        world.users[persona].save()
    close(world.case, TODAY() - datetime.timedelta(days=100))  # kept for years still
    close(world.other_case, TODAY() - datetime.timedelta(days=2500))  # past its date
    return world


def test_demo_retention_writes_extensions_once_and_propose_leaves_the_extended_subject_off_the_list(world):
    out = StringIO()
    call_command("demo_retention", stdout=out)
    assert "3 verlenging(en)" in out.getvalue()
    by_regisseur = RetentionExtension.objects.get(extended_by=world.users["regisseur"])
    assert by_regisseur.person == world.case.registration.person
    repeated = RetentionExtension.objects.filter(extended_by=world.users["privacy_officer"])
    assert {e.person for e in repeated} == {world.other_case.registration.person} and repeated.count() == 2
    call_command("demo_retention", stdout=StringIO())
    assert RetentionExtension.objects.count() == 3
    overview = verified_client(world.users["privacy_officer"]).get("/bewaartermijnen/").content.decode()
    assert 'data-repeated="ja"' in overview
    call_command("retention", "propose", stdout=StringIO())
    assert not DestructionItem.objects.filter(person=world.other_case.registration.person).exists()
