"""The whole chain in the browser, as the personas walk it, with every free text once plain and once hostile.

A partner (police) registers two persons; the procesregisseur declines one with advice and accepts the other,
adds a partner (probation), agrees a goal and an intervention, records a nulmeting, holds a meeting with the
case on the agenda (discussion and decision), records an eindmeting and closes the case. The partner of another
organisation (the municipality) finds none of it: not in the lists or the search, 404 on every page.

The `xss` variant types script payloads into EVERY free-text field. The services strip tags (core/text.py), and
`&lt;...&gt;` comes back as literal `<...>` text, so each field's stored text still holds markup that only
output escaping keeps inert: no dialog may open, no element may be injected, and the literal text must show.
Every page visited is checked with axe-core too; the findings are asserted at the end, after the walk.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from procesregie.casework.models import Case, Registration
from procesregie.reference.models import ClosingReason
from tests import factories as f

from .browser import axe_violations, format_violations, login, screenshot

pytestmark = pytest.mark.browser

def text_for(variant: str, field: str) -> tuple[str, str]:
    """(what is typed, what must show) for one free-text field."""
    marker = f"E2E-{field}"
    if variant == "plain":
        return f"{marker}: gewone tekst", f"{marker}: gewone tekst"
    typed = (f"{marker} <img src=x onerror=alert('{field}')>\"><script>alert('{field}-s')</script>"
             f" &lt;img src=x onerror=alert('{field}-e')&gt;")
    # Tags are stripped when saved; the entity-encoded one comes back as literal markup (and must stay text).
    return typed, f"<img src=x onerror=alert('{field}-e')>"


class Audit:
    """Screenshots and axe-core results of each page of the walk, asserted at the end (after the behaviour)."""

    def __init__(self, variant: str):
        self.variant = variant
        self.found: dict[str, list[dict]] = {}

    def __call__(self, page: Page, name: str) -> None:
        if self.variant == "plain":
            screenshot(page, name)
        if violations := axe_violations(page):
            self.found[name] = violations

    def assert_clean(self) -> None:
        assert not self.found, "axe-core: WCAG 2.1 A/AA violations along the chain:\n" + "\n".join(
            f"{name}:\n{format_violations(items)}" for name, items in self.found.items())


def register_person(page: Page, world, *, given: str, family: str, reason: str) -> Registration:
    page.goto(reverse("casework:registration-create-person"))
    page.get_by_label("Voornaam").fill(given)
    page.get_by_label("Achternaam").fill(family)
    page.get_by_label("Aanpak (verplicht)", exact=True).select_option(label=world.case.registration.approach.name)
    page.get_by_label("Gemeente (verplicht)", exact=True).select_option(label=world.case.registration.municipality.name)
    page.get_by_label("Reden van aanmelding").fill(reason)
    page.get_by_role("button", name="Aanmelding verzenden").click()
    expect(page.get_by_text("Uw aanmelding is verzonden")).to_be_visible()
    return Registration.objects.filter(reported_by=world.users["participant"].organisation).latest("pk")


@pytest.mark.parametrize("variant", ["plain", "xss"])
def test_the_chain_as_the_personas_walk_it(chain_world, contexts, variant):
    world = chain_world
    audit = Audit(variant)
    texts = {field: text_for(variant, field) for field in (
        "given", "family", "reason", "declined-family", "advice", "goal", "note", "location", "notes", "decision")}
    today = timezone.localdate()

    # --- the partner (police) registers two persons ------------------------------------------------------
    partner_page, partner_watch = contexts.page()
    login(partner_page, world.users["participant"])
    audit(partner_page, "chain-work-list-partner")
    partner_page.goto(reverse("casework:registration-create-person"))
    audit(partner_page, "chain-registration-form")
    accepted = register_person(partner_page, world, given=texts["given"][0], family=texts["family"][0],
                               reason=texts["reason"][0])
    audit(partner_page, "chain-registration-detail")
    declined = register_person(partner_page, world, given="Tweede", family=texts["declined-family"][0],
                               reason="Tweede aanmelding")
    partner_watch.assert_clean()

    # --- the procesregisseur triages: declines one with advice, accepts the other ----------------------
    page, watch = contexts.page()
    regisseur = world.users["regisseur"]
    login(page, regisseur)
    audit(page, "chain-work-list-regisseur")
    page.goto(reverse("casework:intake"))
    expect(page.get_by_role("link", name=accepted.ref, exact=True)).to_be_visible()
    audit(page, "chain-intake")

    page.goto(reverse("casework:triage", args=[declined.pk]))
    page.get_by_role("radio", name="Afwijzen met reden en advies").check()
    page.get_by_label("Reden en advies aan de meldende organisatie").fill(texts["advice"][0])
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("De aanmelding is afgewezen")).to_be_visible()

    page.goto(reverse("casework:triage", args=[accepted.pk]))
    expect(page.get_by_text(texts["reason"][1], exact=False)).to_be_visible()
    audit(page, "chain-triage")
    page.get_by_role("checkbox", name=re.compile(r"^Multiproblematiek")).check()
    page.get_by_role("radio", name="Accepteren: de casus start").check()
    page.get_by_label("Overlegtafel", exact=True).select_option(value=str(world.case.table.pk))
    page.get_by_label("Procesregisseur", exact=True).select_option(value=str(regisseur.pk))
    page.get_by_role("checkbox", name="Politie (synthetisch)").check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("De aanmelding is geaccepteerd; de casus is gestart.")).to_be_visible()
    case = Case.objects.get(registration=accepted)
    expect(page).to_have_url(re.compile(re.escape(reverse("casework:case-detail", args=[case.pk]))))
    expect(page.get_by_role("heading", level=1)).to_contain_text(texts["family"][1])
    audit(page, "chain-case-page")

    # --- adds a partner (the form is fetched when its fold opens) ------------------------------------------
    page.locator("#participants summary", has_text="Deelnemer toevoegen").click()
    page.get_by_label("Organisatie toevoegen").select_option(label="Reclassering (synthetisch)")
    page.get_by_role("button", name="Toevoegen", exact=True).click()
    expect(page.get_by_text("Reclassering (synthetisch) neemt nu deel aan de casus.")).to_be_visible()

    # --- the plan: a goal and an intervention (htmx, inline) -------------------------------------------------
    plan = page.locator("#plan")
    plan.get_by_role("link", name="Doel toevoegen").click()
    plan.get_by_label("Leefgebied").select_option(label="Huisvesting")
    plan.get_by_label("Doel", exact=True).fill(texts["goal"][0])
    audit(page, "chain-goal-form")
    plan.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Het doel is toegevoegd.")).to_be_visible()
    plan.get_by_role("link", name="Interventie afspreken").click()
    plan.get_by_label("Interventie", exact=True).select_option(label="Schuldhulpverlening")
    audit(page, "chain-intervention-form")
    plan.get_by_label("Verantwoordelijke partner").select_option(label="Politie (synthetisch)")
    plan.get_by_label("Toelichting").fill(texts["note"][0])
    plan.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De interventie is afgesproken.")).to_be_visible()

    # --- the nulmeting ---------------------------------------------------------------------------------------
    record_measurement(page, audit, kind="nulmeting", level="2 niet zelfredzaam", name="chain-measurement-form")
    audit(page, "chain-case-page-plan")

    # --- the meeting: scheduled, the case on the agenda, discussion and decision ------------------------------
    page.goto(reverse("meetings:table-detail", args=[world.case.table.pk]))
    audit(page, "chain-table")
    page.get_by_role("link", name="Overleg plannen").click()
    page.get_by_label("Datum", exact=True).fill(today.isoformat())
    page.get_by_label("Locatie (optioneel)").fill(texts["location"][0])
    audit(page, "chain-meeting-form")
    page.get_by_role("button", name="Overleg plannen").click()
    expect(page.get_by_role("heading", level=1, name=re.compile("Casusoverleg"))).to_be_visible()
    meeting_url = page.url
    page.get_by_role("link", name="Casus op de agenda zetten").click()
    page.get_by_label("Casus", exact=True).select_option(value=str(case.pk))
    page.get_by_role("button", name="Op de agenda zetten").click()
    item = page.locator("article", has_text=accepted.ref)
    expect(item).to_be_visible()
    audit(page, "chain-meeting")
    item.get_by_role("link", name=re.compile("Bespreking vastleggen")).click()
    page.get_by_label("Notities").fill(texts["notes"][0])
    page.get_by_role("checkbox", name="De cliënt was aan tafel").check()
    page.get_by_role("checkbox", name="Politie (synthetisch)").check()
    audit(page, "chain-discussion-form")
    page.get_by_role("button", name="Bespreking opslaan").click()
    item = page.locator("article", has_text=accepted.ref)
    expect(item.get_by_text("Cliënt aan tafel")).to_be_visible()
    item.get_by_role("link", name=re.compile("Besluit toevoegen")).click()
    page.get_by_label("Besluit", exact=True).fill(texts["decision"][0])
    page.get_by_label("Uiterste datum").fill(today.isoformat())  # the owner is preselected: the regisseur's house
    audit(page, "chain-decision-form")
    page.get_by_role("button", name="Besluit vastleggen").click()
    item = page.locator("article", has_text=accepted.ref)
    expect(item.get_by_text(texts["decision"][1], exact=False)).to_be_visible()
    expect(item.get_by_text(texts["notes"][1], exact=False)).to_be_visible()
    page.goto(meeting_url)
    expect(page.get_by_text(texts["location"][1], exact=False)).to_be_visible()

    # --- the eindmeting, and closing -----------------------------------------------------------------------
    page.goto(reverse("casework:case-detail", args=[case.pk]))
    record_measurement(page, audit, kind="eindmeting", level="4 voldoende zelfredzaam", name=None)
    for field in ("goal", "note", "reason"):
        expect(page.get_by_text(texts[field][1], exact=False).first).to_be_visible()
    page.get_by_role("link", name="Casus afsluiten").click()
    reason = ClosingReason.objects.get(code="positief")
    page.get_by_role("radio", name=str(reason)).check()
    page.get_by_label("Einddatum").fill(today.isoformat())
    expect(page.get_by_test_id("open-work")).to_contain_text(texts["goal"][1])  # listed before submitting
    page.get_by_label("Ja, sluit de casus af terwijl deze doelen en interventies nog open staan").check()
    audit(page, "chain-close-form")
    page.get_by_role("button", name="Casus afsluiten").click()
    expect(page.get_by_text("De casus is afgesloten.")).to_be_visible()
    audit(page, "chain-case-page-closed")
    case.refresh_from_db()
    assert case.status == "closed" and case.end_date == today and case.end_reason == reason
    watch.assert_clean()

    # --- the partner reads the advice on the declined registration, and the closed case ---------------------
    partner_page.goto(reverse("casework:registration-detail", args=[declined.pk]))
    expect(partner_page.get_by_text(texts["advice"][1], exact=False)).to_be_visible()
    audit(partner_page, "chain-registration-declined")
    partner_page.goto(reverse("casework:case-detail", args=[case.pk]))
    expect(partner_page.get_by_text(texts["goal"][1], exact=False).first).to_be_visible()
    partner_page.goto(meeting_url)  # police sits at the table and takes part in the case: sees the discussion
    expect(partner_page.get_by_text(texts["decision"][1], exact=False).first).to_be_visible()
    expect(partner_page.get_by_text(texts["notes"][1], exact=False).first).to_be_visible()
    partner_page.wait_for_timeout(300)  # time for an injected handler to run
    partner_watch.assert_clean()

    # --- the other organisation finds none of it ---------------------------------------------------------------
    other_page, other_watch = contexts.page()
    login(other_page, world.users["other_org"])
    assert_finds_nothing(other_page, case=case, registrations=[accepted, declined], meeting_url=meeting_url,
                         names=[texts["family"][1], texts["declined-family"][1], accepted.ref, declined.ref])
    other_watch.assert_clean()

    for found_page in (page, partner_page, other_page):
        assert found_page.locator("main img[src='x'], main script:not([src])").count() == 0
    audit.assert_clean()


def record_measurement(page: Page, audit: Audit, *, kind: str, level: str, name: str | None) -> None:
    section = page.locator("#metingen")
    section.get_by_role("link", name="Meting vastleggen").click()
    section.get_by_role("radio", name=kind, exact=True).check()
    section.get_by_role("group", name="Huisvesting").get_by_role("radio", name=level).check()
    if name:
        audit(page, name)
    section.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De meting is vastgelegd.")).to_be_visible()


def assert_finds_nothing(page: Page, *, case, registrations, meeting_url: str, names: list[str]) -> None:
    """Lists and search without a trace; every page of the case answers 404 like a page that does not exist."""
    for path in (reverse("worklists:home"), reverse("casework:case-list"),
                 reverse("worklists:search") + "?q=" + names[2], reverse("worklists:search") + "?q=E2E"):
        response = page.goto(path)
        assert response.status in (200, 404), (path, response.status)
        body = page.locator("body").inner_text()
        for name in names:
            assert name not in body, (path, name)
    hidden = [
        reverse("casework:case-detail", args=[case.pk]),
        reverse("casework:case-close", args=[case.pk]),
        reverse("plans:goal-add", args=[case.pk]),
        reverse("monitoring:measurement-add", args=[case.pk]),
        *(reverse("casework:registration-detail", args=[r.pk]) for r in registrations),
        *(reverse("casework:triage", args=[r.pk]) for r in registrations),
    ]
    for path in hidden:
        response = page.goto(path)
        assert response.status == 404, (path, response.status)
        body = page.locator("body").inner_text()
        assert not any(name in body for name in names), path
    response = page.goto(meeting_url)
    body = page.locator("body").inner_text()
    assert response.status == 404 or not any(name in body for name in names), meeting_url


def test_two_people_editing_the_same_plan(chain_world, contexts):
    """Both open 'Doel toevoegen' on the same plan; the first saves, the second gets the conflict message and
    still has their text in the form (nothing lost, nothing overwritten)."""
    world = chain_world
    second = f.UserFactory(username="regisseur-twee", organisation=world.users["regisseur"].organisation)
    from procesregie.accounts.models import RoleAssignment
    from procesregie.accounts.roles import Role

    RoleAssignment.objects.create(user=second, role=Role.PROCESREGISSEUR)
    world.case.table.procesregisseurs.add(second)
    case_url = reverse("casework:case-detail", args=[world.case.pk])

    pages = []
    for user in (world.users["regisseur"], second):
        page, watch = contexts.page()
        login(page, user)
        page.goto(case_url)
        plan = page.locator("#plan")
        plan.get_by_role("link", name="Doel toevoegen").click()
        plan.get_by_label("Leefgebied").select_option(label="Huisvesting")
        pages.append((page, watch, plan))

    (first, first_watch, first_plan), (other, other_watch, other_plan) = pages
    first_plan.get_by_label("Doel", exact=True).fill("Eerste: een vaste woonplek")
    other_plan.get_by_label("Doel", exact=True).fill("Tweede: schulden op een rij")
    first_plan.get_by_role("button", name="Opslaan").click()
    expect(first.get_by_text("Het doel is toegevoegd.")).to_be_visible()

    other_plan.get_by_role("button", name="Opslaan").click()
    expect(other.get_by_text("Iemand anders heeft het plan intussen gewijzigd.")).to_be_visible()
    expect(other_plan.get_by_label("Doel", exact=True)).to_have_value("Tweede: schulden op een rij")
    expect(other_plan.get_by_label("Leefgebied")).to_have_value(str(_domain_pk("huisvesting")))
    expect(other_plan.get_by_text("Eerste: een vaste woonplek")).to_be_visible()  # the other's change, shown
    screenshot(other, "plan-conflict")

    # Saving again, now on the current version, keeps both goals.
    other_plan.get_by_role("button", name="Opslaan").click()
    expect(other.get_by_text("Het doel is toegevoegd.")).to_be_visible()
    goals = sorted(world.case.goals.values_list("description", flat=True))
    assert goals == ["Eerste: een vaste woonplek", "Tweede: schulden op een rij"]
    first_watch.assert_clean()
    other_watch.assert_clean()


def _domain_pk(code: str) -> int:
    from procesregie.reference.models import LifeDomain

    return LifeDomain.objects.get(code=code).pk


def test_script_in_system_registration_and_table_texts_stays_text(chain_world, contexts):
    """The free texts the chain does not type: a system's name, a member's name and role, a table's cadence.

    A system's texts are cleaned twice on the way in (the registration service and system_create), so the
    entity-encoded part is stripped too: for those the marker must show, and nothing may execute."""
    world = chain_world
    approach = f.ApproachFactory(code="aanpak-systeem", name="Aanpak Systeem", system=True)
    table = f.TableFactory(code="tafel-systeem", name="Tafel Systeem", approach=approach)
    table.procesregisseurs.add(world.users["regisseur"])
    texts = {field: text_for("xss", field) for field in ("system", "member", "role")}

    partner, partner_watch = contexts.page()
    login(partner, world.users["participant"])
    partner.goto(reverse("casework:registration-create-system"))
    partner.get_by_label("Naam van het systeem").fill(texts["system"][0])
    partner.get_by_label("Aanpak (verplicht)", exact=True).select_option(label="Aanpak Systeem")
    partner.get_by_label("Gemeente (verplicht)", exact=True).select_option(
        label=world.case.registration.municipality.name)
    partner.get_by_label("Reden van aanmelding").fill("Zorgen over het hele huishouden")
    partner.locator("input[name='lid-0-family_name']").fill(texts["member"][0])
    partner.locator("input[name='lid-0-role']").fill(texts["role"][0])
    partner.get_by_role("button", name="Aanmelding verzenden").click()
    expect(partner.get_by_text("Uw aanmelding is verzonden")).to_be_visible()
    expect(partner.get_by_text("E2E-system", exact=False).first).to_be_visible()
    registration = Registration.objects.filter(system__isnull=False).latest("pk")

    page, watch = contexts.page()
    login(page, world.users["regisseur"])
    page.goto(reverse("casework:triage", args=[registration.pk]))
    for field in ("system", "member", "role"):
        expect(page.get_by_text(f"E2E-{field}", exact=False).first).to_be_visible()

    admin, admin_watch = contexts.page()
    login(admin, world.users["functional_admin"])
    admin.goto(reverse("meetings:table-edit", args=[table.pk]))
    admin.get_by_label("Frequentie").fill("E2E-cadence &lt;img src=x onerror=alert(9)&gt;")  # at most 100 characters
    admin.get_by_role("button", name="Opslaan").click()
    expect(admin.get_by_text("De overlegtafel is opgeslagen.")).to_be_visible()
    expect(admin.get_by_text("E2E-cadence <img src=x onerror=alert(9)>", exact=True)).to_be_visible()

    for each_page in (partner, page, admin):
        each_page.wait_for_timeout(200)
        assert each_page.locator("main img[src='x'], main script:not([src])").count() == 0
    for each_watch in (partner_watch, watch, admin_watch):
        each_watch.assert_clean()
