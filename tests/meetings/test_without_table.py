"""A meeting without a table (the import leaves one so when its cases sit at different tables) opens for whoever
sees a case on its agenda, and every page that links to it works: the meeting page, the case page's meetings part,
the reminders list, the table list. Its heading names the meeting itself; the purpose of every access entry is the
approach of the case shown."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.casework.models import Participation
from procesregie.meetings.models import AgendaItem, Decision, Discussion, Meeting

from .conftest import entries_since, last_sequence

pytestmark = pytest.mark.django_db


@pytest.fixture
def loose(mw) -> Meeting:
    """Today's meeting without a table: 1. `case` (table A, approach A; the police take part), 2. `other_case`
    (table B, approach B; the municipality takes part)."""
    meeting = Meeting.objects.create(ref="O-LOS0001", table=None, date=timezone.localdate(), location="Zaal 9")
    for position, case in enumerate((mw.case, mw.world.other_case), start=1):
        item = AgendaItem.objects.create(meeting=meeting, case=case, position=position)
        Discussion.objects.create(meeting=meeting, case=case, date=meeting.date, notes=f"los-notitie-{position}", version=1)
        Decision.objects.create(agenda_item=item, text=f"los-besluit-{position}")
    return meeting


def meeting_page(client, meeting):
    return client.get(reverse("meetings:meeting-detail", args=[meeting.pk]))


def approach_shown(html: str) -> str:
    """The value beside "Aanpak" in the meeting's details."""
    return re.search(r"Aanpak</dt>\s*<dd[^>]*>(.*?)</dd>", html, re.S).group(1)


@pytest.mark.parametrize(
    ("persona", "shown", "hidden"),
    [("participant", 1, 2), ("other_org", 2, 1), ("regisseur", 1, 2)],
)
def test_the_meeting_page_opens_without_a_table(mw, as_user, loose, persona, shown, hidden):
    cases = {1: mw.case, 2: mw.world.other_case}
    before = last_sequence()
    response = meeting_page(as_user(persona), loose)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1 class=\"utrecht-heading-1\">Casusoverleg O-LOS0001</h1>" in html
    assert "Zaal 9" in html
    assert cases[shown].registration.person.family_name in html
    assert f"los-notitie-{shown}" in html and f"los-besluit-{shown}" in html
    assert cases[hidden].registration.person.family_name not in html
    assert f"los-notitie-{hidden}" not in html
    # The approach shown is that of the case the user sees, not of the other one.
    assert approach_shown(html) == str(cases[shown].registration.approach)
    # Nobody directs a meeting without a table: no scheduling or agenda building.
    assert reverse("meetings:meeting-edit", args=[loose.pk]) not in html

    logged = entries_since(before)
    assert logged and {entry.purpose_approach for entry in logged} == {cases[shown].registration.approach.code}


def test_a_regisseur_elsewhere_gets_404_like_a_meeting_that_does_not_exist(mw, as_user, loose):
    # Access rule: a regisseur reaches a meeting without a table only through the cases they see on its agenda.
    assert meeting_page(as_user("regisseur_elsewhere"), loose).status_code == 200  # other_case sits at table B
    loose.agenda_items.filter(case=mw.world.other_case).delete()
    assert meeting_page(as_user("regisseur_elsewhere"), loose).status_code == 404
    assert meeting_page(as_user("functional_admin"), loose).status_code == 404


def test_each_approach_on_the_agenda_is_the_purpose_of_its_own_entries(mw, as_user, loose):
    Participation.objects.create(case=mw.world.other_case, organisation=mw.users["participant"].organisation)
    before = last_sequence()
    html = meeting_page(as_user("participant"), loose).content.decode()

    assert approach_shown(html) == f"{mw.case.registration.approach}, {mw.world.other_case.registration.approach}"
    purposes = {entry.purpose_case_id: entry.purpose_approach for entry in entries_since(before)}
    assert purposes == {
        mw.case.pk: mw.case.registration.approach.code,
        mw.world.other_case.pk: mw.world.other_case.registration.approach.code,
    }


@pytest.mark.parametrize("persona", ["participant", "regisseur"])
def test_pages_that_link_to_it_work(mw, as_user, loose, persona):
    mw.case.procesregisseur = mw.users["regisseur"]  # the regisseur's own case: reminded of its meetings
    mw.case.save(update_fields=["procesregisseur"])
    client = as_user(persona)
    detail = reverse("meetings:meeting-detail", args=[loose.pk])

    case_page = client.get(reverse("casework:case-detail", args=[mw.case.pk]))
    assert case_page.status_code == 200
    assert detail in case_page.content.decode()

    reminders = client.get(reverse("reminders:list"))
    assert reminders.status_code == 200
    assert detail in reminders.content.decode()

    item = loose.agenda_items.get(case=mw.case)
    summary = client.get(reverse("meetings:case-summary", args=[loose.pk, item.pk]))
    assert summary.status_code == 200
    assert "Casusoverleg O-LOS0001" in summary.content.decode()

    tables = client.get(reverse("meetings:table-list"))
    assert tables.status_code == 200
    table_page = client.get(reverse("meetings:table-detail", args=[mw.table.pk]))
    assert table_page.status_code == 200
    assert detail not in table_page.content.decode()  # it belongs to no table
