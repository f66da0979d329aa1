"""Hit/no-hit limits (issue 16 part 4): a client asks at most its daily number of questions (from local midnight);
above it the question is refused with 429 and Retry-After, not answered, logged as denied, and the client is flagged.
A client with many misses in 24 hours (a probe of many numbers) is flagged too. The flag is derived, never stored."""

import datetime

import pytest
from django.utils import timezone

from procesregie.accounts.models import ApiScope
from procesregie.api.hitnohit import limits
from procesregie.api.models import HitNoHitQuery
from procesregie.audit.models import AccessLogEntry, Outcome

from .. import factories as f
from .conftest import token_for
from .hitnohit_helpers import ask, asked_before

pytestmark = pytest.mark.django_db


@pytest.fixture
def police(db):
    return f.OrganisationFactory(police=True)


def use_of(client, now=None) -> limits.ClientUse:
    (use,) = limits.client_use([client], now or timezone.now())
    return use


def test_above_the_daily_limit_a_question_is_refused_not_answered_logged_and_the_client_flagged(issue_client, police):
    issued = issue_client(police, ApiScope.HITNOHIT, hitnohit_per_day=2)
    token = token_for(issued)
    person = f.CaseFactory().registration.person
    assert ask(token, bsn=f.synthetic_bsn()).status_code == 200
    assert ask(token, bsn=f.synthetic_bsn()).status_code == 200
    assert not use_of(issued.client).flagged

    refused = ask(token, bsn=person.bsn)

    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    problem = refused.json()
    assert problem["status"] == 429 and "hit" not in problem and "contactpunt" not in problem
    expected_wait = limits.seconds_to_next_day(timezone.now())
    assert abs(int(refused["Retry-After"]) - expected_wait) <= 5
    assert HitNoHitQuery.objects.count() == 2  # the refused question is not kept as asked ...
    assert not AccessLogEntry.objects.filter(subject_key=person.subject_key).exists()  # ... nor the person read
    (denied,) = AccessLogEntry.objects.filter(request_id=refused["X-Request-ID"])
    assert (denied.outcome, denied.object_type, denied.subject_key, denied.actor_id) == (
        Outcome.DENIED, "api.hitnohitquery", None, issued.client.user_id)
    use = use_of(issued.client)
    assert use.flagged and use.over_limit and not use.probing and use.week_refused == 1
    assert ask(token, bsn=person.bsn).status_code == 429  # and stays refused today


def test_the_daily_limit_counts_from_local_midnight(issue_client, police):
    issued = issue_client(police, ApiScope.HITNOHIT, hitnohit_per_day=2)
    midnight = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time()))
    asked_before(issued.client, misses=2, ago=timezone.now() - midnight + datetime.timedelta(minutes=1))  # yesterday
    token = token_for(issued)
    assert ask(token, bsn=f.synthetic_bsn()).status_code == 200
    assert ask(token, bsn=f.synthetic_bsn()).status_code == 200
    assert ask(token, bsn=f.synthetic_bsn()).status_code == 429


def test_one_clients_limit_is_not_anothers(issue_client, police):
    first = issue_client(police, ApiScope.HITNOHIT, hitnohit_per_day=1)
    second = issue_client(police, ApiScope.HITNOHIT, hitnohit_per_day=1)
    asked_before(first.client, misses=1)
    assert ask(token_for(first), bsn=f.synthetic_bsn()).status_code == 429
    assert ask(token_for(second), bsn=f.synthetic_bsn()).status_code == 200
    assert use_of(first.client).flagged and not use_of(second.client).flagged


def test_a_client_probing_many_numbers_is_flagged(issue_client, police):
    issued = issue_client(police, ApiScope.HITNOHIT)
    asked_before(issued.client, misses=limits.PROBE_MIN_MISSES - 1)
    assert not use_of(issued.client).flagged
    assert ask(token_for(issued), bsn=f.synthetic_bsn()).json()["hit"] is False  # the 50th miss: still answered
    use = use_of(issued.client)
    assert use.flagged and use.probing and not use.over_limit
    assert (use.window, use.window_misses) == (limits.PROBE_MIN_MISSES, limits.PROBE_MIN_MISSES)


@pytest.mark.parametrize(("misses", "hits", "flagged"), [
    (49, 0, False),  # too few misses
    (50, 0, True),
    (50, 12, True),  # 50 of 62: 80.6 % misses
    (50, 13, False),  # 50 of 63: 79.4 %
    (200, 49, True),
    (200, 50, False),  # exactly 80 %: not more than
])
def test_the_probe_thresholds(issue_client, police, misses, hits, flagged):
    issued = issue_client(police, ApiScope.HITNOHIT)
    asked_before(issued.client, misses=misses, hits=hits)
    assert use_of(issued.client).flagged is flagged
    assert limits.is_probe(asked=misses + hits, misses=misses) is flagged


def test_a_flag_lapses_a_day_after_the_behaviour_stops_and_the_week_still_shows_it(issue_client, police):
    issued = issue_client(police, ApiScope.HITNOHIT, hitnohit_per_day=1)
    asked_before(issued.client, misses=60)
    assert ask(token_for(issued), bsn=f.synthetic_bsn()).status_code == 429
    later = timezone.now() + limits.FLAG_WINDOW + datetime.timedelta(minutes=10)
    use = use_of(issued.client, later)
    assert not use.flagged
    assert (use.week, use.week_hits, use.week_misses, use.week_refused) == (60, 0, 60, 1)
    assert use_of(issued.client, timezone.now() + datetime.timedelta(days=limits.OVERVIEW_DAYS, hours=1)).week == 0


def test_the_figures_of_many_clients_take_two_queries(issue_client, police, django_assert_num_queries):
    clients = [issue_client(police, ApiScope.HITNOHIT).client for _ in range(4)]
    for client in clients:
        asked_before(client, misses=3, hits=1)
    with django_assert_num_queries(2):
        rows = limits.client_use(clients, timezone.now())
    assert [(row.today, row.week, row.week_hits) for row in rows] == [(4, 4, 1)] * 4
