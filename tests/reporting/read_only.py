"""What a report's computation said to the database: the reporting package's reads are pure reads, and outside a
transaction one read-only snapshot on PostgreSQL (`reporting.readonly.read_only_snapshot`, shared by the annual and
the outcomes report)."""

from django.db import connection


def statements(queries) -> list[str]:
    """The first word of every statement captured (`SELECT`, `BEGIN`, ...)."""
    return [query["sql"].lstrip().split(None, 1)[0].upper() for query in queries]


def assert_one_read_only_snapshot(queries, *, selects: int) -> None:
    """`selects` SELECTs and nothing that writes; on PostgreSQL inside one BEGIN, SET ... READ ONLY, COMMIT."""
    said = statements(queries)
    if connection.vendor == "postgresql":
        assert said[:2] == ["BEGIN", "SET"] and said[-1] == "COMMIT"
        assert "READ ONLY" in queries[1]["sql"]
    assert set(said) <= {"SELECT", "SET", "BEGIN", "COMMIT"}, said
    assert said.count("SELECT") == selects
    assert not connection.in_atomic_block
