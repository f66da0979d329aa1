"""Need-to-know for signals, as every persona of tests/personas.py notices it: the rule, the pages, lists and search.

A signal about a person is visible to the procesregisseurs of its approach and to the reporting organisation only:
nobody else finds it (404 on its page, absent from the list, the search and the counts), and a denied page says
nothing of it.
"""

import pytest
from django.urls import reverse

from procesregie.access.rules import HANDLE, VIEW, allowed, can
from procesregie.audit.models import AccessLogEntry, Action, Outcome
from procesregie.signals.models import Signal, SignalKind

from ..access.test_matrix import PERSONAS, client_for
from ..personas import build_world
from .helpers import last_sequence

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """The personas' world with the limited partners (PERSONAS include them): they do not see the police's signal."""
    return build_world(limited_partners=True)

SEES = {"regisseur", "participant"}  # the regisseur of table A (approach A), the police (who reported it)
HANDLES = {"regisseur"}


def leaks(world) -> list[str]:
    signal = world.signal
    return [signal.ref, signal.person.family_name, signal.person.bsn, signal.reported_name, signal.question,
            signal.reporter_name]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_rule_per_persona(world, persona):
    user = world.users.get(persona) if persona != "password_only" else world.users["regisseur"]
    if persona == "password_only":
        return  # the rule is about the user; the second factor is the middleware's (test_matrix)
    assert can(user, VIEW, world.signal) is (persona in SEES)
    assert can(user, HANDLE, world.signal) is (persona in HANDLES)
    assert (world.signal in allowed(user, VIEW, Signal)) is (persona in SEES)
    assert set(allowed(user, HANDLE, Signal)) <= set(allowed(user, VIEW, Signal))


@pytest.mark.parametrize("persona", sorted({"regisseur_elsewhere", "other_org", "removed", "colleague", "manager",
                                            "privacy_officer", "functional_admin"}))
def test_who_may_not_see_it_cannot_find_it(world, persona):
    client = client_for(world, persona)
    for route in ("signals:detail", "signals:handle", "signals:convert"):
        response = client.get(reverse(route, args=[world.signal.pk]))
        assert response.status_code == 404, route
        body = response.content.decode()
        assert not [value for value in leaks(world) if value and value in body], route
    # Searched by part of the reference and of the name (the search box shows what was typed: not the whole value).
    listing = client.get(reverse("signals:list"), {"query": world.signal.ref[2:]})
    if listing.status_code == 200:  # who has the list at all: the signal is not on it, nor counted
        body = listing.content.decode()
        assert not [value for value in leaks(world) if value and value in body]
        assert "0 meldingen gevonden." in body
        assert "Gesignaleerd" not in client.get(reverse("signals:list"), {"query": "signaleerd"}).content.decode()
    else:
        assert listing.status_code == 404
    search = client.get(reverse("worklists:search"), {"q": "signaleerd"})
    assert search.status_code in (200, 404) and "Gesignaleerd" not in search.content.decode()


def test_a_denied_signal_page_is_logged_as_denied(world):
    since = last_sequence()
    client_for(world, "other_org").get(reverse("signals:detail", args=[world.signal.pk]))
    entry = AccessLogEntry.objects.get(sequence__gt=since)
    assert (entry.action, entry.object_type, entry.object_id, entry.subject_key, entry.outcome) == (
        Action.READ, "signals.signal", "", None, Outcome.DENIED)


@pytest.mark.parametrize("persona", sorted(SEES))
def test_who_may_see_it_finds_it_on_the_list_and_by_search(world, persona):
    client = client_for(world, persona)
    assert client.get(reverse("signals:detail", args=[world.signal.pk])).status_code == 200
    body = client.get(reverse("signals:list"), {"query": "gesignaleerd"}).content.decode()
    assert world.signal.ref in body and "1 melding gevonden." in body


def test_a_regisseur_of_another_approach_handles_their_own_signals_only(world):
    theirs = Signal.objects.create(ref="M-T00002", approach=world.other_case.registration.approach,
                                   date=world.signal.date, kind=SignalKind.ADVIESGESPREK,
                                   reported_by=world.users["other_org"].organisation)
    elsewhere = world.users["regisseur_elsewhere"]
    assert list(allowed(elsewhere, VIEW, Signal)) == [theirs] == list(allowed(elsewhere, HANDLE, Signal))
    assert list(allowed(world.users["other_org"], VIEW, Signal)) == [theirs]
    assert list(allowed(world.users["other_org"], HANDLE, Signal)) == []
    assert theirs not in allowed(world.users["regisseur"], VIEW, Signal)


def test_a_deactivated_account_sees_no_signal(world):
    for persona in SEES:
        user = world.users[persona]
        user.is_active = False
        user.save()
        assert not allowed(user, VIEW, Signal).exists()


def test_the_menu_shows_signals_to_regisseurs_and_partners_only(world):
    url = reverse("signals:list")
    for persona in ("regisseur", "regisseur_elsewhere", "participant", "removed", "other_org", "colleague", "manager",
                    "privacy_officer", "functional_admin"):
        body = client_for(world, persona).get(reverse("worklists:home")).content.decode()
        assert (f'href="{url}"' in body) is (persona not in {"colleague", "manager", "privacy_officer",
                                                              "functional_admin"}), persona


@pytest.mark.parametrize("route", ["signals:detail", "signals:handle", "signals:convert"])
def test_an_id_that_names_nothing_answers_404(world, route):
    client = client_for(world, "regisseur")
    for pk in (0, 99999, 2**63 - 1, 99999999999999999999):
        assert client.get(reverse(route, args=[pk])).status_code == 404, pk
        if route != "signals:detail":  # a page to read only: POST is not allowed there (405)
            assert client.post(reverse(route, args=[pk]), {"advice": "x", "outcome": "advies"}).status_code == 404, pk
