"""PostgreSQL prepares the statements that repeat on a connection (docs/decisions/0009-serving-under-load.md), and an
installation behind a pooler that cannot keep prepared statements turns that off with
DATABASE_PREPARED_STATEMENTS=false."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection

from procesregie.accounts.models import User

SHOW_OPTIONS = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
)


def options_with(**variables) -> dict:
    """The database OPTIONS an installation gets with these variables (settings read in a fresh process)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("DATABASE_")}
    env.update(DJANGO_SETTINGS_MODULE="procesregie.config.settings", **variables)
    done = subprocess.run([sys.executable, "-c", SHOW_OPTIONS], env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_postgresql_binds_on_the_server_and_prepares_unless_told_not_to():
    url = "postgres://procesregie@db.example:5432/procesregie"
    assert options_with(DATABASE_URL=url) == {"server_side_binding": True, "prepare_threshold": 5}
    assert options_with(DATABASE_URL=url, DATABASE_PREPARED_STATEMENTS="false") == {}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_a_read_that_repeats_is_planned_once_per_connection(db):
    for _ in range(6):
        list(User.objects.filter(username="nobody-of-this-name"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('FROM "accounts_user"' in statement and '"username" = $1' in statement for statement in prepared)
