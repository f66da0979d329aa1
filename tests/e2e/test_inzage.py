"""Issue 14 §4 in the browser (Debian's chromium): the privacy officer answers an inzageverzoek in one step and records
a restriction that the procesregisseur then reads on the case page.

- The officer finds the person under "Betrokkenen" (the menu item of that name), opens the subject page, and presses
  "Inzagedocument maken": the document shows the person's data, the organisations that took part and who accessed
  the data (the partner's read of the case), with the PDF and JSON downloads, which arrive as files.
- On the subject page the officer first sends the correction/restriction form empty (the errors, on the page),
  then records a restriction; the procesregisseur reads it on the case page; the officer ends it.
- axe-core finds no WCAG 2.1 A/AA violation on these pages; no CSP violation, dialog or script error.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .browser import assert_accessible, login

pytestmark = pytest.mark.browser

RESTRICTION = "Synthetisch: geen gegevens delen buiten de politie"


def test_the_privacy_officer_produces_an_inzage_document_and_records_a_restriction(world, contexts):
    person = world.case.registration.person
    case_url = reverse("casework:case-detail", args=[world.case.pk])

    partner_page, partner_watch = contexts.page()  # a read of the case the document must show
    login(partner_page, world.users["participant"])
    partner_page.goto(case_url)

    page, watch = contexts.page()
    login(page, world.users["privacy_officer"])
    page.goto(reverse("privacy:subject-search"))
    page.get_by_label("BSN, referentie of naam").fill("Geheime")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Geheime Persoon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Geheime Persoon")
    assert_accessible(page, "inzage-subject-page")

    page.get_by_role("button", name="Inzagedocument maken").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inzagedocument Geheime Persoon")
    expect(page.get_by_role("heading", name="Organisaties die deelnamen")).to_be_visible()
    expect(page.get_by_test_id("inzage-organisation").filter(has_text="Politie (synthetisch)")).to_contain_text(
        "nam deel aan de casus")
    log = page.locator("table.procesregie-inzage-log")
    # organisation and role in words, not the login name, the organisation code or the role code
    expect(log.locator("tr", has_text="ketenpartner").first).to_contain_text("Politie (synthetisch)")
    expect(log).not_to_contain_text("privacy_officer")
    assert_accessible(page, "inzage-document")
    with page.expect_download() as pdf:
        page.get_by_role("link", name="Downloaden als PDF").click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    with page.expect_download() as json_file:
        page.get_by_role("link", name="Downloaden als JSON").click()
    assert json_file.value.suggested_filename.endswith(".json")

    page.get_by_role("link", name=person.ref).click()
    expect(page.get_by_test_id("rights-request")).to_contain_text("inzage")
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_role("alert")).to_contain_text("Kies correctie of beperking.")
    assert_accessible(page, "inzage-subject-page-errors")
    page.get_by_label("Soort verzoek").select_option("beperking")
    page.get_by_label("Wat is er gecorrigeerd of beperkt?").fill(RESTRICTION)
    page.get_by_role("button", name="Vastleggen").click()
    expect(page.get_by_test_id("rights-request").filter(has_text=RESTRICTION)).to_contain_text("van kracht")
    assert_accessible(page, "inzage-subject-page-restriction")

    regisseur_page, regisseur_watch = contexts.page()
    login(regisseur_page, world.users["regisseur"])
    regisseur_page.goto(case_url)
    expect(regisseur_page.get_by_test_id("rights-restriction")).to_contain_text(RESTRICTION)
    assert_accessible(regisseur_page, "inzage-case-page-restriction")

    page.get_by_role("button", name="Beperking beëindigen").click()
    expect(page.get_by_test_id("rights-request").filter(has_text=RESTRICTION)).to_contain_text("beëindigd op")
    regisseur_page.reload()
    expect(regisseur_page.get_by_test_id("rights-notices")).to_have_count(0)

    for each in (watch, partner_watch, regisseur_watch):
        each.assert_clean()
