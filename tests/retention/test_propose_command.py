"""`procesregie retention approve --as USERNAME --reason TEXT` and `procesregie retention destroy`: approving in a
privacy officer's name, refusals that change nothing, destroying what was approved, idempotent runs, counts only."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from procesregie.audit.models import AccessLogEntry, Action
from procesregie.retention.models import Decision, DestructionItem, Result
from procesregie.subjects.models import Person
from tests.personas import build_world

from .test_due import closed_case

D = datetime.date


@pytest.fixture
def proposed(db):
    world = build_world()
    persons = [closed_case(D(2012, 1, 1)).registration.person, closed_case(D(2013, 1, 1)).registration.person]
    call_command("retention", "propose", "--as-of", "2025-01-01", stdout=StringIO())
    assert DestructionItem.objects.filter(decision=Decision.PENDING).count() == 2
    return world, persons


def run(*args) -> str:
    out = StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def test_approve_in_the_name_of_the_privacy_officer_logged_and_idempotent(proposed):
    world, _persons = proposed
    text = run("approve", "--as", world.users["privacy_officer"].username, "--reason", "Jaarlijkse ronde 2025")
    assert "2 item(s) goedgekeurd op 1 open vernietigingslijst(en)" in text
    items = DestructionItem.objects.all()
    assert {(i.decision, i.decided_by_id, i.decision_reason) for i in items} == {
        (Decision.APPROVED, world.users["privacy_officer"].pk, "Jaarlijkse ronde 2025")}
    logged = AccessLogEntry.objects.filter(object_type="retention.destructionitem", action=Action.UPDATE)
    assert logged.count() == 2 and set(logged.values_list("actor_username", flat=True)) == {"privacy"}
    assert "0 item(s) goedgekeurd" in run("approve", "--as", "privacy", "--reason", "Nog eens")


@pytest.mark.parametrize(("username", "reason", "message"), [
    ("beheer", "Ronde", "geen privacyfunctionaris"),
    ("regisseur", "Ronde", "geen privacyfunctionaris"),
    ("niemand", "Ronde", "geen actieve gebruiker"),
    ("privacy", "", "reden"),
])
def test_approve_refuses_and_changes_nothing(proposed, username, reason, message):
    with pytest.raises(CommandError, match=message):
        run("approve", "--as", username, "--reason", reason)
    assert not DestructionItem.objects.exclude(decision=Decision.PENDING).exists()


def test_destroy_carries_out_what_was_approved_only_and_again_changes_nothing(proposed):
    _world, persons = proposed
    assert "0 item(s) vernietigd" in run("destroy", "--as-of", "2025-01-01")  # nothing approved yet
    assert Person.objects.filter(pk__in=[p.pk for p in persons], destroyed_on__isnull=True).count() == 2
    run("approve", "--as", "privacy", "--reason", "Ronde 2025")
    names = {person.pk: (person.family_name, person.ref) for person in persons}
    text = run("destroy")
    assert "2 item(s) vernietigd, 0 vervallen" in text and "Afgeronde vernietigingslijsten" in text
    for person in persons:
        family_name, ref = names[person.pk]
        assert family_name not in text and ref not in text
        person.refresh_from_db()
        assert person.destroyed_on is not None and person.family_name != family_name
    assert set(DestructionItem.objects.values_list("result", flat=True)) == {Result.DESTROYED}
    assert Person.objects.filter(pk__in=[p.pk for p in persons], destroyed_on__isnull=False).count() == 2
    assert "0 item(s) vernietigd, 0 vervallen" in run("destroy")
    assert "Niets is over de bewaartermijn" in run("propose", "--as-of", "2025-01-01")


@pytest.mark.parametrize(("production", "demo"), [
    (True, False), (True, True),  # production (DEMO is never set there; refused even if it were)
    (False, False),  # any other installation that is not a demo: development, staging, a mistyped PROCESREGIE_ENV
])
def test_destroy_refuses_a_later_day_outside_a_demo(proposed, settings, production, demo):
    settings.PRODUCTION, settings.DEMO = production, demo
    run("approve", "--as", "privacy", "--reason", "Ronde 2025")
    with pytest.raises(CommandError, match="alleen in een demo-installatie"):
        run("destroy", "--as-of", "2099-01-01")
    assert not DestructionItem.objects.exclude(result="").exists()


def test_a_demo_installation_may_destroy_as_of_a_later_day(proposed, settings):
    settings.PRODUCTION, settings.DEMO = False, True  # as `make demo` and the test suite run
    run("approve", "--as", "privacy", "--reason", "Ronde 2025")
    assert "2 item(s) vernietigd" in run("destroy", "--as-of", "2099-01-01")
