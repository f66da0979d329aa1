"""A logged-in user is loaded with their organisation in one query (`accounts.backends.UserBackend`), so asking whether
they are a house manager (`access.users.is_house_manager`, asked by the menu on every page) costs no query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from procesregie.access.users import is_house_manager
from procesregie.accounts.backends import UserBackend
from tests.logins import verified_client
from tests.personas import build_world

pytestmark = pytest.mark.django_db


def organisation_reads(queries) -> list[str]:
    """The queries that read organisations on their own (not joined to the user)."""
    return [query["sql"] for query in queries if query["sql"].startswith("SELECT")
            and 'FROM "accounts_organisation"' in query["sql"]]


@pytest.fixture
def world():
    return build_world()


@pytest.mark.parametrize(("persona", "expected"), [("manager", True), ("colleague", False)])
def test_asking_it_of_a_loaded_user_reads_nothing_more(world, persona, expected):
    user = UserBackend().get_user(world.users[persona].pk)
    user.role_set()  # the roles: read once per request, whatever asks
    with CaptureQueriesContext(connection) as queries:
        assert is_house_manager(user) is expected
    assert queries.captured_queries == []


@pytest.mark.parametrize("route", ["escalations:list", "escalations:count", "worklists:home"])
def test_a_managers_page_reads_no_organisation_for_the_menu(world, route):
    client = verified_client(world.users["manager"])
    client.get(reverse(route))  # warm up whatever a first request loads
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(route))
    assert response.status_code == 200
    assert organisation_reads(queries.captured_queries) == []


def test_an_inactive_user_is_not_loaded(world):
    manager = world.users["manager"]
    manager.is_active = False
    manager.save()
    assert UserBackend().get_user(manager.pk) is None
    assert UserBackend().get_user(999_999) is None
