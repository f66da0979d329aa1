"""Who sees and directs tables and meetings.

- A table's meetings are open to its procesregisseurs and to ketenpartners of its member organisations;
  anyone else gets 404, exactly as for a meeting that does not exist.
- The table list also shows every table to the functional administrator, who maintains cadence and members
  (table pages hold no case content).
- Scheduling and the agenda belong to the table's procesregisseurs; per-case content on a meeting page (who,
  notes, decisions) follows the case (`cases_visible_to`, `cases_changeable_by`).
"""

from django.db.models import Q, QuerySet

from .cases import model, tables_directed_by
from .users import is_active, is_functional_admin, is_regisseur, partner_organisation_id


def tables_with_meetings_for(user) -> QuerySet:
    """Tables whose meetings `user` may open: they work there, or their organisation is a member."""
    table = model("reference.Table")
    if not is_active(user):
        return table.objects.none()
    condition = Q(pk__in=[])
    if is_regisseur(user):
        condition |= Q(procesregisseurs=user)
    organisation_id = partner_organisation_id(user)
    if organisation_id:
        condition |= Q(members=organisation_id)
    return table.objects.filter(pk__in=table.objects.filter(condition).values("pk"))


def tables_visible_to(user) -> QuerySet:
    """Tables shown in the table list: those of `tables_with_meetings_for`, or all for the functional administrator."""
    if is_functional_admin(user):
        return model("reference.Table").objects.all()
    return tables_with_meetings_for(user)


def tables_administered_by(user) -> QuerySet:
    """Tables whose cadence and members `user` maintains: all of them, for the functional administrator."""
    table = model("reference.Table")
    return table.objects.all() if is_functional_admin(user) else table.objects.none()


def meetings_visible_to(user) -> QuerySet:
    return model("meetings.Meeting").objects.filter(table__in=tables_with_meetings_for(user).values("pk"))


def meetings_directed_by(user) -> QuerySet:
    """Meetings whose agenda `user` builds: those at the tables they direct."""
    return model("meetings.Meeting").objects.filter(table__in=tables_directed_by(user).values("pk"))

