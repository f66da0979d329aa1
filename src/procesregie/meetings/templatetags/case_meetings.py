"""`{% case_meetings case as rows %}`: the meetings of a case for its page, from what `discussion_prefetches()` loaded
(no queries): per meeting, newest first, the discussion (notes, who was there) and the decisions; meetings still to
come are listed with their agenda item, for the case summary. Draft notes (the preparation) are not shown here."""

from dataclasses import dataclass, field

from django import template
from django.utils import timezone

register = template.Library()


@dataclass
class CaseMeetingRow:
    meeting: object
    date: object
    item: object = None  # the agenda item, when the case was on the agenda (then the user may open the meeting)
    discussion: object = None
    decisions: list = field(default_factory=list)
    upcoming: bool = False


@register.simple_tag
def case_meetings(case) -> list[CaseMeetingRow]:
    today = timezone.localdate()
    rows: dict[int, CaseMeetingRow] = {}
    for item in case.agenda_items.all():
        meeting = item.meeting
        upcoming = meeting.date > today
        rows[meeting.pk] = CaseMeetingRow(
            meeting=meeting, date=meeting.date, item=item, upcoming=upcoming,
            decisions=[] if upcoming else list(item.decisions.all()),
        )
    for discussion in case.discussions.all():
        row = rows.setdefault(discussion.meeting_id, CaseMeetingRow(meeting=discussion.meeting, date=discussion.date))
        if row.discussion is None and not row.upcoming:
            row.discussion = discussion
    return sorted(rows.values(), key=lambda row: (row.date, row.meeting.pk), reverse=True)
