"""Inserting many new rows at once, without a model instance per row: the rows of an import, the entries of the
access log.

`bulk_create` builds a model instance for every row and compiles every value of it; for the hundreds of
thousands of rows of a large dataset that is most of an import's time. `insert_rows` takes plain tuples and
sends them the fastest way each database has: one prepared statement run per row inside SQLite
(`executemany`), `COPY` on PostgreSQL. Like `bulk_create` it calls no `save()` and sends no signals; unlike
it, it returns no ids (read them back by key).
"""

from collections.abc import Iterable

from django.db import connection, models

# Field types whose Python values (int, str, bool, datetime.date, None) both database drivers store exactly
# as Django would; other fields' values go through `get_db_prep_save` (e.g. a UUID becomes hex on SQLite).
_NATIVE_TYPES = {
    "AutoField", "BigAutoField", "SmallAutoField", "BigIntegerField", "BooleanField", "CharField", "DateField", "IntegerField", "PositiveBigIntegerField",
    "PositiveIntegerField", "PositiveSmallIntegerField", "SlugField", "SmallIntegerField", "TextField",
}
_EXECUTEMANY_ROWS = 10_000


def insert_rows(model: type[models.Model], fields: list[str], rows: Iterable[tuple]) -> int:
    """Insert `rows` (tuples of values for `fields`, field names or attnames) as new rows of `model`, in order.

    The model's other fields get their defaults (a callable default is called per row; `auto_now(_add)` fields
    one timestamp for the call: its rows are inserted at one moment). Returns the count.
    """
    meta = model._meta
    given = [meta.get_field(name) for name in fields]
    others = [
        field for field in meta.concrete_fields
        if field not in given and not (field.primary_key and isinstance(field, models.AutoField))
    ]
    if any(field.has_db_default() for field in others):
        raise ValueError(f"insert_rows leaves no field of {meta.label} to a database default; name it in `fields`")
    # A callable default (a new UUID) is taken per row, as `save()` does; a timestamp once.
    per_row = [field for field in others if field.has_default() and callable(field.default) and not _stamped(field)]
    fixed = [field for field in others if field not in per_row]
    scratch = model()  # `pre_save` sets the value it returns on an instance
    constant = tuple(_db_value(field, _new_value(field, scratch)) for field in fixed)
    prepare = [_preparer(field) for field in given]
    convert = any(prepare)

    def values(row: tuple) -> tuple:
        if len(row) != len(given):
            raise ValueError(f"{len(row)} values for {len(given)} fields")
        if convert:
            row = tuple(value if prepared is None else prepared(value) for prepared, value in zip(prepare, row, strict=True))
        return (*row, *constant, *(_db_value(field, field.get_default()) for field in per_row))

    columns = [field.column for field in (*given, *fixed, *per_row)]
    insert = _copy if connection.vendor == "postgresql" else _executemany
    return insert(meta.db_table, columns, map(values, rows))


def _stamped(field) -> bool:
    return bool(getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False))


def _new_value(field, scratch):
    return field.pre_save(scratch, True) if _stamped(field) else field.get_default()


def _preparer(field):
    """None when the driver stores the field's Python values as Django would; else a converter."""
    target = field
    while target.is_relation:
        target = target.target_field
    if target.get_internal_type() in _NATIVE_TYPES:
        return None
    stores_none_as_null = _db_value(field, None) is None
    last = [object(), None]  # the value converted last and its conversion: a value repeated is converted once

    def prepare(value):
        if value is None and stores_none_as_null:
            return None
        if value is not last[0]:
            last[0], last[1] = value, _db_value(field, value)
        return last[1]

    return prepare


def _db_value(field, value):
    return field.get_db_prep_save(value, connection)


def _copy(table: str, columns: list[str], rows: Iterable[tuple]) -> int:
    quote = connection.ops.quote_name
    count = 0
    # The driver's own COPY, past Django's cursor wrapper: its errors are turned into Django's here.
    with connection.cursor() as cursor, connection.wrap_database_errors, cursor.copy(
        f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN"
    ) as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _executemany(table: str, columns: list[str], rows: Iterable[tuple]) -> int:
    quote = connection.ops.quote_name
    sql = f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) VALUES ({', '.join(['%s'] * len(columns))})"
    count = 0
    batch = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) == _EXECUTEMANY_ROWS:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
