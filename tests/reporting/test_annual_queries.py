"""The annual report reads with a fixed number of queries, whatever the amount of data; with the year-over-year
comparison of the renderings, still the same number."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from procesregie.reporting.annual import annual_report, annual_report_with_comparison, flow_comparison

from .annual_data import Dataset
from .read_only import assert_one_read_only_snapshot, statements

REPORT_QUERIES = 13  # see reporting.annual.selectors: one query per function
COMPARISON_QUERIES = 5  # flow_comparison alone


def house(copies: int) -> Dataset:
    """`copies` times the same mix of everything the report reads, in every kind of approach."""
    data = Dataset()
    for n in range(copies):
        data.case(f"w{n}", "topx-west", "2023-01-01", "2024-12-31", "overdracht_intern", subject=f"p{n}")
        data.case(f"o{n}", "topx-ogg", "2024-12-31", subject=f"p{n}", transferred_from=f"w{n}",
                  municipality="GM0356")
        data.case(f"j{n}", "topx-jeugd", "2024-02-01", "2024-10-01", reported_by="rvdk")
        data.case(f"t{n}", "topx", "2022-02-01")
        data.declined(f"x{n}", "topx-volwassenen", "2024-03-01")
        data.system(f"g{n}", [f"g{n}-ouder", f"g{n}-kind", "oma"])
        data.case(f"m{n}", "mda-stad", "2023-05-01", "2024-05-01", subject=f"g{n}")
        for case in (f"w{n}", f"j{n}", f"m{n}"):
            data.discussion(case, "2024-03-01", client=True)
            data.measurement(case, "2023-01-02", "nulmeting", "huisvesting", 2)
            data.measurement(case, "2024-04-01", "eindmeting", "huisvesting", 4)
            data.intervention(case, "fact", "2024-02-01")
        data.signal(f"sw{n}", "topx-west", "2024-03-01", outcome="aanmelding", case=f"x{n}")
        data.signal(f"sj{n}", "topx-jeugd", "2023-06-01", "adviesgesprek", reported_by="rvdk")
        data.signal(f"sm{n}", "mda-stad", "2024-12-31", reported_by="gemeente-utrecht", subject=f"g{n}")
        data.escalation(f"j{n}", "2024-03-01", "2024-04-01", "afspraak_gemaakt")
        data.escalation(f"m{n}", "2023-12-31")
        data.escalation(f"t{n}", "2024-12-31", "2025-01-01", "ingetrokken")
    return data


def count_queries(function, **kwargs) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        result = function(**kwargs)
    return len(queries), result


def test_query_count_does_not_grow_with_the_data(db, tmp_path):
    house(1).load(tmp_path / "small")
    small_queries, small = count_queries(annual_report, year=2024)
    small_comparison_queries, _ = count_queries(flow_comparison, year=2024)
    small_both_queries, (_, small_comparison) = count_queries(annual_report_with_comparison, year=2024)

    house(10).load(tmp_path / "large")
    large_queries, large = count_queries(annual_report, year=2024)
    large_comparison_queries, _ = count_queries(flow_comparison, year=2024)
    large_both_queries, (large_both, large_comparison) = count_queries(annual_report_with_comparison, year=2024)

    assert large["approaches"]["topx"]["flow"]["caseload"] == 10 * small["approaches"]["topx"]["flow"]["caseload"] > 0
    assert large["approaches"]["mda"]["discussions"]["count"] == 10
    assert large["approaches"]["topx"]["signals"]["to_registration"] == 10
    assert large["approaches"]["topx"]["escalations"] == {
        "count": 20, "resolved": 10, "by_outcome": {"afspraak_gemaakt": 10}}
    assert large_comparison["topx"]["signals"] == {"current": 10, "previous": 10}
    assert large_comparison["mda"]["escalations"] == {"current": 0, "previous": 10}
    assert large_both == large
    # last year's flow came along: 2023 had the topx, topx-west and mda-stad cases in regie
    assert large_comparison["topx"]["previous"]["caseload"] == 10 * small_comparison["topx"]["previous"]["caseload"] > 0
    assert large_comparison["mda"]["previous"]["inflow"] == 10
    assert small_queries == large_queries == REPORT_QUERIES
    assert small_both_queries == large_both_queries == REPORT_QUERIES  # the comparison costs no query
    assert small_comparison_queries == large_comparison_queries == COMPARISON_QUERIES


def test_the_report_never_writes(db, tmp_path):
    house(2).load(tmp_path / "data")
    with CaptureQueriesContext(connection) as queries:
        annual_report(year=2024)
        flow_comparison(year=2024)
        annual_report_with_comparison(year=2024)
    assert set(statements(queries)) <= {"SELECT", "SET"}, statements(queries)


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_report_reads_one_snapshot(tmp_path):
    """On PostgreSQL: one REPEATABLE READ, READ ONLY transaction; on SQLite: autocommit reads, no write lock."""
    house(2).load(tmp_path / "data")
    for compute in (annual_report, annual_report_with_comparison):
        with CaptureQueriesContext(connection) as queries:
            result = compute(year=2024)
        report = result[0] if isinstance(result, tuple) else result
        assert report["approaches"]["topx"]["flow"]["caseload"] == 6
        assert_one_read_only_snapshot(queries, selects=REPORT_QUERIES)
