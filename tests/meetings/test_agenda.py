"""Scheduling a meeting and building its agenda, by the procesregisseur of the table."""

import datetime

import pytest
from django.urls import reverse

from procesregie.casework.models import CaseStatus
from procesregie.meetings.models import AgendaItem, Decision, Discussion, Meeting

from .. import factories as f
from .conftest import HTMX, add_case, entries_since, last_sequence

pytestmark = pytest.mark.django_db


def agenda(meeting) -> list[int]:
    return list(meeting.agenda_items.order_by("position").values_list("case_id", flat=True))


# Scheduling -------------------------------------------------------------------------------------------------------

def test_the_procesregisseur_schedules_a_meeting_of_the_table(mw, as_user):
    url = reverse("meetings:meeting-schedule", args=[mw.table.pk])
    client = as_user("regisseur")
    assert client.get(url).status_code == 200
    before = last_sequence()
    response = client.post(url, {"date": "2025-03-04", "starts_at": "09:30", "location": "<b>Zaal</b> 2"})
    meeting = Meeting.objects.exclude(pk=mw.meeting.pk).get()
    assert response.status_code == 302 and response["Location"] == reverse("meetings:meeting-detail", args=[meeting.pk])
    assert (meeting.table, meeting.date, meeting.starts_at, meeting.location) == (
        mw.table, datetime.date(2025, 3, 4), datetime.time(9, 30), "Zaal 2"
    )
    assert meeting.ref.startswith("O-")
    (entry,) = entries_since(before)
    assert (entry.action, entry.object_type, entry.object_id) == ("create", "meetings.meeting", str(meeting.pk))
    # It is listed on the table's page.
    html = client.get(reverse("meetings:table-detail", args=[mw.table.pk])).content.decode()
    assert reverse("meetings:meeting-detail", args=[meeting.pk]) in html


def test_bad_input_shows_the_form_with_dutch_errors_and_saves_nothing(mw, as_user):
    url = reverse("meetings:meeting-schedule", args=[mw.table.pk])
    response = as_user("regisseur").post(url, {"date": "31-02-2025", "starts_at": "25:99"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Er is een probleem" in html and "Voer een geldige datum in." in html and "Voer een geldige tijd in." in html
    assert Meeting.objects.count() == 1


@pytest.mark.parametrize("persona", ["regisseur_elsewhere", "participant", "functional_admin"])
def test_only_the_tables_procesregisseurs_schedule(mw, as_user, persona):
    response = as_user(persona).post(reverse("meetings:meeting-schedule", args=[mw.table.pk]), {"date": "2025-03-04"})
    assert response.status_code == 404
    assert Meeting.objects.count() == 1


def test_moving_a_meeting_moves_its_discussions(mw, as_user):
    Discussion.objects.create(meeting=mw.meeting, case=mw.case, date=mw.meeting.date)
    response = as_user("regisseur").post(
        reverse("meetings:meeting-edit", args=[mw.meeting.pk]), {"date": "2024-12-02", "location": "Elders"}
    )
    assert response.status_code == 302
    mw.meeting.refresh_from_db()
    assert (mw.meeting.date, mw.meeting.location) == (datetime.date(2024, 12, 2), "Elders")
    assert list(Discussion.objects.values_list("date", flat=True)) == [datetime.date(2024, 12, 2)]


def test_a_discussed_meeting_cannot_move_into_the_future(mw, as_user):
    Discussion.objects.create(meeting=mw.meeting, case=mw.case, date=mw.meeting.date)
    future = mw.meeting.date + datetime.timedelta(days=30)
    response = as_user("regisseur").post(reverse("meetings:meeting-edit", args=[mw.meeting.pk]), {"date": future.isoformat()})
    assert response.status_code == 200
    assert "het kan niet naar een datum in de toekomst" in response.content.decode()
    mw.meeting.refresh_from_db()
    assert mw.meeting.date != future


# The agenda -------------------------------------------------------------------------------------------------------

def test_the_agenda_offers_the_tables_cases_in_regie_only(mw, as_user):
    third = add_case(mw.table, given_name="Derde", family_name="Kandidaat")
    closed = f.CaseFactory(registration__approach=mw.table.approach, table=mw.table, closed=True,
                           registration__person__family_name="Afgeslotene")
    assert closed.status == CaseStatus.CLOSED
    html = as_user("regisseur").get(reverse("meetings:agenda-add", args=[mw.meeting.pk])).content.decode()
    assert "Kandidaat" in html and third.registration.ref in html
    assert "Afgeslotene" not in html  # closed
    assert "Geheime" not in html  # already on the agenda
    assert mw.world.other_case.registration.ref not in html  # another table


def test_adding_cases_puts_them_at_the_end_and_logs_each_subject(mw, as_user):
    third = add_case(mw.table, family_name="Derde")
    client = as_user("regisseur")
    before = last_sequence()
    response = client.post(reverse("meetings:agenda-add", args=[mw.meeting.pk]), {"case": third.pk})
    assert response.status_code == 302
    assert agenda(mw.meeting) == [mw.case.pk, mw.second.pk, third.pk]
    item = AgendaItem.objects.get(case=third)
    created = [e for e in entries_since(before) if e.action == "create"]
    assert [(e.object_type, e.object_id, e.subject_key, e.purpose_case_id) for e in created] == [
        ("meetings.agendaitem", str(item.pk), third.registration.person.subject_key, third.pk)
    ]


def test_a_case_of_another_table_or_twice_is_refused(mw, as_user):
    client = as_user("regisseur")
    url = reverse("meetings:agenda-add", args=[mw.meeting.pk])
    for case in (mw.world.other_case, mw.case):
        response = client.post(url, {"case": case.pk})
        assert response.status_code == 200
        assert "Selecteer een geldige keuze" in response.content.decode()
    assert agenda(mw.meeting) == [mw.case.pk, mw.second.pk]


def test_an_htmx_add_answers_with_the_new_agenda(mw, as_user):
    third = add_case(mw.table, family_name="Derdenaam")
    client = as_user("regisseur")
    form = client.get(reverse("meetings:agenda-add", args=[mw.meeting.pk]), **HTMX)
    assert "<html" not in form.content.decode() and 'hx-post="' in form.content.decode()
    response = client.post(reverse("meetings:agenda-add", args=[mw.meeting.pk]), {"case": third.pk}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.strip().startswith('<section class="procesregie-section" id="agenda"') and "Derdenaam" in html
    invalid = client.post(reverse("meetings:agenda-add", args=[mw.meeting.pk]), {"case": ""}, **HTMX)
    assert invalid["HX-Retarget"] == "#agenda-toevoegen" and "Kies de casus" in invalid.content.decode()


def test_moving_items_up_and_down(mw, as_user):
    third = add_case(mw.table)
    AgendaItem.objects.create(meeting=mw.meeting, case=third, position=3)
    client = as_user("regisseur")
    third_item = AgendaItem.objects.get(case=third)
    url = reverse("meetings:agenda-move", args=[mw.meeting.pk, third_item.pk])
    assert client.post(url, {"direction": "up"}).status_code == 302
    assert agenda(mw.meeting) == [mw.case.pk, third.pk, mw.second.pk]
    assert client.post(url, {"direction": "up"}, **HTMX).status_code == 200
    assert agenda(mw.meeting) == [third.pk, mw.case.pk, mw.second.pk]
    response = client.post(url, {"direction": "up"}, follow=True)  # already first: refused, said so
    assert "staat al bovenaan" in response.content.decode()
    assert agenda(mw.meeting) == [third.pk, mw.case.pk, mw.second.pk]
    assert list(mw.meeting.agenda_items.order_by("position").values_list("position", flat=True)) == [1, 2, 3]


def test_removing_an_item_renumbers_the_agenda(mw, as_user):
    response = as_user("regisseur").post(reverse("meetings:agenda-remove", args=[mw.meeting.pk, mw.first.pk]))
    assert response.status_code == 302
    assert agenda(mw.meeting) == [mw.second.pk]
    assert mw.meeting.agenda_items.get().position == 1


@pytest.mark.parametrize("recorded", ["discussion", "decision"])
def test_an_item_with_a_record_stays_on_the_agenda(mw, as_user, recorded):
    if recorded == "discussion":
        Discussion.objects.create(meeting=mw.meeting, case=mw.case, date=mw.meeting.date)
    else:
        Decision.objects.create(agenda_item=mw.first, text="Besluit")
    response = as_user("regisseur").post(reverse("meetings:agenda-remove", args=[mw.meeting.pk, mw.first.pk]), follow=True)
    assert "blijft op de agenda" in response.content.decode()
    assert agenda(mw.meeting) == [mw.case.pk, mw.second.pk]
