"""Shared fixtures: reference data loaded the way an installation loads it; the access log, and the rows the data
migrations put in, after transactional tests."""

import importlib

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.fixture
def reference_data(db):
    """The default reference data of the Utrecht region, loaded with the real command."""
    call_command("load_reference", verbosity=0)


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


# A transactional test's database blocker, on the test: its teardown ends with a flush.
_FLUSHED = pytest.StashKey[object]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After the flush that ends a transactional test, put back the rows the migrations put in: the closing reasons,
    the heads and the pruning anchors of the access log's chains. `make test` runs the suite in several processes,
    each on its own database, where a transactional test runs between the others: the tests after it find the
    database as migrated. A new data migration that puts in rows every installation needs puts them back here too."""
    result = yield
    blocker = item.stash.get(_FLUSHED, None)
    if blocker is not None and nextitem is not None:  # after the last test the database is gone
        from procesregie.audit.chain import CHAINS
        from procesregie.audit.models import ChainHead, PruningAnchor
        from procesregie.reference.closing_reasons import ensure_closing_reasons
        from procesregie.reference.models import ClosingReason

        with blocker.unblock():
            ensure_closing_reasons(ClosingReason)
            ChainHead.objects.bulk_create([ChainHead(pk=chain) for chain in CHAINS], ignore_conflicts=True)
            PruningAnchor.objects.bulk_create([PruningAnchor(pk=chain) for chain in CHAINS], ignore_conflicts=True)
    return result


@pytest.fixture(autouse=True)
def empty_access_log_after_transactional_test(request):
    """Empty the log before the flush that ends a transactional test: the guards refuse that flush.

    Runs the real migration code to take the guards away and to put them back.
    """
    if not _is_transactional(request):
        yield
        return
    request.getfixturevalue("transactional_db")  # set up first, so torn down (flushed) after this fixture
    request.node.stash[_FLUSHED] = request.getfixturevalue("django_db_blocker")
    yield
    guards = importlib.import_module("procesregie.audit.migrations.0002_append_only_guards")
    pruning = importlib.import_module("procesregie.audit.migrations.0004_pruning_anchors")
    with connection.schema_editor() as editor:
        pruning.remove_guards(None, editor)
        guards.remove_guards(None, editor)
        editor.execute("DELETE FROM audit_accesslogentry", params=None)
        editor.execute("DELETE FROM audit_chainhead", params=None)
        editor.execute("DELETE FROM audit_pruninganchor", params=None)
        guards.install_guards(None, editor)
        pruning.install_guards(None, editor)
