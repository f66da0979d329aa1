"""Keyboard only: a procesregisseur who does not use a mouse logs in, skips to the content, works on the plan
and the participants inline (htmx), closes the case and runs a meeting. The focus must always be visible and
land where the work goes on, never at the top of the page after an inline step (WCAG 2.1.1, 2.4.3, 2.4.7;
docs/decisions/0005). And the header's language switch turns the interface to English and back."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from procesregie.meetings.models import AgendaItem, Meeting
from tests import factories as f
from tests.accounts.helpers import totp_code
from tests.factories import PASSWORD

from .browser import assert_accessible, confirmed_device, login

pytestmark = pytest.mark.browser

MAX_TABS = 150

_FOCUSED = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  return {
    tag: element.tagName.toLowerCase(),
    // innerText puts a space before the visually hidden part of a name ("Deelname beëindigen : Politie").
    text: (element.innerText || element.value || "").trim().replace(/\\s+/g, " ").replace(/ ([:,.])/g, "$1"),
    label: element.labels && element.labels.length ? element.labels[0].innerText.trim() : "",
    id: element.id,
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
    shadow: style.boxShadow !== "none",
    visible: element.getBoundingClientRect().width > 0 && element.getBoundingClientRect().height > 0,
  };
}"""


def focused(page: Page) -> dict | None:
    return page.evaluate(_FOCUSED)


def assert_focus_visible(page: Page) -> dict:
    now = focused(page)
    assert now and now["visible"] and (now["outline"] or now["shadow"]), f"focus is not visible: {now}"
    return now


def settled(page: Page) -> None:
    """Wait until htmx has finished its swap (its classes are gone): a form swapped in is only an htmx form once
    settled. A person never types that fast, but Playwright does; the browser's own autofocus can come first."""
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added")).to_have_count(0)


def tab_to(page: Page, text: str) -> dict:
    """Press Tab until the focused element's text (or its label) starts with `text`; it must be visibly focused."""
    settled(page)
    seen = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = focused(page)
        if now and (now["text"].startswith(text) or now["label"].startswith(text)):
            return assert_focus_visible(page)
        seen.append(now and (now["text"] or now["label"] or now["tag"])[:40])
    raise AssertionError(f"{text!r} not reached with {MAX_TABS} Tab presses; focus went through {seen}")


def test_a_keyboard_user_does_the_daily_work_without_a_mouse(chain_world, contexts):
    world = chain_world
    regisseur = world.users["regisseur"]
    page, watch = contexts.page()

    # Log in: the username field has the focus; Enter submits each step.
    page.goto(reverse("accounts:login"))
    page.keyboard.type(regisseur.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:verify"))))
    page.keyboard.type(totp_code(confirmed_device(regisseur)))
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()

    # The first Tab reaches the skip link, which shows itself and moves focus to the content.
    page.goto(reverse("casework:case-detail", args=[world.case.pk]))
    page.keyboard.press("Tab")
    assert assert_focus_visible(page)["text"] == "Direct naar de inhoud"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    # A goal, inline: Enter on "Doel toevoegen" puts the focus in the form's first field.
    plan = page.locator("#plan")
    tab_to(page, "Doel toevoegen")
    page.keyboard.press("Enter")
    expect(plan.get_by_label("Leefgebied")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(plan.get_by_label("Leefgebied")).not_to_have_value("")
    page.keyboard.press("Tab")
    expect(plan.get_by_label("Doel", exact=True)).to_be_focused()
    page.keyboard.type("Met het toetsenbord: een vaste woonplek")
    tab_to(page, "Opslaan")
    page.keyboard.press("Enter")
    message = plan.get_by_role("status").filter(has_text="Het doel is toegevoegd.")
    expect(message).to_be_focused()  # the saved section keeps the focus: no jump to the top of the page
    expect(plan.get_by_text("Met het toetsenbord: een vaste woonplek")).to_be_visible()

    # Opening a form and cancelling it: the focus returns to the section, not to the top of the page.
    tab_to(page, "Interventie afspreken")
    page.keyboard.press("Enter")
    expect(plan.get_by_label("Interventie", exact=True)).to_be_focused()
    tab_to(page, "Annuleren")
    page.keyboard.press("Enter")
    expect(plan.get_by_role("heading", level=2, name="Plan van aanpak")).to_be_focused()

    # A partner joins: open "Deelnemer toevoegen" (the form is fetched then), choose in the list, Enter on
    # "Toevoegen"; the focus stays in the participants.
    participants = page.locator("#participants")
    tab_to(page, "Deelnemer toevoegen")
    page.keyboard.press("Enter")
    expect(participants.get_by_label("Organisatie toevoegen")).to_be_visible()
    tab_to(page, "Organisatie toevoegen")
    page.keyboard.type("Reclassering")
    tab_to(page, "Toevoegen")
    page.keyboard.press("Enter")
    expect(participants.locator("[role=status] > *", has_text="Reclassering (synthetisch) neemt nu deel aan de casus."
                                ).first).to_be_focused()

    # ... and leaves again: the focus stays in the section, it does not fall back to the start of the page.
    tab_to(page, "Deelname beëindigen: Reclassering")
    page.keyboard.press("Enter")
    expect(participants.locator("[role=status] > *", has_text="De deelname van Reclassering (synthetisch) is beëindigd."
                                ).first).to_be_focused()

    # Close the case: Tab reaches the first closing reason, Space chooses it, the end date is today; the goal is
    # still open, so the confirmation is ticked too; Enter closes.
    page.goto(reverse("casework:case-close", args=[world.case.pk]))
    tab_to(page, "Positief")
    page.keyboard.press("Space")
    tab_to(page, "Ja, sluit de casus af")
    page.keyboard.press("Space")
    tab_to(page, "Casus afsluiten")
    page.keyboard.press("Enter")
    expect(page.get_by_text("De casus is afgesloten.")).to_be_visible()
    world.case.refresh_from_db()
    assert world.case.status == "closed" and world.case.end_reason.code == "positief"
    watch.assert_clean()


def test_the_language_switch_turns_the_interface_english_and_back(world, page, watch):
    login(page, world.users["regisseur"])
    case_page = reverse("casework:case-detail", args=[world.case.pk])
    page.goto(case_page)
    tab_to(page, "English")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(case_page) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_role("heading", name="Plan of action")).to_be_visible()
    assert_accessible(page, "case-page-english")

    page.goto(reverse("worklists:home"))  # the choice holds on the next page
    expect(page.get_by_role("heading", level=1, name="My work")).to_be_visible()
    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1, name="Mijn werk")).to_be_visible()
    watch.assert_clean()


def test_a_keyboard_user_runs_a_meeting_without_a_mouse(chain_world, contexts):
    """Put a case on the agenda, record the discussion, move an item: after each inline step the focus is on
    the message or the moved item's button, never back at the top of the page."""
    world = chain_world
    table = world.case.table
    second = f.CaseFactory(registration__approach=table.approach, table=table,
                           registration__person__given_name="Tweede", registration__person__family_name="Casus")
    meeting = Meeting.objects.create(ref="O-TOETS0001", table=table, date=timezone.localdate())
    AgendaItem.objects.create(meeting=meeting, case=second, position=1)
    page, watch = contexts.page()
    login(page, world.users["regisseur"])
    page.goto(reverse("meetings:meeting-detail", args=[meeting.pk]))
    agenda = page.locator("#agenda")

    tab_to(page, "Casus op de agenda zetten")
    page.keyboard.press("Enter")
    expect(agenda.get_by_label("Casus", exact=True)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(agenda.get_by_label("Casus", exact=True)).to_have_value(str(world.case.pk))
    tab_to(page, "Op de agenda zetten")
    page.keyboard.press("Enter")
    expect(agenda.locator("[role=status] > *", has_text="De casus staat op de agenda.")).to_be_focused()

    item = agenda.locator("#agendapunt-2")  # the case just added
    expect(item).to_contain_text(world.case.registration.ref)
    tab_to(page, "Bespreking vastleggen (agendapunt 2)")
    page.keyboard.press("Enter")
    expect(item.get_by_role("heading", name="Bespreking vastleggen")).to_be_focused()
    tab_to(page, "De cliënt was aan tafel")
    page.keyboard.press("Space")
    tab_to(page, "Notities")
    page.keyboard.type("Besproken met alleen het toetsenbord")
    tab_to(page, "Bespreking opslaan")
    page.keyboard.press("Enter")
    expect(item.get_by_role("status")).to_be_focused()
    expect(item.get_by_text("Besproken met alleen het toetsenbord")).to_be_visible()

    tab_to(page, "Besluit toevoegen (agendapunt 2)")
    page.keyboard.press("Enter")
    expect(item.get_by_label("Besluit", exact=True)).to_be_focused()
    tab_to(page, "Annuleren")
    page.keyboard.press("Enter")
    expect(item.get_by_role("heading", level=3)).to_be_focused()

    # Item 2 moves up to the top: its "Omhoog" is gone, so its "Omlaag" has the focus; moving back down, "Omlaag"
    # is gone at the bottom and "Omhoog" takes it.
    moved = AgendaItem.objects.get(meeting=meeting, case=world.case)
    tab_to(page, "Omhoog (agendapunt 2)")
    page.keyboard.press("Enter")
    expect(page.locator(f"#agendapunt-{moved.pk}-omlaag")).to_be_focused()
    expect(agenda.locator("article").first).to_contain_text(world.case.registration.ref)
    settled(page)
    page.keyboard.press("Enter")
    expect(page.locator(f"#agendapunt-{moved.pk}-omhoog")).to_be_focused()
    expect(agenda.locator("article").last).to_contain_text(world.case.registration.ref)
    assert assert_focus_visible(page)["text"].startswith("Omhoog")
    watch.assert_clean()
