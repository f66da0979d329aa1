"""Issue 12 §2 and §3 in the browser (Debian's chromium): a police partner's week of meetings.

- The police officer prepares the coming meeting with the case summary (HTML and the PDF download): the agenda shows
  the police's case and only counts the other one; the regisseur's draft notes do not show.
- After the meeting the officer reads the notes and decisions of the police's agenda item (on the meeting page and on
  the case page) and nothing of the municipality's item, not even how many decisions it got.
- The officer sets the status of the intervention the police carry, and posts a short update on the case: it shows on
  the timeline; the update's form works by keyboard alone.
- The procesregisseur prepares the coming meeting inline by keyboard only (draft notes), and on the held meeting opens
  the decision form with its owner, person, date and goal.
- axe-core finds no WCAG 2.1 A/AA violation on any new or changed page; the CSP is never broken.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from procesregie.casework.models import Participation
from procesregie.meetings.models import AgendaItem, Decision, Discussion, Meeting
from procesregie.plans.models import CaseIntervention, CaseUpdate, Goal, InterventionStatus
from tests import factories as f

from .browser import assert_accessible, login
from .test_keyboard import focused, settled, tab_to

pytestmark = pytest.mark.browser


@pytest.fixture
def week(world):
    """Table A (members: police, municipality) met yesterday and meets again in three days. On both agendas:
    1. `world.case` (the police take part), 2. a case of the municipality's. Yesterday's meeting recorded notes and
    decisions for both; one of the police case's decisions became an intervention the police carry."""
    police = world.users["participant"].organisation
    municipality = world.users["other_org"].organisation
    table = world.case.table
    table.name = "Casusoverleg Top X"
    table.save()
    table.members.add(police, municipality)
    hidden = f.CaseFactory(registration__approach=table.approach, table=table,
                           registration__person__given_name="Verborgen", registration__person__family_name="Zaak")
    Participation.objects.create(case=hidden, organisation=municipality)
    today = timezone.localdate()
    domain = f.LifeDomainFactory(code="financien", name="Financiën", position=1)
    goal = Goal.objects.create(case=world.case, domain=domain, description="Schulden zijn in beeld")
    world.case.registration.reason = "Overlast en oplopende schulden"
    world.case.registration.save()

    held = Meeting.objects.create(ref="O-WEEK-1", table=table, date=today - datetime.timedelta(days=1), location="Zaal 2")
    upcoming = Meeting.objects.create(ref="O-WEEK-2", table=table, date=today + datetime.timedelta(days=3),
                                      location="Zaal 4")
    for meeting in (held, upcoming):
        AgendaItem.objects.create(meeting=meeting, case=world.case, position=1)
        AgendaItem.objects.create(meeting=meeting, case=hidden, position=2)
    own, other = held.agenda_items.order_by("position")
    Discussion.objects.create(meeting=held, case=world.case, date=held.date, notes="Politie-notitie: huisbezoek gedaan",
                              version=1)
    Discussion.objects.create(meeting=held, case=hidden, date=held.date, notes="Geheime-notitie van de gemeente",
                              version=1)
    carried = CaseIntervention.objects.create(
        case=world.case, intervention=f.InterventionFactory(code="wijkagent", name="Wijkagent op bezoek"),
        organisation=police, responsible_person=world.users["participant"], goal=goal, agreed_on=held.date,
        due_date=today + datetime.timedelta(days=14),
    )
    Decision.objects.create(agenda_item=own, text="Wijkagent gaat langs", case_intervention=carried, owner=police,
                            owner_person=world.users["participant"], due_date=carried.due_date)
    for n in range(3):
        Decision.objects.create(agenda_item=other, text=f"Gemeente-besluit-{n}", owner=municipality,
                                due_date=today + datetime.timedelta(days=7))
    upcoming_own = upcoming.agenda_items.get(case=world.case)
    upcoming_own.prepared_notes = "Concept van de regisseur"
    upcoming_own.save()
    return {"held": held, "upcoming": upcoming, "hidden": hidden, "carried": carried, "upcoming_own": upcoming_own,
            "goal": goal}


def agenda_articles(page: Page) -> list[str]:
    return page.locator("#agenda article").all_inner_texts()


def test_a_police_partner_prepares_reads_its_decisions_and_follows_up(world, week, contexts):
    case = world.case
    page, watch = contexts.page(accept_downloads=True)
    login(page, world.users["participant"])

    # --- preparing the coming meeting -----------------------------------------------------------------------
    page.goto(reverse("meetings:meeting-detail", args=[week["upcoming"].pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Casusoverleg Top X")
    articles = agenda_articles(page)
    assert len(articles) == 1 and case.registration.ref in articles[0]
    expect(page.get_by_text("En 1 andere casus die uw organisatie niet kan inzien.")).to_be_visible()
    body = page.content()
    for secret in ("Verborgen", "Zaak", week["hidden"].registration.ref, "Concept van de regisseur"):
        assert secret not in body, secret
    assert_accessible(page, "week-meetings-upcoming-partner")

    page.get_by_role("link", name=re.compile("^Casusoverzicht")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Casusoverzicht")
    for expected in ("Overlast en oplopende schulden", "Schulden zijn in beeld", "Wijkagent op bezoek",
                     "Wijkagent gaat langs", "Politie (synthetisch)"):
        expect(page.get_by_text(expected, exact=False).first).to_be_visible()
    assert "Gemeente-besluit" not in page.content() and "Verborgen" not in page.content()
    assert_accessible(page, "week-meetings-case-summary")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als PDF").click()
    pdf = download.value
    assert pdf.suggested_filename.startswith(f"casusoverzicht-{case.registration.ref}-")
    with open(pdf.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # --- after the meeting: its own item's notes and decisions, nothing of the other -----------------------------
    page.goto(reverse("meetings:meeting-detail", args=[week["held"].pk]))
    expect(page.get_by_text("Politie-notitie: huisbezoek gedaan")).to_be_visible()
    expect(page.get_by_text("Wijkagent gaat langs")).to_be_visible()
    body = page.content()
    for secret in ("Geheime-notitie", "Gemeente-besluit", "Verborgen", week["hidden"].registration.ref):
        assert secret not in body, secret
    assert page.locator("#agenda .procesregie-decisions li").count() == 1  # no count of the other item's decisions
    assert_accessible(page, "week-meetings-held-partner")

    page.goto(reverse("casework:case-detail", args=[case.pk]))
    discussions = page.locator("#besprekingen")
    if page.locator("details#deel-besprekingen").get_attribute("open") is None:  # folded when there are many
        page.locator("details#deel-besprekingen > summary").click()
    expect(discussions.get_by_text("Politie-notitie: huisbezoek gedaan")).to_be_visible()
    expect(discussions.get_by_text("Wijkagent gaat langs")).to_be_visible()
    assert "Concept van de regisseur" not in page.content()
    assert_accessible(page, "week-meetings-case-page-partner")

    # --- the police carry the intervention: its status -------------------------------------------------------------
    page.goto(reverse("meetings:meeting-detail", args=[week["held"].pk]))
    page.get_by_role("link", name="Status wijzigen Wijkagent op bezoek").click()
    expect(page.get_by_label("Status")).to_be_visible()
    assert_accessible(page, "week-meetings-intervention-status")
    page.get_by_label("Status").select_option(label="loopt")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De interventie is gewijzigd.")).to_be_visible()
    week["carried"].refresh_from_db()
    assert week["carried"].status == InterventionStatus.RUNNING

    # --- a short update, by keyboard only -----------------------------------------------------------------------
    page.goto(reverse("casework:case-detail", args=[case.pk]))
    tab_to(page, "Korte update voor de deelnemers")
    page.keyboard.type("Huisbezoek afgelegd, gesprek bij de schuldhulp gepland")
    tab_to(page, "Update plaatsen")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Uw update staat op de tijdlijn van de casus.")).to_be_visible()
    expect(page.locator("#timeline").get_by_text("Huisbezoek afgelegd, gesprek bij de schuldhulp gepland")).to_be_visible()
    assert CaseUpdate.objects.get().organisation == world.users["participant"].organisation
    assert_accessible(page, "week-meetings-case-page-update")
    watch.assert_clean()

    # The municipality reads the update on the timeline of its own case? No: it does not take part in this one.
    other, other_watch = contexts.page()
    login(other, world.users["other_org"])
    response = other.goto(reverse("casework:case-detail", args=[case.pk]))
    assert response.status == 404
    other.goto(reverse("meetings:meeting-detail", args=[week["held"].pk]))
    expect(other.get_by_text("Geheime-notitie van de gemeente")).to_be_visible()
    assert "Politie-notitie" not in other.content() and "Huisbezoek afgelegd" not in other.content()
    other_watch.assert_clean()


def test_the_regisseur_prepares_by_keyboard_and_decides_with_an_owner(world, week, contexts):
    page, watch = contexts.page()
    login(page, world.users["regisseur"])

    # Before the meeting: only the preparation is offered, inline, by keyboard.
    page.goto(reverse("meetings:meeting-detail", args=[week["upcoming"].pk]))
    agenda = page.locator("#agenda")
    expect(agenda.get_by_role("link", name=re.compile("^Bespreking vastleggen"))).to_have_count(0)
    expect(agenda.get_by_role("link", name=re.compile("^Besluit toevoegen"))).to_have_count(0)
    assert_accessible(page, "week-meetings-upcoming-regisseur")
    item = agenda.locator("#agendapunt-1")
    tab_to(page, "Bespreking voorbereiden (agendapunt 1)")
    page.keyboard.press("Enter")
    notes = item.get_by_label("Voorbereiding")
    expect(notes).to_be_focused()
    expect(notes).to_have_value("Concept van de regisseur")
    assert_accessible(page, "week-meetings-prepare-form")
    page.keyboard.press("End")
    page.keyboard.type(", en vragen naar de schulden")
    tab_to(page, "Voorbereiding opslaan")
    page.keyboard.press("Enter")
    expect(item.get_by_role("status")).to_be_focused()
    expect(item.get_by_text("Concept van de regisseur, en vragen naar de schulden")).to_be_visible()
    settled(page)
    assert focused(page)["text"].startswith("De voorbereiding is opgeslagen.")
    week["upcoming_own"].refresh_from_db()
    assert week["upcoming_own"].prepared_notes == "Concept van de regisseur, en vragen naar de schulden"

    # After the meeting: the decision form asks who follows it up, by when, and for which goal.
    page.goto(reverse("meetings:meeting-detail", args=[week["held"].pk]))
    agenda = page.locator("#agenda")
    item = agenda.locator("#agendapunt-1")
    expect(item.get_by_text("Verantwoordelijk", exact=False).first).to_be_visible()
    item.get_by_role("link", name=re.compile("^Besluit toevoegen")).click()
    expect(item.get_by_label("Besluit", exact=True)).to_be_focused()
    assert_accessible(page, "week-meetings-decision-form")
    item.get_by_label("Besluit", exact=True).fill("Schuldhulp start deze maand")
    item.get_by_label("Uitvoerende organisatie").select_option(label="Politie (synthetisch)")
    officer = world.users["participant"]
    item.get_by_label("Contactpersoon (optioneel)").select_option(
        label=f"{officer.get_full_name() or officer.username} ({officer.organisation})")
    item.get_by_label("Uiterste datum").fill((timezone.localdate() + datetime.timedelta(days=30)).isoformat())
    item.get_by_label("Interventie (optioneel)").select_option(label="Wijkagent op bezoek")
    item.get_by_label("Voor het doel (optioneel)").select_option(index=1)
    item.get_by_role("button", name="Besluit vastleggen").click()
    expect(item.get_by_role("status")).to_have_text("Het besluit is vastgelegd.")
    expect(item.get_by_text("Schuldhulp start deze maand")).to_be_visible()
    decision = Decision.objects.get(text="Schuldhulp start deze maand")
    assert (decision.owner, decision.owner_person) == (officer.organisation, officer)
    assert decision.case_intervention.goal == week["goal"]
    assert_accessible(page, "week-meetings-held-regisseur")
    watch.assert_clean()
