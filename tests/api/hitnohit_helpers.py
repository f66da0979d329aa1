"""Helpers of the hit/no-hit tests: a client with the `hitnohit` scope, a question through the real endpoint, and a
look through every table of the database for a value."""

import json

from django.db import connection
from django.test import Client

from .conftest import bearer

URL = "/api/v1/hitnohit/"
PURPOSE = "Melding huiselijk geweld: nagaan of er al regie is"


def ask(token: str, **body):
    """`POST /api/v1/hitnohit/` with `body` (a purpose added unless given; `doel=None` leaves it out)."""
    body.setdefault("doel", PURPOSE)
    if body["doel"] is None:
        del body["doel"]
    return Client().post(URL, json.dumps(body), content_type="application/json", **bearer(token))


def tables_holding(*values: str) -> dict[str, list[str]]:
    """{table: [the values found in any of its rows]} over every table of the database, as text (case-insensitive)."""
    found: dict[str, list[str]] = {}
    wanted = [value.lower() for value in values if value]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - names from the schema
            text = "\n".join(repr(row) for row in cursor.fetchall()).lower()
            hits = [value for value in wanted if value in text]
            if hits:
                found[table] = hits
    return found


def asked_before(client, *, misses: int = 0, hits: int = 0, ago=None) -> None:
    """Questions `client` asked `ago` before now (default: now, so today whatever the hour), as the endpoint keeps
    them: `misses` and `hits`."""
    import datetime

    from django.utils import timezone

    from procesregie.api.models import HitNoHitQuery

    at = timezone.now() - (ago or datetime.timedelta(0))
    HitNoHitQuery.objects.bulk_create([
        HitNoHitQuery(client=client, organisation_id=client.user.organisation_id, asked_at=at, purpose=PURPOSE,
                      by_bsn=True, hit=index < hits)
        for index in range(misses + hits)
    ])
