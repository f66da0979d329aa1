"""The privacy officer's page of one data subject, as the officer sees it: laid out as the other pages, how long the
subject is kept and whether it is on an open destruction list, and no second inzageverzoek by a second click."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.retention.models import DestructionItem, DestructionList
from procesregie.subjects.models import RightsRequest, RightsRequestKind

from ..logins import verified_client as logged_in

pytestmark = pytest.mark.django_db


def subject_page(officer, person) -> str:
    response = officer.get(reverse("privacy:subject-detail", args=[person.subject_key]))
    assert response.status_code == 200
    return response.content.decode()


def make_inzage(officer, person, **extra):
    return officer.post(reverse("privacy:inzage-create", args=[person.subject_key]),
                        {"inzage-received_on": timezone.localdate().isoformat(), **extra})


def test_retention_is_offered_once_and_the_page_is_laid_out_as_the_others(world):
    person = world.case.registration.person
    officer = logged_in(world.users["privacy_officer"])
    RightsRequest.objects.create(person=person, kind=RightsRequestKind.BEPERKING, received_on=timezone.localdate(),
                                 description="Synthetisch: niet delen", recorded_by=world.users["privacy_officer"])
    html = subject_page(officer, person)
    assert html.count("Bewaartermijn verlengen") == 1
    sections = re.findall(r"<section[^>]*>", html)
    assert sections and all("procesregie-section" in tag for tag in sections), sections
    assert "utrecht-table-container" in html and "utrecht-table utrecht-table--html-table" in html
    # The end of a restriction is a small form of its own below the table, not squeezed into a cell.
    table = html[html.index("<table"):html.index("</table>")]
    assert "Beperking beëindigen" not in table and "<form" not in table
    assert html.count('data-testid="restriction-end"') == 1 and html.index("</table>") < html.index("restriction-end")


def test_the_page_says_how_long_the_subject_is_kept_and_whether_it_is_listed(world):
    person = world.case.registration.person
    officer = logged_in(world.users["privacy_officer"])
    html = subject_page(officer, person)
    assert "Bewaard tot" in html and "Staat niet op een open vernietigingslijst." in html

    today = timezone.localdate()
    listed = DestructionList.objects.create(as_of=today, proposed_by=world.users["privacy_officer"])
    DestructionItem.objects.create(destruction_list=listed, kind="person", person=person, phase="closed_case",
                                   due_on=today - datetime.timedelta(days=3))
    html = subject_page(officer, person)
    assert "Staat op de open vernietigingslijst van" in html
    assert reverse("retention:destruction-list", args=[listed.pk]) in html


def test_the_date_it_is_kept_until_is_shown(world, monkeypatch):
    from procesregie.privacy import selectors
    from procesregie.retention.due import Due

    person = world.case.registration.person
    due = Due(kind="person", object_id=person.pk, due_on=datetime.date(2031, 3, 4), phase="closed_case",
              approach_code="")
    monkeypatch.setattr(selectors, "subject_due", lambda **kwargs: due)
    html = subject_page(logged_in(world.users["privacy_officer"]), person)
    assert "4 maart 2031" in html


def test_a_second_click_the_same_day_offers_the_document_instead_of_recording_another(world):
    person = world.case.registration.person
    officer = logged_in(world.users["privacy_officer"])
    first = make_inzage(officer, person)
    assert first.status_code == 302
    inzage = RightsRequest.objects.get(person=person, kind=RightsRequestKind.INZAGE)

    html = subject_page(officer, person)
    document_url = reverse("privacy:inzage-document", args=[person.subject_key, inzage.pk])
    assert "is al een inzagedocument gemaakt" in html and document_url in html

    again = make_inzage(officer, person)
    assert again.status_code == 200 and "Vandaag is al een inzagedocument gemaakt" in again.content.decode()
    assert document_url in again.content.decode()
    assert RightsRequest.objects.filter(person=person, kind=RightsRequestKind.INZAGE).count() == 1

    on_purpose = make_inzage(officer, person, **{"inzage-again": "on"})
    assert on_purpose.status_code == 302
    assert RightsRequest.objects.filter(person=person, kind=RightsRequestKind.INZAGE).count() == 2


def test_an_inzage_of_an_earlier_day_does_not_hold_up_a_new_one(world):
    person = world.case.registration.person
    officer = logged_in(world.users["privacy_officer"])
    assert make_inzage(officer, person).status_code == 302
    RightsRequest.objects.update(recorded_at=timezone.now() - datetime.timedelta(days=2))
    assert "is al een inzagedocument gemaakt" not in subject_page(officer, person)
    assert make_inzage(officer, person).status_code == 302


def test_the_privacy_menu_lands_on_a_page_that_says_requests_are_answered_here(world):
    officer = logged_in(world.users["privacy_officer"])
    html = officer.get(reverse("privacy:subject-search")).content.decode()
    assert "<h1 class=\"utrecht-heading-1\">Betrokkenen</h1>" in html
    intro = html[html.index('data-testid="subject-search-intro"'):]
    intro = intro[:intro.index("</p>")]
    assert "inzageverzoek" in intro and "correctie" in intro and "beperking" in intro


def test_the_menu_item_is_named_after_the_page_it_opens(world):
    html = logged_in(world.users["privacy_officer"]).get(reverse("worklists:home")).content.decode()
    link = re.search(r'<a[^>]*href="%s"[^>]*>([^<]*)</a>' % re.escape(reverse("privacy:subject-search")), html)
    assert link and link.group(1).strip() == "Betrokkenen"
