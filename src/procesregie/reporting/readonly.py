"""One consistent, read-only view of the database for a report computed in several queries."""

import contextlib

from django.db import connection, transaction


@contextlib.contextmanager
def read_only_snapshot():
    """One consistent, read-only snapshot on PostgreSQL when we are not already inside a transaction.

    On PostgreSQL all queries inside run in one REPEATABLE READ, READ ONLY transaction. On SQLite they run in
    autocommit, because the installation opens SQLite transactions IMMEDIATE (a write lock) and a report must not
    block an import.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield
