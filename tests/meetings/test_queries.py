"""The meeting page answers in the same number of queries however long its agenda and however many decisions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from procesregie.meetings.models import AgendaItem, Decision, Discussion
from procesregie.plans.models import CaseIntervention

from .. import factories as f
from .conftest import add_case

pytestmark = pytest.mark.django_db

MAX_QUERIES = 25


def grow(mw, items: int, start: int = 0) -> None:
    """Add `items` cases to the agenda, each with a discussion (two organisations present) and two decisions.

    Every other case is one the police take part in, so the partner sees some and not others; every other
    case is a system with members (more subjects to log).
    """
    police, municipality = mw.users["participant"].organisation, mw.users["other_org"].organisation
    position = mw.meeting.agenda_items.count()
    for i in range(start, start + items):
        if i % 2:
            case = f.CaseFactory(registration=f.RegistrationFactory(
                for_system=True, accepted=True, approach=mw.table.approach, system__members=2), table=mw.table)
        else:
            case = add_case(mw.table)
        case.participations.create(organisation=police if i % 2 == 0 else municipality)
        position += 1
        item = AgendaItem.objects.create(meeting=mw.meeting, case=case, position=position)
        discussion = Discussion.objects.create(meeting=mw.meeting, case=case, date=mw.meeting.date, notes=f"n{i}")
        discussion.organisations_present.set([police, municipality])
        for j in range(2):
            agreed = CaseIntervention.objects.create(
                case=case, intervention=f.InterventionFactory(), organisation=police, agreed_on=mw.meeting.date
            )
            Decision.objects.create(agenda_item=item, text=f"besluit {i}.{j}", case_intervention=agreed)


def count(client, mw) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("meetings:meeting-detail", args=[mw.meeting.pk]))
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["regisseur", "participant"])
def test_the_meeting_page_query_count_does_not_grow(mw, as_user, persona, django_assert_max_num_queries):
    client = as_user(persona)
    count(client, mw)  # warm up: the first request of a session and the first log entry read once what is then kept
    grow(mw, 2)
    small = count(client, mw)
    grow(mw, 8, start=2)
    with django_assert_max_num_queries(MAX_QUERIES):
        large = count(client, mw)
    assert large == small
    html = client.get(reverse("meetings:meeting-detail", args=[mw.meeting.pk])).content.decode()
    assert "besluit 8.1" in html  # the police take part in the even-numbered cases: both see them
    assert ("besluit 9.1" in html) is (persona == "regisseur")  # the municipality's (a system): the police do not


def test_a_partner_that_is_no_member_of_the_table_needs_as_many_queries(mw, as_user, django_assert_max_num_queries):
    """The police leave the table but take part in cases on the agenda: the meeting by participation, counted the same."""
    mw.table.members.remove(mw.users["participant"].organisation)
    client = as_user("participant")
    count(client, mw)
    grow(mw, 2)
    small = count(client, mw)
    grow(mw, 8, start=2)
    with django_assert_max_num_queries(MAX_QUERIES):
        large = count(client, mw)
    assert large == small
    html = client.get(reverse("meetings:meeting-detail", args=[mw.meeting.pk])).content.decode()
    assert "besluit 8.1" in html and "besluit 9.1" not in html
    assert "En 6 andere casussen die uw organisatie niet kan inzien." in html  # the second case and five systems
