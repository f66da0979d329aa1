"""Issue 12 §1, §4 and §5 in the browser (Debian's chromium): a procesregisseur's casework in a week.

- An imported case without procesregisseur says so on its page and gets one assigned there.
- Closing warns about the open goal and interventions and lists them before anything is submitted; without the
  confirmation nothing closes. The closed case offers only reopening; reopening continues the trajectory and shows
  on the timeline.
- The intake queue shows the days each registration waits; the triage is done by keyboard only, choosing a
  participant in the searchable organisation picker (the reporting organisation is already chosen).
- A partner registers a household: the form marks required fields and shows no error styling before input, asks
  urgency and a contact person, and the confirmation lists the members.
- axe-core finds no WCAG 2.1 A/AA violation on any changed page; the CSP is never broken.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from procesregie.casework.models import Case, Participation, Registration, Reopening
from procesregie.plans.models import CaseIntervention, Goal, InterventionStatus
from procesregie.reference.models import Table
from tests import factories as f

from .browser import assert_accessible, login
from .test_keyboard import focused, tab_to

pytestmark = pytest.mark.browser
TODAY = timezone.localdate


def case_url(case) -> str:
    return reverse("casework:case-detail", args=[case.pk])


def open_part(page: Page, part: str) -> None:
    """Unfold a folded part of the case page (casepage/parts.py), if it is folded."""
    details = page.locator(f"details#deel-{part}")
    if details.count() and details.get_attribute("open") is None:
        details.locator("> summary").click()


@pytest.fixture
def plan(world):
    police = world.users["participant"].organisation
    domain = f.LifeDomainFactory(code="huisvesting", name="Huisvesting", position=1)
    goal = Goal.objects.create(case=world.case, domain=domain, description="Een vaste woonplek")
    CaseIntervention.objects.create(
        case=world.case, intervention=f.InterventionFactory(code="schuldhulp", name="Schuldhulpverlening"),
        organisation=police, goal=goal, agreed_on=world.case.start_date, due_date=datetime.date(2027, 3, 1),
    )
    CaseIntervention.objects.create(
        case=world.case, intervention=f.InterventionFactory(code="toezicht", name="Reclasseringstoezicht"),
        organisation=police, agreed_on=world.case.start_date, status=InterventionStatus.RUNNING,
    )
    return goal


def test_a_case_gets_its_regisseur_closes_with_a_warning_and_is_reopened(world, plan, contexts):
    case = world.case
    page, watch = contexts.page()
    login(page, world.users["regisseur"])

    # --- an imported case without procesregisseur -------------------------------------------------------------
    page.goto(reverse("casework:case-regisseur", args=[case.pk]))  # the form's own page (shown again after an error)
    expect(page.get_by_text("Deze casus heeft geen procesregisseur.")).to_be_visible()
    assert_accessible(page, "week-casework-regisseur-page")
    page.goto(case_url(case))
    expect(page.get_by_test_id("procesregisseur")).to_have_text("geen procesregisseur")
    assert_accessible(page, "week-casework-case-without-regisseur")
    page.locator("#regisseur-change summary").click()  # the fold fetches the form when it opens
    page.get_by_label("Procesregisseur toewijzen").select_option(str(world.users["regisseur"].pk))
    page.get_by_role("button", name="Procesregisseur toewijzen").click()
    expect(page.get_by_text("is nu de procesregisseur van deze casus")).to_be_visible()
    expect(page.get_by_test_id("procesregisseur")).not_to_have_text("geen procesregisseur")
    assert Case.objects.get(pk=case.pk).procesregisseur == world.users["regisseur"]

    # --- closing warns about what is open, before submitting ----------------------------------------------------
    page.get_by_role("link", name="Casus afsluiten").click()
    warning = page.get_by_test_id("open-work")
    expect(warning).to_be_visible()
    items = warning.locator("li").all_inner_texts()
    assert items == [
        "Doel (Huisvesting): Een vaste woonplek",
        "Interventie Schuldhulpverlening (Politie (synthetisch), afgesproken, uiterlijk 01-03-2027)",
        "Interventie Reclasseringstoezicht (Politie (synthetisch), loopt)",
    ]
    assert page.evaluate("() => document.querySelectorAll('.utrecht-form-field--invalid, :user-invalid').length") == 0
    assert_accessible(page, "week-casework-close-with-open-work")
    page.get_by_label("Positief afgesloten").check()
    page.get_by_role("button", name="Casus afsluiten").click()
    expect(page.get_by_text("Bevestig dat u de casus afsluit terwijl er nog doelen").first).to_be_visible()
    assert Case.objects.get(pk=case.pk).status == "in_regie"
    assert_accessible(page, "week-casework-close-not-confirmed")
    page.get_by_label("Ja, sluit de casus af terwijl deze doelen en interventies nog open staan").check()
    page.get_by_role("button", name="Casus afsluiten").click()
    expect(page.get_by_text("De casus is afgesloten.")).to_be_visible()
    assert Case.objects.get(pk=case.pk).status == "closed"

    # --- the closed case: reading and reopening only -----------------------------------------------------------
    for action in ("Casus afsluiten", "Overdragen naar een andere aanpak", "Meting vastleggen", "Doel toevoegen",
                   "Interventie afspreken"):
        expect(page.get_by_role("link", name=action)).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Procesregisseur"))).to_have_count(0)
    assert_accessible(page, "week-casework-closed-case")

    page.get_by_role("link", name="Casus heropenen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("heropenen")
    assert_accessible(page, "week-casework-reopen-form")
    page.get_by_role("button", name="Casus heropenen").click()  # without a reason
    expect(page.get_by_text("Geef de reden waarom de casus wordt heropend.").first).to_be_visible()
    page.get_by_label("Reden van heropenen").fill("Terugval na verhuizing")
    page.get_by_role("button", name="Casus heropenen").click()
    expect(page.get_by_text("De casus is heropend; het traject loopt door.")).to_be_visible()
    reopened = Case.objects.get(pk=case.pk)
    assert (reopened.status, reopened.end_date) == ("in_regie", None)
    assert Reopening.objects.get(case=case).reason == "Terugval na verhuizing"
    open_part(page, "tijdlijn")
    expect(page.locator("#timeline").get_by_text("Terugval na verhuizing")).to_be_visible()
    expect(page.get_by_role("link", name="Casus afsluiten")).to_be_visible()
    assert_accessible(page, "week-casework-reopened-case")
    watch.assert_clean()


def test_triage_from_the_intake_queue_with_the_picker_by_keyboard_only(world, contexts):
    table_a = world.case.table
    Table.objects.filter(pk=table_a.pk).update(name="Casusoverleg Noord")
    Table.objects.filter(pk=world.neighbour_case.table_id).update(name="Casusoverleg Zuid")
    for n in range(40):  # the house's many partners
        f.OrganisationFactory(code=f"partner-{n}", name=f"Partner {n:02d} (synthetisch)")
    Registration.objects.filter(pk=world.pending.pk).update(registered_on=TODAY() - datetime.timedelta(days=9),
                                                            urgency="urgent")
    # the same person: registered elsewhere too, and a case in regie at the regisseur's table
    other = f.RegistrationFactory(approach=world.pending.approach, person=world.pending.person,
                                  registered_on=TODAY() - datetime.timedelta(days=2))
    running = f.CaseFactory(registration__approach=world.pending.approach, registration__person=world.pending.person,
                            table=table_a)
    page, watch = contexts.page()
    login(page, world.users["regisseur"])

    page.goto(reverse("casework:intake"))
    expect(page.get_by_test_id("waiting-days")).to_have_text(["9", "2"])
    assert_accessible(page, "week-casework-intake")

    page.goto(reverse("casework:triage", args=[world.pending.pk]))
    expect(page.get_by_test_id("open-registrations")).to_contain_text(other.ref)
    expect(page.get_by_test_id("open-cases")).to_contain_text(running.registration.ref)
    municipality = page.get_by_label("Gemeente (synthetisch)", exact=True)
    expect(municipality).to_be_checked()  # the reporting organisation is already chosen
    expect(page.get_by_text("Gekozen: Gemeente (synthetisch)")).to_be_visible()
    assert_accessible(page, "week-casework-triage")

    tab_to(page, "Multiproblematiek")
    page.keyboard.press("Space")
    tab_to(page, "Accepteren")
    page.keyboard.press("Space")
    tab_to(page, "Overlegtafel")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Overlegtafel")).to_have_value(str(table_a.pk))
    expect(page.get_by_label("Procesregisseur")).to_have_value(str(world.users["regisseur"].pk))  # who triages
    tab_to(page, "Zoek een organisatie")
    page.keyboard.type("politie")
    expect(page.get_by_text("1 organisatie gevonden")).to_be_visible()
    options = page.locator("[data-picker-option]:visible")
    expect(options).to_have_count(2)  # the match, and the chosen municipality that stays
    assert_accessible(page, "week-casework-triage-picker-search")
    page.keyboard.press("Enter")  # to the first match, not submitting the form
    assert focused(page)["label"].startswith("Politie (synthetisch)")
    page.keyboard.press("Space")
    expect(page.get_by_text("Gekozen: Gemeente (synthetisch), Politie (synthetisch)")).to_be_visible()
    tab_to(page, "Besluit vastleggen")
    page.keyboard.press("Enter")

    expect(page.get_by_text("De aanmelding is geaccepteerd; de casus is gestart.")).to_be_visible()
    case = Registration.objects.get(pk=world.pending.pk).case
    assert case.procesregisseur == world.users["regisseur"] and case.table_id == table_a.pk
    organisations = set(Participation.objects.filter(case=case).values_list("organisation__code", flat=True))
    assert organisations == {"gemeente", "politie"}
    watch.assert_clean()


def test_a_partner_registers_a_household_and_sees_its_members(world, contexts):
    approach = f.ApproachFactory(system=True, name="Huiselijk geweld (synthetisch)")
    f.MunicipalityFactory(name="Gemeente Synthetisch")
    page, watch = contexts.page()
    login(page, world.users["participant"])

    page.goto(reverse("casework:registration-create-system"))
    # nothing styled as an error before anything was typed; the required fields say so
    assert page.evaluate("() => document.querySelectorAll(':invalid, [aria-invalid=\"true\"]').length") == 0
    expect(page.get_by_text("Naam van het systeem (verplicht)")).to_be_visible()
    assert_accessible(page, "week-casework-register-household")
    page.get_by_label("Naam van het systeem").fill("Huishouden Synthetisch")
    first, second = page.locator("fieldset").filter(has_text="Lid 1"), page.locator("fieldset").filter(has_text="Lid 2")
    first.get_by_label("Voornaam").fill("Moeder")
    first.get_by_label("Achternaam").fill("Synthetisch")
    first.get_by_label("Rol in het systeem").fill("moeder")
    second.get_by_label("Voornaam").fill("Kind")
    second.get_by_label("Achternaam").fill("Synthetisch")
    second.get_by_label("Rol in het systeem").fill("kind")
    page.get_by_label(re.compile(r"^Aanpak")).select_option(label=approach.name)
    page.get_by_label(re.compile(r"^Gemeente")).select_option(label="Gemeente Synthetisch")
    page.get_by_label("Reden van aanmelding").fill("Zorgen om de kinderen.")
    page.get_by_label("Spoed").check()
    page.get_by_label("Naam contactpersoon").fill("Wijkagent Jansen")
    page.get_by_label("Telefoon contactpersoon").fill("06 1234 5678")
    page.get_by_role("button", name="Aanmelding verzenden").click()

    expect(page.get_by_text("Uw aanmelding is verzonden.")).to_be_visible()
    members = page.get_by_test_id("reported-members")
    expect(members).to_contain_text("Moeder Synthetisch")
    expect(members).to_contain_text("Kind Synthetisch")
    expect(page.get_by_test_id("contact-person")).to_contain_text("Wijkagent Jansen")
    expect(page.get_by_test_id("urgency")).to_have_text("spoed")
    assert_accessible(page, "week-casework-household-confirmation")
    watch.assert_clean()
