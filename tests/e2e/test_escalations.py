"""Issue 13 §3 in the browser (Debian's chromium): a participating partner escalates a stuck case; a manager of the house
sees it in the work list with its age, opens it and resolves it; the outcome is on the case's timeline.

- The partner (police, taking part in the world's case) opens "Escaleren naar de managers van het huis" on the case
  page, first sends the form empty (the errors on a page of their own, the focus on them), then with a reason, an
  explanation and the intervention the police itself does not manage to start.
- The manager reads on /werk/ how many escalations are open and how old the oldest is, finds "Escalaties" in the
  menu with the number of open ones, and the list (open ones by default) with the oldest first, each with its days
  open; the page of the escalation shows neither the subject's name nor the intervention
  (the case's plan); the manager resolves it with an outcome and an explanation.
- The partner who raised it reads the outcome among "Uw escalaties" on /werk/; the partner and the procesregisseur
  read "Escalatie afgehandeld: afspraak gemaakt" on the timeline.
- axe-core finds no WCAG 2.1 A/AA violation on any of these pages; no CSP violation, dialog or script error.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from procesregie.escalations.models import Escalation
from procesregie.plans.models import CaseIntervention
from tests import factories as f

from .browser import assert_accessible, login

pytestmark = pytest.mark.browser


@pytest.fixture
def stuck(world):
    """The world's case with an intervention the police carries (agreed two months ago) and the world's open
    escalation, raised when the case started."""
    world.intervention = CaseIntervention.objects.create(
        case=world.case, intervention=f.InterventionFactory(name="Schuldhulpverlening"),
        organisation=world.users["participant"].organisation,
        agreed_on=timezone.localdate() - datetime.timedelta(days=60),
    )
    return world


def test_a_partner_escalates_and_a_manager_resolves(stuck, contexts):
    world = stuck
    case_url = reverse("casework:case-detail", args=[world.case.pk])
    older_age = (timezone.localdate() - world.escalation.raised_on).days

    # The partner escalates from the case page.
    page, watch = contexts.page()
    login(page, world.users["participant"])
    page.goto(case_url)
    section = page.locator("#escalations")
    expect(section.get_by_role("heading", name="Escalaties")).to_be_visible()
    expect(section.get_by_label("Reden")).to_have_count(0)  # the form is fetched when the fold opens, not before
    section.locator("summary", has_text="Escaleren naar de managers van het huis").click()
    expect(section.get_by_label("Reden")).to_be_visible()
    assert_accessible(page, "escalations-case-page-form")
    section.get_by_role("button", name="Escaleren").click()  # empty: the errors on a page of their own
    expect(page.get_by_role("heading", level=1, name="Escaleren naar de managers van het huis")).to_be_visible()
    expect(page.locator(".procesregie-error-summary")).to_be_focused()
    expect(page.get_by_role("link", name=re.compile("Reden: Kies de reden"))).to_be_visible()
    assert_accessible(page, "escalations-raise-errors")
    page.get_by_label("Reden").select_option(label="een partner levert een afgesproken interventie niet")
    page.get_by_label("Toelichting").fill("De schuldhulp is na twee maanden nog niet gestart; de wachtlijst loopt op.")
    page.get_by_label(re.compile("^Betreft interventie")).select_option(label="Schuldhulpverlening (Politie (synthetisch))")
    page.get_by_role("button", name="Escaleren").click()
    expect(page).to_have_url(re.compile(re.escape(case_url) + "#escalations$"))
    expect(page.get_by_text("De casus is geëscaleerd naar de managers van het huis.")).to_be_visible()
    expect(section.locator("li[data-state=open]")).to_have_count(2)
    expect(page.locator('#timeline li[data-kind="escalation"]').first).to_contain_text(
        "Geëscaleerd door Politie (synthetisch): een partner levert een afgesproken interventie niet")
    escalation = Escalation.objects.exclude(pk=world.escalation.pk).get()
    assert escalation.concerns_intervention == world.intervention
    assert_accessible(page, "escalations-case-page-escalated")

    # The manager: /werk/ says what waits, the menu's count, the work list with ages, the escalation's page, the
    # resolution.
    manager_page, manager_watch = contexts.page()
    login(manager_page, world.users["manager"])
    manager_page.goto(reverse("worklists:home"))
    expect(manager_page.locator("#escalations-waiting")).to_contain_text(
        f"2 open escalaties, de oudste {older_age} dagen open.")
    assert_accessible(manager_page, "escalations-werk-manager")
    menu_item = manager_page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=re.compile("^Escalaties"))
    expect(menu_item).to_contain_text("2")
    menu_item.click()
    expect(manager_page.get_by_role("heading", level=1, name="Escalaties")).to_be_visible()
    rows = manager_page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(f"{older_age} dagen")
    expect(rows.nth(1)).to_contain_text("0 dagen")
    expect(rows.nth(1)).to_contain_text("Politie (synthetisch)")
    assert "Geheime" not in manager_page.content() and "Persoon" not in manager_page.locator("main").inner_text()
    assert_accessible(manager_page, "escalations-work-list")
    expect(manager_page.get_by_label("Status")).to_have_value("open")  # as the menu counts them
    expect(manager_page.get_by_text("Open een escalatie om haar af te handelen.")).to_be_visible()
    rows.nth(1).get_by_role("link", name=world.case.registration.ref).click()
    expect(manager_page.get_by_role("heading", level=1)).to_contain_text(world.case.registration.ref)
    main = manager_page.locator("main")
    expect(main).to_contain_text("De schuldhulp is na twee maanden nog niet gestart")
    expect(main).to_contain_text("0 dagen open")
    assert "Schuldhulpverlening" not in main.inner_text() and "Geheime" not in main.inner_text()
    assert_accessible(manager_page, "escalations-detail-open")
    manager_page.get_by_label("Uitkomst").select_option(label="afspraak gemaakt")
    manager_page.get_by_label("Toelichting").fill("De schuldhulp start volgende week; de politie meldt zich bij de regisseur.")
    manager_page.get_by_role("button", name="Afhandelen").click()
    expect(manager_page.get_by_text("De escalatie is afgehandeld.")).to_be_visible()
    expect(main).to_contain_text("afspraak gemaakt")
    expect(manager_page.get_by_label("Uitkomst")).to_have_count(0)
    assert_accessible(manager_page, "escalations-detail-resolved")
    manager_page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name="Escalaties").click()
    expect(rows).to_have_count(1)  # the open one left
    expect(menu_item).to_contain_text("1")
    manager_page.get_by_label("Status").select_option(label="Open en afgehandeld")
    manager_page.get_by_role("button", name="Filteren").click()
    expect(rows.nth(0)).to_have_attribute("data-state", "open")
    expect(rows.nth(1)).to_contain_text("afgehandeld: afspraak gemaakt")
    expect(rows.nth(1)).to_contain_text("doorlooptijd 0 dagen")

    # The partner who raised it reads the outcome on /werk/, and opens the escalation from there.
    page.goto(reverse("worklists:home"))
    own = page.locator("#own-escalations li[data-state=afgehandeld]")
    expect(own).to_contain_text("afspraak gemaakt")
    assert_accessible(page, "escalations-werk-raiser")
    own.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.case.registration.ref)
    expect(page.locator("main")).to_contain_text("De schuldhulp start volgende week")

    # On the case's timeline, for the partner and the procesregisseur.
    regisseur_page, regisseur_watch = contexts.page()
    login(regisseur_page, world.users["regisseur"])
    for reader_page in (page, regisseur_page):
        reader_page.goto(case_url)
        expect(reader_page.locator('#timeline li[data-kind="escalation-resolved"]')).to_contain_text(
            "Escalatie afgehandeld: afspraak gemaakt: De schuldhulp start volgende week")
        expect(reader_page.locator("#escalations li[data-state=afgehandeld]")).to_have_count(1)
    for each in (watch, manager_watch, regisseur_watch):
        each.assert_clean()
