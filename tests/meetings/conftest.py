"""The persona world (tests/personas.py) plus a meeting of table A.

Table A's members are the police (`participant`) and the municipality (`other_org`). On the agenda of `meeting`
(held yesterday): 1. `world.case` ("Geheime Persoon"; the police take part), 2. `second` ("Verborgen Tweede";
the municipality takes part). So each partner sees one item and must learn nothing about the other.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from procesregie.audit.models import AccessLogEntry
from procesregie.casework.models import Case, Participation
from procesregie.meetings.models import AgendaItem, Meeting
from procesregie.reference.models import Table

from .. import factories as f
from ..logins import verified_client
from ..personas import World, build_world


@dataclass
class MeetingWorld:
    world: World
    table: Table
    meeting: Meeting
    first: AgendaItem
    second_item: AgendaItem
    second: Case

    @property
    def users(self):
        return self.world.users

    @property
    def case(self) -> Case:
        return self.world.case


def add_case(table: Table, *organisations, **person) -> Case:
    case = f.CaseFactory(
        registration__approach=table.approach, table=table,
        **{f"registration__person__{name}": value for name, value in person.items()},
    )
    for organisation in organisations:
        Participation.objects.create(case=case, organisation=organisation)
    return case


@pytest.fixture
def mw(db) -> MeetingWorld:
    world = build_world()
    police, municipality = world.users["participant"].organisation, world.users["other_org"].organisation
    table = world.case.table
    table.members.add(police, municipality)
    second = add_case(table, municipality, given_name="Verborgen", family_name="Tweede")
    meeting = Meeting.objects.create(
        ref="O-TEST0001", table=table, date=timezone.localdate() - datetime.timedelta(days=1), location="Zaal 3"
    )
    first = AgendaItem.objects.create(meeting=meeting, case=world.case, position=1)
    second_item = AgendaItem.objects.create(meeting=meeting, case=second, position=2)
    return MeetingWorld(world=world, table=table, meeting=meeting, first=first, second_item=second_item, second=second)


@pytest.fixture
def as_user(mw):
    """`as_user("participant")`: a logged-in client of that persona."""
    return lambda persona: verified_client(mw.users[persona])


def last_sequence() -> int:
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    return entry.sequence if entry else 0


def entries_since(sequence: int) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(sequence__gt=sequence).order_by("sequence"))


HTMX = {"HTTP_HX_REQUEST": "true"}
