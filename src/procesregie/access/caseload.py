"""Whose cases are "mine": the caseload behind "Mijn casussen" and the reminders.

- A *procesregisseur*'s caseload is the open and closed cases they direct themselves (`Case.procesregisseur`),
  of those they may see: the other cases of their tables are visible, but not theirs.
- A *ketenpartner*'s caseload is the cases its organisation takes part in (active participation), which is
  exactly what it may see.
- Nobody else has a caseload.

Always a subset of `cases_visible_to(user)`.
"""

from django.db.models import Q, QuerySet

from .cases import _participation_condition, cases_visible_to
from .users import is_regisseur, partner_organisation_id


def caseload_condition(user) -> Q:
    """The condition on `casework.Case` that makes a visible case one of `user`'s own."""
    condition = Q(pk__in=[])
    if is_regisseur(user):
        condition |= Q(procesregisseur=user)
    organisation_id = partner_organisation_id(user)
    if organisation_id:
        condition |= _participation_condition(organisation_id)
    return condition


def caseload_of(user) -> QuerySet:
    """The visible cases that are `user`'s own (see the module docstring); open and closed."""
    return cases_visible_to(user).filter(caseload_condition(user))


def directs_own_cases(user) -> bool:
    """Whether `user`'s caseload is the cases they direct (a procesregisseur), rather than those their
    organisation takes part in: the case list's "Mijn casussen" filter is theirs."""
    return is_regisseur(user)
