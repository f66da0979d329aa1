"""Issue 14 §3 in the browser (Debian's chromium): the privacy officer reviews a destruction list and destroys.

- `procesregie retention propose`'s service finds three persons past their dates (declined registrations of 2015);
  one of them was excluded on an earlier list, with a reason.
- The officer finds "Vernietigingslijsten" in the menu with the count of items to review, opens the list, reads why each item is
  due and the earlier exclusion, sends an exclusion without a reason (the error, nothing changed), then with a reason;
  approves one item, then approves the rest with "Alle ... items goedkeuren" and a reason.
- "Vernietigen" asks for confirmation (refused without it), then destroys the approved items and shows the record:
  counts, rules and who decided, no name; the excluded person is untouched.
- axe-core finds no WCAG 2.1 A/AA violation on any of these pages; no CSP violation, dialog or script error.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from procesregie.retention.models import Decision, DestructionItem, DestructionList, ItemKind, Phase
from procesregie.retention.services.proposing import destruction_list_propose
from procesregie.subjects.models import Person
from tests import factories as f

from .browser import assert_accessible, login

pytestmark = pytest.mark.browser


def declined_in_2015(given_name: str, family_name: str) -> Person:
    registration = f.RegistrationFactory(declined=True, registered_on=datetime.date(2015, 1, 1),
                                         person__given_name=given_name, person__family_name=family_name)
    return registration.person


@pytest.fixture
def proposed(world):
    officer = world.users["privacy_officer"]
    world.kept = declined_in_2015("Karel", "Uitzondering")
    world.first = declined_in_2015("Anna", "Goedkeuring")
    world.third = declined_in_2015("Bram", "Allemaal")
    earlier = DestructionList.objects.create(as_of=datetime.date(2024, 1, 1), closed_at=timezone.now())
    DestructionItem.objects.create(
        destruction_list=earlier, kind=ItemKind.PERSON, person=world.kept, due_on=datetime.date(2016, 1, 15),
        phase=Phase.DECLINED_REGISTRATION, decision=Decision.EXCLUDED, decided_by=officer,
        decided_at=timezone.now() - datetime.timedelta(days=300), decision_reason="Bezwaarprocedure liep nog.",
    )
    world.destruction_list = destruction_list_propose(actor=None, as_of=timezone.localdate())
    assert world.destruction_list.items.count() == 3
    return world


def item_article(page, person: Person):
    return page.locator("article", has=page.get_by_role("heading", name=re.compile(re.escape(person.family_name))))


def test_the_privacy_officer_reviews_a_list_and_destroys(proposed, contexts):
    world = proposed
    page, watch = contexts.page()
    login(page, world.users["privacy_officer"])

    menu_item = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=re.compile("^Vernietigingslijsten"))
    expect(menu_item).to_contain_text("3")
    menu_item.click()
    expect(page.get_by_role("heading", level=1, name="Vernietigingslijsten")).to_be_visible()
    assert_accessible(page, "destruction-lists")
    page.locator(f'tr[data-list="{world.destruction_list.pk}"]').get_by_role("link", name=re.compile("^Peildatum")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vernietigingslijst, peildatum")
    expect(page.locator("article")).to_have_count(3)

    kept = item_article(page, world.kept)
    expect(kept.get_by_test_id("why-due")).to_contain_text("Afgewezen aanmelding")
    expect(kept.get_by_test_id("why-due")).to_contain_text("standaardregel van het huis")
    expect(kept.get_by_test_id("earlier-exclusions")).to_contain_text("Bezwaarprocedure liep nog.")
    assert_accessible(page, "destruction-list")

    # An exclusion without a reason is refused; with one it is saved.
    kept.locator("summary", has_text="Uitzonderen").click()
    kept.get_by_role("button", name="Uitzonderen").click()
    kept = item_article(page, world.kept)
    expect(kept.locator(".procesregie-error-summary")).to_contain_text("Geef de reden waarom dit item niet wordt vernietigd.")
    assert_accessible(page, "destruction-list-exclusion-error")
    kept.get_by_label("Reden van de uitzondering").fill("Nieuwe bezwaarprocedure loopt; opnieuw bekijken in 2027.")
    kept.get_by_role("button", name="Uitzonderen").click()
    expect(page.get_by_text("Uitgezonderd van vernietiging.")).to_be_visible()
    expect(item_article(page, world.kept).get_by_test_id("decision")).to_contain_text("uitgezonderd")

    # Approve one, then all that are left.
    item_article(page, world.first).get_by_role("button", name="Goedkeuren").click()
    expect(page.get_by_text("Goedgekeurd voor vernietiging.")).to_be_visible()
    expect(item_article(page, world.first).get_by_test_id("decision")).to_contain_text("goedgekeurd")
    page.get_by_label("Reden van de goedkeuring").fill("Gecontroleerd: geen lopende zaken of verzoeken.")
    page.get_by_role("button", name="1 item goedkeuren").click()
    expect(page.get_by_text("1 item goedgekeurd voor vernietiging.")).to_be_visible()
    expect(menu_item).not_to_contain_text(re.compile(r"\d"))
    assert_accessible(page, "destruction-list-decided")

    # Vernietigen: confirmation first.
    page.get_by_role("link", name="Vernietigen", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Vernietigen")).to_be_visible()
    expect(page.locator("#run-count")).to_contain_text("2 goedgekeurde items van deze lijst worden vernietigd.")
    assert_accessible(page, "destruction-run")
    page.get_by_role("button", name="Definitief vernietigen").click()
    expect(page.locator(".procesregie-error-summary")).to_contain_text("Bevestig dat u de goedgekeurde items wilt vernietigen.")
    assert Person.objects.filter(pk=world.first.pk, destroyed_on__isnull=True).exists()
    assert_accessible(page, "destruction-run-error")
    page.get_by_label("Ik begrijp dat de vernietiging niet ongedaan kan worden gemaakt.").check()
    page.get_by_role("button", name="Definitief vernietigen").click()

    expect(page.get_by_text("Vernietigd: 2, vervallen: 0.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verslag van de vernietigingslijst")
    main = page.locator("main")
    expect(page.get_by_test_id("record-status")).to_contain_text("afgerond op")
    expect(main).to_contain_text("personen")
    for person in (world.kept, world.first, world.third):
        assert person.family_name not in main.inner_text()
    assert "bezwaarprocedure" not in main.inner_text().lower()
    assert_accessible(page, "destruction-record")

    assert Person.objects.get(pk=world.kept.pk).family_name == "Uitzondering"
    assert Person.objects.get(pk=world.first.pk).destroyed_on == timezone.localdate()
    assert Person.objects.get(pk=world.third.pk).destroyed_on == timezone.localdate()
    page.goto(reverse("retention:destruction-lists"))
    expect(page.locator(f'tr[data-list="{world.destruction_list.pk}"]')).to_have_attribute("data-state", "closed")
    watch.assert_clean()


def test_deciding_an_item_on_page_2_stays_on_page_2(world, contexts, monkeypatch):
    """UX review: on page 2 of a long list, "Uitzonderen" without a reason showed page 1 (neither the item nor its
    error), and a decision sent the officer back to page 1. Now both stay on page 2, with the item."""
    from procesregie.retention import destruction_lists

    monkeypatch.setattr(destruction_lists, "ITEMS_PER_PAGE", 2)
    declined_in_2015("Eerste", "Paginaeen")
    declined_in_2015("Tweede", "Paginaeen")
    last = declined_in_2015("Derde", "Paginatwee")
    the_list = destruction_list_propose(actor=None, as_of=timezone.localdate())
    last_due = the_list.items.get(person=last)
    the_list.items.exclude(pk=last_due.pk).update(due_on=datetime.date(2015, 6, 1))  # the last one sorts last
    page, watch = contexts.page()
    login(page, world.users["privacy_officer"])
    page.goto(reverse("retention:destruction-list", args=[the_list.pk]) + "?page=2")
    expect(page.get_by_text("Pagina 2 van 2")).to_be_visible()

    item = item_article(page, last)
    item.locator("summary", has_text="Uitzonderen").click()
    item.get_by_role("button", name="Uitzonderen").click()
    expect(page.get_by_text("Pagina 2 van 2")).to_be_visible()
    item = item_article(page, last)
    expect(item.locator(".procesregie-error-summary")).to_contain_text("Geef de reden waarom dit item niet wordt vernietigd.")
    assert_accessible(page, "destruction-list-page-2-error")

    item.get_by_label("Reden van de uitzondering").fill("Lopende bezwaarprocedure.")
    item.get_by_role("button", name="Uitzonderen").click()
    expect(page.get_by_text("Uitgezonderd van vernietiging.")).to_be_visible()
    expect(page.get_by_text("Pagina 2 van 2")).to_be_visible()
    expect(item_article(page, last).get_by_test_id("decision")).to_contain_text("uitgezonderd")
    assert re.search(rf"\?page=2#item-{last_due.pk}$", page.url)
    assert DestructionItem.objects.get(pk=last_due.pk).decision == Decision.EXCLUDED
    watch.assert_clean()
