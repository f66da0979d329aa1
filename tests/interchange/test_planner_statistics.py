"""After a large import PostgreSQL plans with the new table sizes (interchange.services._statistics_refresh)."""

import pytest
from django.db import connection

from procesregie.interchange import services
from procesregie.interchange.services import dataset_import

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's"),
]


def _estimated_cases() -> float:
    """What the planner believes casework_case holds: -1 until the table was ever analysed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'casework_case'")
        return cursor.fetchone()[0]


def _analyse_nothing_else_yet():
    with connection.cursor() as cursor:  # a fresh start: as if the table had never been analysed
        cursor.execute("UPDATE pg_class SET reltuples = -1 WHERE relname = 'casework_case'")


def test_a_large_import_leaves_the_planner_the_new_sizes(dataset_dir, monkeypatch):
    monkeypatch.setattr(services, "ANALYZE_FROM_ROWS", 5)
    _analyse_nothing_else_yet()
    dataset_import(actor=None, directory=dataset_dir)
    assert _estimated_cases() == 3  # the minimal dataset's three trajectories (c1, c2, c4)


def test_a_small_import_leaves_the_statistics_to_autovacuum(dataset_dir):
    _analyse_nothing_else_yet()
    dataset_import(actor=None, directory=dataset_dir)
    assert _estimated_cases() == -1
