"""Two procesregisseurs saving at the same moment (PostgreSQL, where app servers really run side by side)."""

import threading

import pytest
from django.db import connection, connections

from procesregie.core.errors import Conflict
from procesregie.meetings import services
from procesregie.meetings.models import AgendaItem, Discussion

from .conftest import add_case

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite's in-memory test database cannot be shared between threads; SQLite serialises writers itself",
    ),
]


def run_together(*calls) -> list:
    """Run the calls in threads that start at once; return what each returned or raised."""
    start = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            start.wait()
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - returned to the test
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_first_saves_of_one_discussion_give_one_row_and_one_conflict(mw):
    regisseur = mw.users["regisseur"]

    def save(notes):
        return lambda: services.discussion_record(
            actor=regisseur, item=mw.first, version=0, client_present=True, expert_present=False, notes=notes
        )

    results = run_together(save("een"), save("twee"))
    assert sorted(type(result).__name__ for result in results) == ["Conflict", "Discussion"]
    assert any(isinstance(result, Conflict) for result in results)
    discussion = Discussion.objects.get()  # one row: the annual report counts it once
    assert (discussion.version, discussion.notes in ("een", "twee")) == (1, True)


def test_cases_added_at_once_get_their_own_places(mw):
    regisseur = mw.users["regisseur"]
    third, fourth = add_case(mw.table), add_case(mw.table)
    results = run_together(
        lambda: services.agenda_item_add(actor=regisseur, meeting=mw.meeting, case=third),
        lambda: services.agenda_item_add(actor=regisseur, meeting=mw.meeting, case=fourth),
    )
    assert all(isinstance(result, AgendaItem) for result in results), results
    assert sorted(mw.meeting.agenda_items.values_list("position", flat=True)) == [1, 2, 3, 4]
