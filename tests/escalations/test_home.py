"""Escalations on /werk/: the house's managers read how many are open and how old the oldest is, with the way to the
work list; who raised an escalation finds it there, open or lately resolved with its outcome. Neither names the case
or its subject, and each costs one query whatever the number of escalations."""

import datetime
import re

import pytest
from django.db import connection
from django.template.defaultfilters import date as date_filter
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from procesregie.escalations.models import EscalationOutcome
from procesregie.escalations.selectors import OWN_LIMIT

from .. import factories as f
from ..logins import verified_client
from .conftest import escalated

pytestmark = pytest.mark.django_db

HOME = reverse("worklists:home")
TODAY = timezone.localdate


def home(user) -> str:
    response = verified_client(user).get(HOME)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def resolved(escalation, *, days_ago: int = 0, outcome=EscalationOutcome.AGREED):
    escalation.resolved_on = TODAY() - datetime.timedelta(days=days_ago)
    escalation.outcome, escalation.resolution = outcome, "Synthetisch besluit"
    escalation.save()
    return escalation


def long_date(day) -> str:
    return date_filter(day, "j F Y")


def subject_marks(world) -> list[str]:
    person = world.case.registration.person
    return [world.case.registration.ref, person.family_name, person.given_name, person.bsn]


# --- the managers -------------------------------------------------------------------------------------------------


def test_a_house_manager_reads_what_waits_and_finds_the_way_to_the_escalations(world, manager):
    world.escalation.raised_on = TODAY() - datetime.timedelta(days=12)
    world.escalation.save()
    html = home(manager)
    assert "1 open escalatie, 12 dagen open." in html
    assert f'<a class="utrecht-link utrecht-link--html-a" href="{reverse("escalations:list")}">Naar de escalaties</a>' in html
    escalated(world.other_case, days_ago=3)
    resolved(escalated(world.other_case, days_ago=40))  # resolved: not waiting
    html = home(manager)
    assert "2 open escalaties, de oudste 12 dagen open." in html
    assert not [mark for mark in subject_marks(world) if mark in html]
    resolved(world.escalation)
    for escalation in world.other_case.escalations.filter(resolved_on__isnull=True):
        resolved(escalation)
    assert "Er zijn geen open escalaties." in home(manager)


@pytest.mark.parametrize("persona", ["colleague", "regisseur", "participant", "privacy_officer"])
def test_no_one_else_reads_the_managers_line(world, persona):
    html = home(world.users[persona])
    assert "open escalatie" not in html and "Naar de escalaties" not in html


def _home_queries(client) -> int:
    client.get(HOME)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


def test_the_managers_line_takes_one_query_whatever_the_number_of_escalations(world, manager):
    client = verified_client(manager)
    few = _home_queries(client)
    for number in range(30):
        escalated(f.CaseFactory(), days_ago=number)
    with CaptureQueriesContext(connection) as queries:
        client.get(HOME)
    assert len([q for q in queries.captured_queries if '"escalations_escalation"' in q["sql"]]) == 1
    assert _home_queries(client) == few


# --- the raiser ---------------------------------------------------------------------------------------------------


def _own(html: str) -> list[tuple[str, str]]:
    """(state, text) of each of one's own escalations on /werk/."""
    section = re.search(r'<ul class="utrecht-unordered-list" id="own-escalations">(.*?)</ul>', html, re.S)
    items = re.findall(r'data-state="(\w+)">(.*?)</li>', section.group(1), re.S) if section else []
    return [(state, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip()) for state, text in items]


def test_the_raiser_hears_of_the_outcome_on_werk(world, partner, manager):
    world.escalation.raised_on = TODAY() - datetime.timedelta(days=5)
    world.escalation.save()
    html = home(partner)
    assert "Uw escalaties" in html and f'href="{reverse("escalations:detail", args=[world.escalation.pk])}"' in html
    ((state, text),) = _own(html)
    assert (state, text) == ("open", f"Escalatie van {long_date(world.escalation.raised_on)} (Politie (synthetisch)): "
                                     "geen partner neemt de leiding. Open sinds 5 dagen.")

    response = verified_client(manager).post(reverse("escalations:detail", args=[world.escalation.pk]), {
        "outcome": EscalationOutcome.AGREED, "resolution": "De politie neemt de leiding."})
    assert response.status_code == 302
    html = home(partner)
    ((state, text),) = _own(html)
    assert state == "afgehandeld" and text.endswith(f"Afgehandeld op {long_date(TODAY())}: afspraak gemaakt.")
    assert not [mark for mark in subject_marks(world) if mark in html.split('id="own-escalations"')[1].split("</ul>")[0]]


def test_only_the_raisers_own_escalations_open_or_lately_resolved(world, partner, regisseur):
    assert "Uw escalaties" not in home(regisseur)  # the police raised the world's escalation, not the regisseur
    world.escalation.raised_on = TODAY() - datetime.timedelta(days=2)
    world.escalation.save()
    mine_long_ago = resolved(escalated(world.case, raised_by=partner, days_ago=90), days_ago=31)
    mine_lately = resolved(escalated(world.case, raised_by=partner, days_ago=60), days_ago=30)
    own = verified_client(partner).get(HOME).content.decode()
    assert f'href="{reverse("escalations:detail", args=[mine_lately.pk])}"' in own
    assert f'href="{reverse("escalations:detail", args=[mine_long_ago.pk])}"' not in own
    # the latest news first: the open one raised two days ago, then the one resolved 30 days ago
    assert [state for state, _text in _own(own)] == ["open", "afgehandeld"]


def test_who_left_the_case_no_longer_finds_its_escalations(world):
    removed = world.users["removed"]  # the probation service, whose participation ended
    escalated(world.case, raised_by=removed)
    assert "Uw escalaties" not in home(removed)


def test_one_query_for_ones_own_escalations_whatever_their_number(world, partner):
    client = verified_client(partner)
    few = _home_queries(client)
    for number in range(OWN_LIMIT + 5):
        escalated(world.case, raised_by=partner, days_ago=number)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(HOME).content.decode()
    assert len(_own(html)) == OWN_LIMIT and "En 6 eerdere" in html
    assert len([q for q in queries.captured_queries if '"escalations_escalation"' in q["sql"]]) == 1
    assert _home_queries(client) == few
