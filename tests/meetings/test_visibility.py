"""Need-to-know on the meeting page: who may open it, and what a partner sees of cases it does not take part in."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.casework.models import Participation
from procesregie.meetings.models import Decision, Discussion

from .conftest import HTMX, entries_since, last_sequence

pytestmark = pytest.mark.django_db


def page(mw, client) -> str:
    response = client.get(reverse("meetings:meeting-detail", args=[mw.meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def identifying(case) -> list[str]:
    """Everything on a page that would point at this case."""
    registration = case.registration
    person = registration.person
    return [
        person.given_name, person.family_name, person.ref, person.bsn, registration.ref,
        f"/casussen/{case.pk}/", f"agenda/{case.agenda_items.get().pk}/",
    ]


def with_content(mw) -> None:
    """Give both items notes and a decision, so there is content that could leak."""
    for item, secret in ((mw.first, "notitie-een"), (mw.second_item, "notitie-twee")):
        Discussion.objects.create(meeting=mw.meeting, case=item.case, date=mw.meeting.date, notes=secret, version=1)
        Decision.objects.create(agenda_item=item, text=f"besluit-{secret}")


@pytest.mark.parametrize(
    ("persona", "sees", "hidden"),
    [("participant", "first", "second"), ("other_org", "second", "first")],
)
def test_a_partner_sees_the_content_of_its_own_cases_only(mw, as_user, persona, sees, hidden):
    with_content(mw)
    shown_case = mw.case if sees == "first" else mw.second
    hidden_case = mw.case if hidden == "first" else mw.second
    hidden_item = mw.first if hidden == "first" else mw.second_item
    html = page(mw, as_user(persona))

    person = shown_case.registration.person
    assert person.family_name in html and shown_case.registration.ref in html
    assert f"notitie-{'een' if sees == 'first' else 'twee'}" in html
    assert f"besluit-notitie-{'een' if sees == 'first' else 'twee'}" in html

    # The other case: a count, and nothing that identifies it, nor its notes, decisions or their number.
    assert "En 1 andere casus die uw organisatie niet kan inzien." in html
    leaks = [value for value in identifying(hidden_case) if value and value in html]
    assert not leaks, leaks
    assert f"notitie-{'een' if hidden == 'first' else 'twee'}" not in html
    assert f'id="agendapunt-{1 if hidden == "first" else 2}"' not in html
    assert f"agenda/{hidden_item.pk}/" not in html and "Besluiten" in html
    assert html.count("<article") == 1


def test_the_hidden_items_are_only_counted_even_when_all_are_hidden(mw, as_user):
    """A member of the table that takes part in none of the cases sees the meeting and how many cases there are."""
    with_content(mw)
    probation = mw.users["removed"].organisation
    mw.table.members.add(probation)
    html = page(mw, as_user("removed"))
    assert "Op de agenda staan 2 casussen die uw organisatie niet kan inzien." in html
    for case in (mw.case, mw.second):
        assert not [value for value in identifying(case) if value and value in html]
    assert "notitie" not in html and "<article" not in html and "Besluit" not in html


def test_partners_get_no_edit_controls(mw, as_user):
    html = page(mw, as_user("participant"))
    assert "Bespreking vastleggen" not in html and "Casus op de agenda zetten" not in html
    assert "/bespreking/" not in html and "/besluiten/" not in html and "verplaatsen" not in html


def test_the_procesregisseur_sees_every_item_of_the_table(mw, as_user):
    html = page(mw, as_user("regisseur"))
    for case in (mw.case, mw.second):
        assert case.registration.person.family_name in html
    assert "niet zichtbaar" not in html


@pytest.mark.parametrize("persona", ["regisseur_elsewhere", "removed", "colleague", "manager", "privacy_officer",
                                     "functional_admin"])
def test_who_does_not_work_at_the_table_gets_404(mw, as_user, persona):
    before = last_sequence()
    response = as_user(persona).get(reverse("meetings:meeting-detail", args=[mw.meeting.pk]))
    html = response.content.decode()
    assert response.status_code == 404
    assert "Geheime" not in html and "Verborgen" not in html and mw.meeting.location not in html
    (entry,) = entries_since(before)
    assert (entry.action, entry.outcome, entry.object_type) == ("read", "denied", "meetings.meeting")


def test_a_meeting_that_does_not_exist_answers_like_one_out_of_scope(mw, as_user):
    client = as_user("removed")
    missing = client.get(reverse("meetings:meeting-detail", args=[mw.meeting.pk + 999]))
    hidden = client.get(reverse("meetings:meeting-detail", args=[mw.meeting.pk]))
    assert missing.status_code == hidden.status_code == 404
    assert without_tokens(missing) == without_tokens(hidden)


def without_tokens(response) -> str:
    """The body without what differs per response anyway: the masked CSRF token of the page's forms and of htmx, the
    CSP nonce, and the address the language switch returns to (the requested URL itself)."""
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken"', body)
    body = re.sub(r'"X-CSRFToken": "[^"]*"', '"X-CSRFToken"', body)  # htmx's headers on <body>
    body = re.sub(r'name="next" value="[^"]*"', 'name="next"', body)
    return re.sub(r'nonce="[^"]*"', "nonce", body)


def test_every_subject_shown_is_logged_with_the_case_as_purpose(mw, as_user):
    before = last_sequence()
    page(mw, as_user("participant"))
    (entry,) = entries_since(before)  # the hidden case is not logged: it was not shown
    person = mw.case.registration.person
    assert (entry.action, entry.outcome, entry.actor_username) == ("read", "granted", "partner")
    assert (entry.subject_key, entry.purpose_case_id) == (person.subject_key, mw.case.pk)
    assert entry.purpose_approach == "aanpak-a"

    before = last_sequence()
    page(mw, as_user("regisseur"))
    assert {(e.subject_key, e.purpose_case_id) for e in entries_since(before)} == {
        (person.subject_key, mw.case.pk), (mw.second.registration.person.subject_key, mw.second.pk),
    }


def test_a_page_that_shows_nobody_is_still_logged(mw, as_user):
    Participation.objects.filter(case=mw.case).update(removed_at=timezone.now())
    before = last_sequence()
    html = page(mw, as_user("participant"))
    assert "Geheime" not in html
    (entry,) = entries_since(before)
    assert (entry.object_type, entry.object_id, entry.subject_key) == ("meetings.meeting", str(mw.meeting.pk), None)


def test_removal_from_the_case_hides_its_content_at_the_next_request(mw, as_user):
    client = as_user("participant")
    assert "Geheime" in page(mw, client)
    Participation.objects.filter(case=mw.case, organisation=mw.users["participant"].organisation).update(
        removed_at=timezone.now()
    )
    html = page(mw, client)  # still a member of the table: the meeting, without the case
    assert "Geheime" not in html and "Op de agenda staan 2 casussen die uw organisatie niet kan inzien." in html


def test_a_partner_cannot_reach_the_forms_of_an_item_it_sees(mw, as_user):
    client = as_user("participant")
    for name in ("meetings:discussion-edit", "meetings:decision-add"):
        url = reverse(name, args=[mw.meeting.pk, mw.first.pk])
        assert client.get(url).status_code == 404
        assert client.get(url, **HTMX).status_code == 404


def test_a_partner_whose_organisation_leaves_the_table_keeps_the_meeting_of_its_case(mw, as_user):
    """Not a member of the table, but taking part in a case on the agenda: the meeting, with that case only."""
    client = as_user("participant")
    mw.table.members.remove(mw.users["participant"].organisation)
    html = page(mw, client)
    assert "Geheime" in html and "Verborgen" not in html and "En 1 andere casus" in html
    Participation.objects.filter(case=mw.case, organisation=mw.users["participant"].organisation).update(
        removed_at=timezone.now()
    )
    assert client.get(reverse("meetings:meeting-detail", args=[mw.meeting.pk])).status_code == 404


def test_a_partner_of_a_case_on_the_agenda_reaches_the_meeting_from_the_case_page(mw, as_user):
    """The probation officer's organisation is no member of the table; it takes part in the second case."""
    with_content(mw)
    probation = mw.users["removed"].organisation
    Participation.objects.create(case=mw.second, organisation=probation)
    client = as_user("removed")
    html = page(mw, client)
    assert "Verborgen" in html and "notitie-twee" in html and "besluit-notitie-twee" in html
    assert "Geheime" not in html and "notitie-een" not in html and "En 1 andere casus" in html
    case_page = client.get(reverse("casework:case-detail", args=[mw.second.pk])).content.decode()
    assert reverse("meetings:meeting-detail", args=[mw.meeting.pk]) in case_page
    assert "notitie-twee" in case_page and "besluit-notitie-twee" in case_page
    # The table page lists this meeting only, and says nothing of the cases.
    other = mw.meeting.__class__.objects.create(ref="O-TEST0009", table=mw.table, date=mw.meeting.date)
    table_page = client.get(reverse("meetings:table-detail", args=[mw.table.pk])).content.decode()
    assert reverse("meetings:meeting-detail", args=[mw.meeting.pk]) in table_page
    assert reverse("meetings:meeting-detail", args=[other.pk]) not in table_page
    assert client.get(reverse("meetings:meeting-detail", args=[other.pk])).status_code == 404


def test_notes_and_decisions_show_only_after_the_meeting(mw, as_user):
    """A meeting still to come shows its agenda (the partner prepares), but no discussion or decision: even rows that
    an import left there do not show before the date."""
    import datetime

    with_content(mw)
    mw.meeting.date = timezone.localdate() + datetime.timedelta(days=3)
    mw.meeting.save()
    html = page(mw, as_user("participant"))
    assert "Geheime" in html and "Het overleg heeft nog niet plaatsgevonden." in html
    assert "notitie-een" not in html and "Besluiten" not in html


@pytest.mark.parametrize("terug", ["²", "١", "1x", ""])
def test_a_back_link_that_is_not_a_plain_number_is_ignored(mw, as_user, terug):
    # "²".isdigit() is True, but int("²") fails: this must not be a 500.
    response = as_user("regisseur").get(reverse("meetings:meeting-detail", args=[mw.meeting.pk]), {"terug": terug})
    assert response.status_code == 200
    assert "autofocus" not in response.content.decode()


def test_a_back_link_to_an_agenda_item_gives_its_heading_the_focus(mw, as_user):
    html = as_user("regisseur").get(reverse("meetings:meeting-detail", args=[mw.meeting.pk]), {"terug": "2"}).content.decode()
    assert re.search(r'id="agendapunt-2-titel" tabindex="-1" autofocus', html)
