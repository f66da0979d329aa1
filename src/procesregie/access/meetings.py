"""Who sees and directs tables and meetings.

- A table's meetings are open to its procesregisseurs and to ketenpartners of its member organisations.
- A meeting is also open to whoever sees a case on its agenda (`cases_visible_to`: a ketenpartner whose
  organisation takes part in that case): they meet to discuss it. Anyone else gets 404, exactly as for a
  meeting that does not exist.
- The table list shows the tables whose meetings a user may open, the tables of the single meetings they may
  open (name, approach, members: no case content), and every table to the functional administrator, who
  maintains cadence and members.
- Scheduling and the agenda belong to the table's procesregisseurs; per-case content on a meeting page (who,
  notes, decisions, the case summary) follows the case (`cases_visible_to`, `cases_changeable_by`): of the
  other agenda items a user sees only how many there are.
- An incidental WGS participant opens only the meetings with an agenda item that lists its organisation as a guest,
  never through a table's membership, and sees only those items (`access.shielding`).
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from .cases import cases_visible_to, model, tables_directed_by
from .shielding import agenda_item_condition, opens_meetings_as_member
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
    if organisation_id and opens_meetings_as_member(user):
        condition |= Q(members=organisation_id)
    return table.objects.filter(pk__in=table.objects.filter(condition).values("pk"))


def tables_visible_to(user) -> QuerySet:
    """Tables shown in the table list: those of `tables_with_meetings_for` and of the meetings `user` may open, or all
    for the functional administrator."""
    table = model("reference.Table")
    if is_functional_admin(user):
        return table.objects.all()
    return table.objects.filter(
        Q(pk__in=tables_with_meetings_for(user).values("pk"))
        | Q(pk__in=meetings_visible_to(user).filter(table__isnull=False).values("table"))
    )


def tables_administered_by(user) -> QuerySet:
    """Tables whose cadence and members `user` maintains: all of them, for the functional administrator."""
    table = model("reference.Table")
    return table.objects.all() if is_functional_admin(user) else table.objects.none()


def meetings_visible_to(user) -> QuerySet:
    """Meetings `user` may open: of a table whose meetings they may open, or with a case they see on the agenda."""
    meeting = model("meetings.Meeting")
    if not is_active(user):
        return meeting.objects.none()
    on_agenda = model("meetings.AgendaItem").objects.filter(
        agenda_item_condition(user), meeting=OuterRef("pk"), case__in=cases_visible_to(user).values("pk")
    )
    return meeting.objects.filter(Q(table__in=tables_with_meetings_for(user).values("pk")) | Q(Exists(on_agenda)))


def meetings_directed_by(user) -> QuerySet:
    """Meetings whose agenda `user` builds: those at the tables they direct."""
    return model("meetings.Meeting").objects.filter(table__in=tables_directed_by(user).values("pk"))

