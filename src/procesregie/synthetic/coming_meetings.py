"""The coming meetings of the demo region (`procesregie demo-agenda`): what a dataset cannot hold.

An interchange dataset records what happened (discussions); the meetings ahead are planned in the application.
For every table that an active procesregisseur directs, this schedules its meetings from tomorrow to the end of
next week (at least its next one) at the table's own cadence (the days between its last meetings), through the
meetings services acting as that procesregisseur. The agenda lists the table's open cases that are due for
discussion: for each demo login's organisation first its longest waiting case, then the longest waiting; the
first items have prepared notes. A table whose procesregisseurs have not been activated yet (an imported account
waits for its invitation) gets no meetings: the services act for active users only.

Idempotent: a meeting of the table on a date is reused, a case already on a coming agenda is not added again,
prepared notes are written only where there are none.
"""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import F, Max, Q

from procesregie.casework.lifecycle import accepting_changes
from procesregie.casework.models import Case, Participation
from procesregie.meetings.models import AgendaItem, Meeting
from procesregie.meetings.services import agenda_item_add, agenda_item_prepare, meeting_schedule
from procesregie.reference.models import Table

from .personas import DEMO_USERS

DAY = datetime.timedelta(days=1)
DEFAULT_CADENCE_DAYS = 14
DUE_AFTER_DAYS = 28  # a case is due for discussion this long after its last one
MAX_ITEMS = 10
PREPARED_ITEMS = 2
STARTS_AT = datetime.time(9, 30)
LOCATION = "Zorg- en Veiligheidshuis, vergaderzaal 2"
PREPARED_NOTES = (
    "Voorbereiding: stand van het plan en de open interventies doornemen; navragen bij de partners wat er sinds "
    "de vorige bespreking is gebeurd; besluiten over de volgende stap."
)


@dataclass
class Planned:
    meetings: int = 0
    items: int = 0
    prepared: int = 0
    tables_without_regisseur: int = 0


def horizon(today: datetime.date) -> datetime.date:
    """The last day planned for: Sunday of next week."""
    return today + DAY * (6 - today.weekday() + 7)


def meeting_dates(table: Table, today: datetime.date) -> list[datetime.date]:
    """The table's dates after `today` up to the horizon (at least its next one): its last meeting on or before
    today, plus its cadence."""
    held = list(
        Meeting.objects.filter(table=table, date__lte=today).order_by("-date").values_list("date", flat=True)[:8]
    )
    gaps = Counter((newer - older).days for newer, older in zip(held, held[1:], strict=False) if newer != older)
    cadence = gaps.most_common(1)[0][0] if gaps else DEFAULT_CADENCE_DAYS
    day = held[0] if held else today
    dates = []
    while day <= horizon(today) or not dates:
        if day > today:
            dates.append(day)
        day += DAY * cadence
    return dates


def plan_coming_meetings(*, today: datetime.date) -> Planned:
    planned = Planned()
    for table in Table.objects.order_by("code"):
        actor = table.procesregisseurs.filter(is_active=True).order_by("username").first()
        if actor is None:
            planned.tables_without_regisseur += 1
            continue
        for day in meeting_dates(table, today):
            meeting = Meeting.objects.filter(table=table, date=day).order_by("id").first()
            if meeting is None:
                meeting = meeting_schedule(actor=actor, table=table, date=day, starts_at=STARTS_AT, location=LOCATION)
                planned.meetings += 1
            _fill_agenda(actor, meeting, today, planned)
    return planned


def _fill_agenda(actor, meeting: Meeting, today: datetime.date, planned: Planned) -> None:
    on_coming_agenda = AgendaItem.objects.filter(meeting__table=meeting.table, meeting__date__gt=today)
    room = MAX_ITEMS - meeting.agenda_items.count()
    due = list(
        Case.objects.filter(accepting_changes(), table=meeting.table)
        .exclude(pk__in=on_coming_agenda.values("case"))
        .annotate(last_discussed=Max("discussions__date"))
        .filter(Q(last_discussed__isnull=True) | Q(last_discussed__lte=meeting.date - DAY * DUE_AFTER_DAYS))
        .order_by(F("last_discussed").asc(nulls_first=True), "pk")
    )
    # First the longest waiting case of each demo partner, so that every demo login finds its case on the agenda.
    taking_part = Participation.objects.active(today).filter(case__in=due)
    chosen = []
    for code in sorted({demo.organisation for demo in DEMO_USERS}):
        cases = set(taking_part.filter(organisation__code=code).values_list("case", flat=True))
        first = next((case for case in due if case.pk in cases and case not in chosen), None)
        if first is not None:
            chosen.append(first)
    chosen += [case for case in due if case not in chosen]
    for case in chosen[:room] if room > 0 else []:
        agenda_item_add(actor=actor, meeting=meeting, case=case)
        planned.items += 1
    for item in meeting.agenda_items.order_by("position")[:PREPARED_ITEMS]:
        if not item.prepared_notes:
            agenda_item_prepare(actor=actor, item=item, notes=PREPARED_NOTES)
            planned.prepared += 1
