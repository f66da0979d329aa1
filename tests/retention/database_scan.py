"""Reading the whole database, table by table and column by column (`connection.introspection`), for the erasure
tests: which words, numbers, dates and keys occur where (`token_index`), and a dump to compare two states (`dump`).

A token is a UUID (dashes removed), an ISO date (`1993-04-13`) or a run of word characters, lower-cased; UUIDs
read as 32 hex digits whether the database stores them with dashes (PostgreSQL) or without (SQLite).
"""

import json
import re
from collections import defaultdict

from django.db import connection

TOKEN = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\d{4}-\d{2}-\d{2}|\w+"
)


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (bytes, memoryview, bytearray)):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def tokens_of(value) -> set[str]:
    found = set()
    for token in TOKEN.findall(text_of(value)):
        if len(token) == 36 and token.count("-") == 4:
            token = token.replace("-", "")
        found.add(token.lower())
    return found


def tables() -> list[str]:
    return sorted(connection.introspection.table_names())


def rows_of(table: str) -> tuple[list[str], list[tuple]]:
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {q(table)}")  # noqa: S608 (table names from introspection)
        columns = [column[0] for column in cursor.description]
        return columns, cursor.fetchall()


def token_index(*, skip_tables: frozenset = frozenset()) -> dict[str, set[tuple[str, str]]]:
    """Token → the (table, column) pairs whose cells contain it, over every table of the database."""
    index: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for table in tables():
        if table in skip_tables:
            continue
        columns, rows = rows_of(table)
        for position, column in enumerate(columns):
            seen: set[str] = set()
            for row in rows:
                seen |= tokens_of(row[position])
            for token in seen:
                index[token].add((table, column))
    return index


def dump() -> dict[str, list[str]]:
    """Every row of every table, as text, sorted: two equal dumps are two equal databases."""
    return {table: sorted(repr(tuple(text_of(value) for value in row)) for row in rows_of(table)[1])
            for table in tables()}
