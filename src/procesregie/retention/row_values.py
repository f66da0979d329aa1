"""Giving many rows each their own values in one statement (`set_each`), for the destruction's batches.

Django's `bulk_update` builds a `CASE WHEN id = ... THEN ...` expression per field and row; for the 500 rows of a
chunk Python spent about a second resolving those expressions, more than the database spent on the whole chunk.
`set_each` sends one parameterised `UPDATE ... WHERE id = %s` with every row's values through the driver's
`executemany` instead (SQLite and PostgreSQL alike), the values prepared by the model fields as Django would.
"""

from django.db import connection


def set_each(model, fields: list[str], rows: dict[int, tuple]) -> None:
    """Set `fields` of each row `pk` of `model` to `rows[pk]` (a tuple in the order of `fields`)."""
    if not rows:
        return
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns)
    statement = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    parameters = [
        [field.get_db_prep_save(value, connection) for field, value in zip(columns, values, strict=True)] + [pk]
        for pk, values in rows.items()
    ]
    with connection.cursor() as cursor:
        cursor.executemany(statement, parameters)
