"""The report safeguard around a destruction: published figures never change (docs/decisions/0017).

    with reports_unchanged(destruction_list=the_list):
        erase_person(actor=..., person=..., on=...)

Before the block every registered report (`reporting.snapshots`: the annual report of every year from the earliest
date in the data to this year, and whatever else registered) is computed as its JSON rendering; after the block,
again for the same parameters (the reports marked `must_not_change`). When any of them differs by a single byte,
`ReportsChanged` is raised inside the transaction that the context manager opens, so the whole
destruction rolls back. Otherwise the documents from before are stored as report snapshots (an identical document
only once), in the same transaction.

The reads before and after run inside that transaction. On SQLite it holds the write lock (transactions are opened
IMMEDIATE), so nothing else changes the data in between; on PostgreSQL (READ COMMITTED) a concurrent import that
commits in between could show as a difference: the destruction is then refused, changes nothing, and the next
(daily) run tries again.
"""

import contextlib

from django.db import transaction

from procesregie.core.errors import DomainError
from procesregie.reporting import snapshots

__all__ = ["ReportsChanged", "reports_unchanged"]


class ReportsChanged(DomainError):
    """A destruction would have changed a published report: it was rolled back. `changed` lists (kind, parameters)."""

    def __init__(self, changed: list[tuple[str, dict]]):
        self.changed = changed
        names = ", ".join(f"{kind} {parameters}" for kind, parameters in changed)
        super().__init__(f"The destruction would change these reports and was rolled back: {names}")


@contextlib.contextmanager
def reports_unchanged(*, destruction_list=None, keep_changing: bool = True):
    """Run the block in a transaction; roll it back with `ReportsChanged` when a report that must not change did.

    `keep_changing=False` leaves out the reports a destruction may change (the outcomes report): a destruction in
    chunks keeps those only before its first chunk, so that the kept document is the one from before the whole
    run, and its later chunks compute only the reports they guard (each costs every year's computation).
    """
    with transaction.atomic():
        before = snapshots.take([kind for kind in snapshots.registered() if keep_changing or kind.must_not_change])
        yield
        guarded = {kind.name for kind in snapshots.registered() if kind.must_not_change}
        after = snapshots.retake({key: snapshot for key, snapshot in before.items() if snapshot.kind in guarded})
        changed = [(snapshot.kind, snapshot.parameters) for key, snapshot in after.items()
                   if snapshot.document != before[key].document]
        if changed:
            raise ReportsChanged(changed)
        snapshots.store(before, destruction_list=destruction_list)
