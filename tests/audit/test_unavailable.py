"""When the log cannot be written, `record_access` raises `AccessLogUnavailable` and writes nothing."""

import pytest

from procesregie.audit.errors import AccessLogUnavailable
from procesregie.audit.models import AccessLogEntry, Action, ChainHead
from procesregie.audit.services import record_access
from tests.factories import PersonFactory

from .conftest import break_log_inserts, run_sql

pytestmark = pytest.mark.django_db


def table_gone() -> None:
    run_sql(["ALTER TABLE audit_accesslogentry RENAME TO audit_elsewhere"])


@pytest.mark.parametrize("breakage", [break_log_inserts, table_gone], ids=["inserts-fail", "table-gone"])
def test_record_access_raises_and_leaves_log_and_transaction_intact(five_entries, breakage):
    person = PersonFactory()
    breakage()
    with pytest.raises(AccessLogUnavailable):
        record_access(actor=None, action=Action.READ, obj=person)
    # The failed append was undone on its own: the surrounding transaction still works.
    assert ChainHead.objects.get(pk=1).last_position == 5
    if breakage is break_log_inserts:
        assert AccessLogEntry.objects.count() == 5


def test_first_append_that_fails_leaves_every_head_empty(db):
    break_log_inserts()
    with pytest.raises(AccessLogUnavailable):
        record_access(actor=None, action=Action.READ)
    assert set(ChainHead.objects.values_list("last_position", flat=True)) == {0}
