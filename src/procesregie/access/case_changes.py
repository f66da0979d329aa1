"""Who directs a case, who appoints its procesregisseur, and who reopens it.

- A case's procesregisseur is an active procesregisseur at its table (a case without a table: at a table of its
  approach): `procesregisseurs_for`. Chosen at triage (default: the triaging procesregisseur).
- Whoever may change the case (`cases_changeable_by`: the procesregisseurs of its table) appoints another
  procesregisseur while the case is open.
- The same people reopen a closed case (`cases_reopenable_by`); *when* a case can be reopened (the period after
  closing, not after a transfer that continues elsewhere) is the case's lifecycle (`casework.lifecycle`), not
  access.
"""

from django.db.models import QuerySet

from .cases import cases_changeable_by, model
from .users import procesregisseurs_at


def procesregisseurs_for(*, table, approach) -> QuerySet:
    """The users who may be the procesregisseur of a case at `table` (or, without a table, in `approach`)."""
    tables = model("reference.Table").objects.all()
    tables = tables.filter(pk=table.pk) if table is not None else tables.filter(approach=approach)
    return procesregisseurs_at(tables=tables)


def procesregisseurs_for_case(case) -> QuerySet:
    return procesregisseurs_for(table=case.table, approach=case.registration.approach)


def cases_reopenable_by(user) -> QuerySet:
    """The cases `user` may reopen (when the lifecycle allows it): those they may change."""
    return cases_changeable_by(user)
