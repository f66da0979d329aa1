"""Tables and meetings. The world gets a meeting of table A (today) with `world.case` on its agenda, and table A
gets two member organisations: the police (`participant`, takes part in the case) and the municipality
(`other_org`, does not). Empty POSTs: form errors (200), or a redirect where the action needs no input.
A partner that is no member but takes part in a case on the agenda also opens the meeting: tests/meetings."""

from django.utils import timezone

from procesregie.meetings.models import AgendaItem, Meeting

from .expect import SEES_CASE, gated, only

REGIE = {"regisseur"}
TABLE_A = {"regisseur", "participant", "other_org", "functional_admin"}
MEETING_A = {"regisseur", "participant", "other_org"}
# The private partner opens the meeting through its case on the agenda; the incidental partner is not invited to
# this one (only to the world's `guest_meeting`), so it opens neither the meeting nor its case summary.
OPENS_MEETING = MEETING_A | {"private_partner"}
SEES_ITEM = SEES_CASE - {"incidental_partner"}


def _table(world):
    table = world.case.table
    table.members.add(world.users["participant"].organisation, world.users["other_org"].organisation)
    return table


def _item(world) -> AgendaItem:
    meeting = Meeting.objects.create(ref="O-MATRIX", table=_table(world), date=timezone.localdate())
    return AgendaItem.objects.create(meeting=meeting, case=world.case, position=1)


def table_kwargs(world) -> dict:
    return {"pk": _table(world).pk}


def meeting_kwargs(world) -> dict:
    return {"pk": _item(world).meeting_id}


def item_kwargs(world) -> dict:
    item = _item(world)
    return {"pk": item.meeting_id, "item": item.pk}


ROUTES = {
    "meetings:table-list": (None, gated(get=200)),
    # the limited partners are no members, but open the world's guest meeting there (its case is on the agenda)
    "meetings:table-detail": (table_kwargs, gated(get=only(TABLE_A | {"private_partner", "incidental_partner"}))),
    "meetings:table-edit": (table_kwargs, gated(get=only({"functional_admin"}), post=only({"functional_admin"}, yes=302))),
    "meetings:meeting-schedule": (table_kwargs, gated(get=only(REGIE), post=only(REGIE))),
    "meetings:meeting-detail": (meeting_kwargs, gated(get=only(OPENS_MEETING))),
    "meetings:meeting-edit": (meeting_kwargs, gated(get=only(REGIE), post=only(REGIE))),
    "meetings:agenda-add": (meeting_kwargs, gated(get=only(REGIE), post=only(REGIE))),
    "meetings:agenda-move": (item_kwargs, gated(post=only(REGIE, yes=302))),
    "meetings:agenda-remove": (item_kwargs, gated(post=only(REGIE, yes=302))),
    # invite an incidental participant for this item (an empty POST: the refusal on the meeting page, a redirect)
    "meetings:agenda-invite": (item_kwargs, gated(post=only(REGIE, yes=302))),
    "meetings:discussion-edit": (item_kwargs, gated(get=only(REGIE), post=only(REGIE))),
    "meetings:decision-add": (item_kwargs, gated(get=only(REGIE), post=only(REGIE))),
    # the draft notes before the meeting (an empty POST lacks the draft it was opened with: a form error)
    "meetings:agenda-prepare": (item_kwargs, gated(get=only(REGIE), post=only(REGIE))),
    # the case summary follows the case: the municipality opens the meeting (its table) but not this case
    "meetings:case-summary": (item_kwargs, gated(get=only(SEES_ITEM))),
    "meetings:case-summary-pdf": (item_kwargs, gated(get=only(SEES_ITEM))),
}
