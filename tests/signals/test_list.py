"""The signal list per approach: its filters, the follow-ups due, paging, the access log of what it shows, and a
number of queries that does not grow with the signals."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from procesregie.audit.models import AccessLogEntry, Action
from procesregie.signals.models import Signal, SignalKind, SignalOutcome
from procesregie.subjects.models import SystemMember
from tests.days import days, on_the_day
from tests.factories import PersonFactory, RegistrationFactory, SystemFactory

from .helpers import last_sequence, logged_in

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
LIST = reverse("signals:list")


def make_signal(world, n: int, **values) -> Signal:
    fields = {"ref": f"M-L{n:05d}", "approach": world.case.registration.approach, "date": TODAY(), "kind": SignalKind.MELDING,
              "reported_by": world.users["participant"].organisation, **values}
    return Signal.objects.create(**fields)


def refs(response) -> set[str]:
    body = response.content.decode()
    return {ref for ref in Signal.objects.values_list("ref", flat=True) if ref in body}


def section(response, testid: str) -> str:
    """The part of the page in the section marked `data-testid`, up to the next section."""
    body = response.content.decode()
    start = body.index(f'data-testid="{testid}"')
    end = body.find("<section", start)
    return body[start:end if end != -1 else len(body)]


def refs_in(text: str) -> list[str]:
    """The signal references in `text`, in their order (each once)."""
    found = sorted((text.index(ref), ref) for ref in Signal.objects.values_list("ref", flat=True) if ref in text)
    return [ref for _position, ref in found]


def listed(response) -> set[str]:
    """The references in "Alle meldingen" (not those in the sections above it)."""
    body = response.content.decode()
    return set(refs_in(body[body.index('id="all-heading"'):]))


@pytest.fixture
def signals(world):
    """Six more signals of approach A: kinds, outcomes, dates, anonymous, a person, a system with members."""
    person = PersonFactory(given_name="Pia", family_name="Opgeslagen")
    system = SystemFactory(name="Systeem Lid")
    for member in (PersonFactory(family_name="Lidéén"), PersonFactory(family_name="Lidtwee")):
        SystemMember.objects.create(system=system, person=member)
    return {
        "advice": make_signal(world, 1, kind=SignalKind.ADVIESGESPREK, outcome=SignalOutcome.ADVIES, advice="A",
                              date=TODAY() - datetime.timedelta(days=40)),
        "due": make_signal(world, 2, outcome=SignalOutcome.ADVIES, follow_up_on=TODAY(), person=person,
                           reported_name="P. Zoals-gemeld"),
        "later": make_signal(world, 3, outcome=SignalOutcome.DOORVERWEZEN,
                             follow_up_on=TODAY() + datetime.timedelta(days=3)),
        "overdue": make_signal(world, 4, outcome=SignalOutcome.GEEN_ACTIE, date=TODAY() - datetime.timedelta(days=20),
                               follow_up_on=TODAY() - datetime.timedelta(days=10), system=system,
                               reported_name="Systeem Lid"),
        "converted": make_signal(world, 5, outcome=SignalOutcome.AANMELDING, follow_up_on=TODAY() - datetime.timedelta(days=5),
                                 person=PersonFactory(), reported_name="Omgezet",
                                 registration=RegistrationFactory(approach=world.case.registration.approach)),
        "elsewhere": make_signal(world, 6, approach=world.other_case.registration.approach,
                                 reported_by=world.users["other_org"].organisation, follow_up_on=TODAY()),
    }


def test_the_regisseur_lists_the_signals_of_their_approach(world, signals):
    response = logged_in(world.users["regisseur"]).get(LIST)
    assert refs(response) == {world.signal.ref, *(s.ref for k, s in signals.items() if k != "elsewhere")}
    assert "6 meldingen gevonden." in response.content.decode()


@pytest.mark.parametrize("query, expected", [
    ({"kind": "adviesgesprek"}, {"advice"}),
    ({"outcome": "open"}, {"world"}),
    ({"outcome": "doorverwezen"}, {"later"}),
    ({"outcome": "aanmelding"}, {"converted"}),
    ({"date_from": days(-30, iso=True), "date_until": days(-1, iso=True)}, {"overdue"}),
    ({"query": "l00002"}, {"due"}),
    ({"query": "zoals-gemeld"}, {"due"}),
    ({"query": "opgeslagen"}, set()),  # the stored name of a person the regisseur does not see otherwise
    ({"query": "systeem lid"}, {"overdue"}),
    ({"approach": "aanpak-b"}, set()),  # out of scope for the regisseur: nothing, as for an unknown one
])
def test_the_filters_narrow_the_list(world, signals, query, expected):
    response = logged_in(world.users["regisseur"]).get(LIST, on_the_day(query))
    named = {"world": world.signal, **signals}
    assert listed(response) == {named[key].ref for key in expected}
    assert f"{len(expected)} melding" in response.content.decode()


def test_the_follow_ups_due_are_the_handled_ones_whose_day_has_come(world, signals):
    body = logged_in(world.users["regisseur"]).get(LIST, {"query": "niets-dat-past"}).content.decode()
    section = body[body.index('data-testid="follow-ups"'):body.index('id="all-heading"')]
    assert section.index(signals["overdue"].ref) < section.index(signals["due"].ref)  # the longest overdue first
    for key in ("later", "converted", "elsewhere", "advice"):
        assert signals[key].ref not in section
    assert "0 meldingen gevonden." in body


def test_the_partner_has_no_follow_ups_and_searches_the_name_as_reported_only(world, signals):
    client = logged_in(world.users["participant"])
    body = client.get(LIST).content.decode()
    assert 'data-testid="follow-ups"' not in body
    assert refs(client.get(LIST, {"query": "zoals-gemeld"})) == {signals["due"].ref}
    assert refs(client.get(LIST, {"query": "opgeslagen"})) == set()  # the stored name is not theirs to search
    assert "Opgeslagen" not in body and "P. Zoals-gemeld" in body


def test_bad_filter_values_are_reported_and_ignored(world, signals):
    response = logged_in(world.users["regisseur"]).get(LIST, {
        "approach": "99999999999999999999", "kind": "x", "outcome": "\x00", "date_from": "2024-02-30",
        "date_until": "9999-99-99", "query": "a\x00b", "page": "tweede"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="filter-errors"' in body and "6 meldingen gevonden." in body


def test_the_list_pages(world):
    for n in range(55):
        make_signal(world, 100 + n)
    client = logged_in(world.users["regisseur"])
    first, second = client.get(LIST), client.get(LIST, {"page": 2})
    assert len(listed(first)) == 50 and len(listed(second)) == 6 and not listed(first) & listed(second)
    assert "Pagina 2 van 2" in second.content.decode()


def test_every_subject_shown_is_logged_once_per_signal(world, signals):
    since = last_sequence()
    logged_in(world.users["regisseur"]).get(LIST)
    logged = list(AccessLogEntry.objects.filter(sequence__gt=since, action=Action.READ)
                  .values_list("object_id", "subject_key"))
    members = signals["overdue"].system.memberships.values_list("person__subject_key", flat=True)
    expected = {
        (str(world.signal.pk), world.signal.person.subject_key),
        (str(signals["due"].pk), signals["due"].person.subject_key),
        (str(signals["converted"].pk), signals["converted"].person.subject_key),
        (str(signals["overdue"].pk), signals["overdue"].system.subject_key),
        *((str(signals["overdue"].pk), key) for key in members),
    }
    assert sorted(logged, key=str) == sorted(expected, key=str)  # shown twice (due and listed), logged once


def test_an_empty_list_is_logged_as_such(world):
    since = last_sequence()
    logged_in(world.users["other_org"]).get(LIST)
    entry = AccessLogEntry.objects.get(sequence__gt=since)
    assert (entry.action, entry.object_type, entry.object_id, entry.subject_key) == (
        Action.READ, "signals.signal", "", None)


def _queries(client, url) -> int:
    """The queries of one request. The access log's rows are one statement whatever their number (`core.inserting`);
    that the log is one append is asserted apart (one update of one chain's head)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    heads = [q for q in captured.captured_queries if q["sql"].startswith('UPDATE "audit_chainhead"')]
    assert len(heads) == 1
    return len(captured.captured_queries)


def _many(world, start: int, count: int) -> None:
    for n in range(start, start + count):
        system = SystemFactory()
        for _member in range(2):
            SystemMember.objects.create(system=system, person=PersonFactory())
        make_signal(world, n, person=PersonFactory(), follow_up_on=TODAY(), outcome=SignalOutcome.ADVIES)
        make_signal(world, 1000 + n, system=system, follow_up_on=TODAY(), outcome=SignalOutcome.ADVIES)
        make_signal(world, 2000 + n)  # anonymous and open


@pytest.mark.parametrize("persona", ["regisseur", "participant"])
def test_the_number_of_queries_does_not_grow_with_the_signals(world, persona):
    client = logged_in(world.users[persona])
    client.get(LIST)  # the session, the menu: warm
    _many(world, 10, 2)
    few = _queries(client, LIST)
    _many(world, 20, 20)
    many = _queries(client, LIST)
    assert Signal.objects.count() > 60
    assert many == few, f"{few} queries for a few signals, {many} for many"
