"""The outcomes report reads with a fixed number of queries, whatever the amount of data or the window, never
writes, and outside a transaction reads one snapshot (PostgreSQL)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procesregie.reporting.outcomes import outcomes_report

from ..read_only import assert_one_read_only_snapshot, statements
from .outcomes_data import OutcomesDataset

REPORT_QUERIES = 8  # see reporting.outcomes.selectors: one query per function
WINDOW = {"first": datetime.date(2023, 1, 1), "last": datetime.date(2023, 12, 31), "as_of": datetime.date(2025, 1, 1)}


def house(copies: int) -> OutcomesDataset:
    """`copies` times the same mix of everything the report reads, in person and system approaches."""
    data = OutcomesDataset()
    for n in range(copies):
        data.discussed(f"w{n}", "topx-west", "2023-03-01", subject=f"p{n}", start="2022-06-01", end="2023-10-01")
        data.discussed(f"j{n}", "topx-jeugd", "2023-05-01", subject=f"q{n}", end="2024-02-01", reason="overleden")
        data.system(f"g{n}", [f"g{n}-ouder", f"g{n}-kind"])
        data.discussed(f"m{n}", "mda-stad", "2023-04-01", subject=f"g{n}")
        data.declined(f"x{n}", "topx-volwassenen", "2023-06-01")
        data.case(f"y{n}", "mda-regio", None, subject=f"h{n}", decision="declined", triage_on="2023-07-01")
        for person in (f"p{n}", f"q{n}", f"g{n}-kind", f"s-x{n}", f"h{n}-ouder"):
            data.police(person, "2022-09-01", "2023-09-01", kind="overtreding")
        data.police(f"p{n}", "2022-10-01", "2022-11-01")
        for case in (f"w{n}", f"m{n}"):
            data.measurement(case, "2022-06-02", "nulmeting", "huisvesting", 2)
            data.measurement(case, "2023-09-01", "eindmeting", "huisvesting", 3)
            data.agreed(case, "2023-03-01", "running", due="2023-06-01")
            data.agreed(case, "2023-03-01", "done", organisation="reclassering")
    return data


def count_queries(**window) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        result = outcomes_report(**window)
    return len(queries), result


def test_query_count_does_not_grow_with_the_data_or_the_window(db, tmp_path, django_assert_num_queries):
    with django_assert_num_queries(REPORT_QUERIES):
        empty = outcomes_report(**WINDOW)
    assert empty["approaches"] == {}  # not even reference data yet

    house(1).load(tmp_path / "small")
    with django_assert_num_queries(REPORT_QUERIES):
        small = outcomes_report(**WINDOW)

    house(12).load(tmp_path / "large")
    with django_assert_num_queries(REPORT_QUERIES):
        large = outcomes_report(**WINDOW)
    wide = {"first": datetime.date(2015, 1, 1), "last": datetime.date(2024, 12, 31), "as_of": datetime.date(2026, 1, 1)}
    with django_assert_num_queries(REPORT_QUERIES):
        outcomes_report(**wide)
    nobody_eligible = {**WINDOW, "as_of": datetime.date(2023, 6, 1)}
    with django_assert_num_queries(REPORT_QUERIES):
        early = outcomes_report(**nobody_eligible)

    # every part of the report had something to count, and 12 times as much the second time
    topx, large_topx = small["approaches"]["topx"], large["approaches"]["topx"]
    assert topx["recidivism"]["n"] == 1 and topx["recidivism"]["excluded_deceased"] == 1
    assert large_topx["recidivism"]["n"] == 12 and large_topx["recidivism"]["registrations_before"] == 12 * 3
    assert large_topx["recidivism"]["comparison"]["n"] == 12
    assert large["approaches"]["mda"]["recidivism"]["n"] == 24
    assert large["approaches"]["mda"]["recidivism"]["comparison"]["n"] == 12
    assert large_topx["domain_progress"]["huisvesting"]["n"] == 12
    assert large["approaches"]["mda"]["follow_through"] == {
        "gemeente-utrecht": {"running": 12, "overdue": 12}, "reclassering": {"done": 12}}
    assert early["approaches"]["topx"]["recidivism"]["not_eligible"] == 12 + 12


def test_the_report_never_writes(db, tmp_path):
    house(2).load(tmp_path / "data")
    with CaptureQueriesContext(connection) as queries:
        outcomes_report(**WINDOW)
    assert set(statements(queries)) == {"SELECT"}, statements(queries)


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_report_reads_one_snapshot(tmp_path):
    """On PostgreSQL: one REPEATABLE READ, READ ONLY transaction; on SQLite: autocommit reads, no write lock."""
    house(2).load(tmp_path / "data")
    with CaptureQueriesContext(connection) as queries:
        report = outcomes_report(**WINDOW)
    assert report["approaches"]["topx"]["recidivism"]["n"] == 2
    assert_one_read_only_snapshot(queries, selects=REPORT_QUERIES)
