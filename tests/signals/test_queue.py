"""The procesregisseur's queue of signals: the open ones waiting for them ("Wacht op afhandeling", the oldest first)
above the follow-ups due, how many there are beside "Meldingen" in the menu and on /werk/ (in a number of queries that
does not grow with the signals), and "Opgevolgd" on a follow-up due."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from procesregie.audit.models import Action
from procesregie.signals.models import Signal, SignalKind, SignalOutcome
from procesregie.signals.selectors import SECTION_SHOWN
from tests.factories import PersonFactory, RegistrationFactory

from .helpers import last_sequence, logged_in, new_entries
from .test_list import make_signal, refs_in, section

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
LIST = reverse("signals:list")
COUNT = reverse("signals:count")
HOME = reverse("worklists:home")


def days_ago(days: int) -> datetime.date:
    return TODAY() - datetime.timedelta(days=days)


@pytest.fixture
def queue(world):
    """Besides the world's open melding of today: two older open ones, one due, one handled, one elsewhere."""
    return {
        "oldest": make_signal(world, 11, date=days_ago(9), kind=SignalKind.ADVIESGESPREK),
        "older": make_signal(world, 12, date=days_ago(3), person=PersonFactory(), reported_name="Ouder Open"),
        "due": make_signal(world, 13, date=days_ago(8), outcome=SignalOutcome.ADVIES, advice="Bel terug.",
                           follow_up_on=days_ago(1)),
        "handled": make_signal(world, 14, outcome=SignalOutcome.GEEN_ACTIE),
        "elsewhere": make_signal(world, 15, approach=world.other_case.registration.approach, date=days_ago(20),
                                 reported_by=world.users["other_org"].organisation),
    }


def test_the_open_signals_wait_above_the_follow_ups_the_oldest_first(world, queue):
    response = logged_in(world.users["regisseur"]).get(LIST)
    waiting = section(response, "waiting")
    assert refs_in(waiting) == [queue["oldest"].ref, queue["older"].ref, world.signal.ref]
    assert "3 meldingen van partners wachten op een procesregisseur" in waiting
    assert refs_in(section(response, "follow-ups")) == [queue["due"].ref]
    body = response.content.decode()
    assert body.index('data-testid="waiting"') < body.index('data-testid="follow-ups"') < body.index('id="all-heading"')


def test_an_open_signal_with_a_follow_up_date_waits_and_is_not_due(world, queue):
    Signal.objects.filter(pk=queue["older"].pk).update(follow_up_on=days_ago(2))  # an import can write that
    response = logged_in(world.users["regisseur"]).get(LIST)
    assert queue["older"].ref in section(response, "waiting")
    assert queue["older"].ref not in section(response, "follow-ups")


def test_the_waiting_section_says_when_nothing_waits(world):
    Signal.objects.filter(pk=world.signal.pk).update(outcome=SignalOutcome.ADVIES)
    response = logged_in(world.users["regisseur"]).get(LIST)
    assert "Er wachten geen meldingen op afhandeling." in section(response, "waiting")


@pytest.mark.parametrize("persona", ["participant", "other_org"])
def test_a_partner_has_no_queue(world, queue, persona):
    body = logged_in(world.users[persona]).get(LIST).content.decode()
    assert 'data-testid="waiting"' not in body and "Wacht op afhandeling" not in body


def test_the_regisseur_elsewhere_waits_only_for_their_own_approach(world, queue):
    response = logged_in(world.users["regisseur_elsewhere"]).get(LIST)
    assert refs_in(section(response, "waiting")) == [queue["elsewhere"].ref]


def test_a_long_queue_says_how_many_more_there_are(world):
    for n in range(SECTION_SHOWN + 2):
        make_signal(world, 100 + n, date=days_ago(5))
        make_signal(world, 300 + n, outcome=SignalOutcome.ADVIES, follow_up_on=TODAY())
    response = logged_in(world.users["regisseur"]).get(LIST)
    waiting, due = section(response, "waiting"), section(response, "follow-ups")
    assert len(refs_in(waiting)) == SECTION_SHOWN and len(refs_in(due)) == SECTION_SHOWN
    assert f"{SECTION_SHOWN + 3} meldingen van partners wachten" in waiting  # the world's one too
    assert "En nog 3 meer." in waiting and "?outcome=open" in waiting
    assert "En nog 2 meer" in due


# --- the count in the menu and the line on /werk/ ------------------------------------------------------------------


def test_the_menu_counts_what_waits_and_what_is_due(world, queue):
    client = logged_in(world.users["regisseur"])
    assert f'hx-get="{COUNT}"' in client.get(HOME).content.decode()
    body = client.get(COUNT).content.decode()
    assert re.search(r'<span class="procesregie-count">4</span>', body)  # 3 waiting, 1 due
    assert "meldingen wachten of zijn op te volgen" in body


@pytest.mark.parametrize("persona", ["participant", "other_org"])
def test_a_partner_has_nothing_to_count(world, queue, persona):
    response = logged_in(world.users[persona]).get(COUNT)
    assert response.status_code == 200 and "procesregie-count" not in response.content.decode()


def test_the_count_leaves_out_what_is_handled_converted_or_not_yet_due(world, queue):
    make_signal(world, 21, outcome=SignalOutcome.ADVIES, follow_up_on=TODAY() + datetime.timedelta(days=1))
    make_signal(world, 22, outcome=SignalOutcome.AANMELDING, follow_up_on=days_ago(1), person=PersonFactory(),
                registration=RegistrationFactory(approach=world.case.registration.approach))
    body = logged_in(world.users["regisseur"]).get(COUNT).content.decode()
    assert '<span class="procesregie-count">4</span>' in body


def test_the_work_list_says_how_many_wait_and_are_due(world, queue):
    body = logged_in(world.users["regisseur"]).get(HOME).content.decode()
    line = re.sub(r"\s+", " ", body[body.index('id="signal-work"'):body.index("</p>", body.index('id="signal-work"'))])
    assert "3 meldingen wachten, 1 op te volgen." in line and f'href="{LIST}"' in line
    assert "Naar de meldingen" in line


@pytest.mark.parametrize("persona", ["participant", "manager"])
def test_the_work_list_has_no_signal_line_for_who_handles_none(world, queue, persona):
    body = logged_in(world.users[persona]).get(HOME).content.decode()
    assert 'id="signal-work"' not in body


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more(world, start: int, count: int) -> None:
    for n in range(start, start + count):
        make_signal(world, n, date=days_ago(n % 30))
        make_signal(world, 1000 + n, outcome=SignalOutcome.ADVIES, follow_up_on=days_ago(n % 5))


@pytest.mark.parametrize("url", [COUNT, HOME])
def test_the_counts_take_as_many_queries_for_many_signals_as_for_few(world, url):
    client = logged_in(world.users["regisseur"])
    _more(world, 10, 2)
    few = _queries(client, url)
    _more(world, 100, 60)
    many = _queries(client, url)
    assert many == few, f"{few} queries for a few signals, {many} for many"


def test_the_count_is_one_query_after_the_login(world):
    """Session, user, second factor and roles: the same for every page; the counts themselves: one."""
    client = logged_in(world.users["regisseur"])
    client.get(COUNT)
    with CaptureQueriesContext(connection) as captured:
        client.get(COUNT)
    signal_queries = [q for q in captured.captured_queries if '"signals_signal"' in q["sql"]]
    assert len(signal_queries) == 1


# --- "Opgevolgd" --------------------------------------------------------------------------------------------------


def done_url(signal) -> str:
    return reverse("signals:follow-up-done", args=[signal.pk])


def test_opgevolgd_in_the_follow_ups_clears_the_date_and_returns_to_the_list(world, queue):
    client = logged_in(world.users["regisseur"])
    due = section(client.get(LIST), "follow-ups")
    assert f'action="{done_url(queue["due"])}"' in due and "Opgevolgd" in due
    since = last_sequence()
    response = client.post(done_url(queue["due"]), {"terug": "list"}, follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert f"{queue['due'].ref} is opgevolgd." in response.content.decode()
    assert 'data-testid="follow-ups"' not in response.content.decode()
    stored = Signal.objects.get(pk=queue["due"].pk)
    assert (stored.follow_up_on, stored.outcome, stored.advice) == (None, SignalOutcome.ADVIES, "Bel terug.")
    assert stored.handled_by == world.users["regisseur"]
    assert [(e.action, e.object_id) for e in new_entries(since) if e.object_type == "signals.signal"][0] == (
        Action.UPDATE, str(stored.pk))


def test_opgevolgd_on_the_signals_page_returns_to_it(world, queue):
    client = logged_in(world.users["regisseur"])
    page = client.get(reverse("signals:detail", args=[queue["due"].pk])).content.decode()
    assert f'action="{done_url(queue["due"])}"' in page
    response = client.post(done_url(queue["due"]), {"terug": "https://elders.example/"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("signals:detail", args=[queue["due"].pk])
    assert Signal.objects.get(pk=queue["due"].pk).follow_up_on is None


def test_opgevolgd_is_not_offered_without_a_follow_up_or_to_the_partner(world, queue):
    Signal.objects.filter(pk=queue["oldest"].pk).update(follow_up_on=days_ago(1))  # open: it waits to be handled
    regisseur = logged_in(world.users["regisseur"])
    for key in ("handled", "oldest"):
        page = regisseur.get(reverse("signals:detail", args=[queue[key].pk])).content.decode()
        assert done_url(queue[key]) not in page
    partner = logged_in(world.users["participant"]).get(reverse("signals:detail", args=[queue["due"].pk]))
    assert done_url(queue["due"]) not in partner.content.decode()


@pytest.mark.parametrize("key, message", [
    ("oldest", "nog niet afgehandeld"),  # open: handle it first
    ("handled", "niets meer om op te volgen"),
])
def test_opgevolgd_is_refused_with_a_message_and_changes_nothing(world, queue, key, message):
    before = list(Signal.objects.order_by("pk").values())
    response = logged_in(world.users["regisseur"]).post(done_url(queue[key]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("signals:detail", args=[queue[key].pk])
    assert message in response.content.decode()
    assert list(Signal.objects.order_by("pk").values()) == before


@pytest.mark.parametrize("persona", ["participant", "regisseur_elsewhere", "manager"])
def test_opgevolgd_by_anyone_else_is_404_and_changes_nothing(world, queue, persona):
    response = logged_in(world.users[persona]).post(done_url(queue["due"]))
    assert response.status_code == 404
    assert Signal.objects.get(pk=queue["due"].pk).follow_up_on == days_ago(1)
