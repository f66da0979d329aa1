"""The outcomes page ("Resultaten") in the browser: a manager opens it from the menu, picks a cohort year, sees the
bars and the sentences, chooses a window of their own and small-number protection, gets a clear error for a window
that is none, and downloads the PDF. axe-core is clean in every state."""

import re

import pytest
from playwright.sync_api import expect

from tests.reporting.outcomes.web_cohort import add_cohort, cohort_year

from .browser import assert_accessible, login

pytestmark = pytest.mark.browser


def test_a_manager_reads_the_outcomes_of_a_cohort_and_downloads_them(world, page, watch, settings):
    settings.REPORT_BUILD_WAIT_SECONDS = 120  # the PDF comes at once (a slow one: tests/reporting/outcomes/test_web.py)
    year = cohort_year()
    add_cohort(world, 12)
    add_cohort(world, 4, year=year - 1)
    login(page, world.users["manager"])

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Resultaten", exact=True).click()
    expect(page.get_by_role("heading", level=1, name="Resultaten")).to_be_visible()
    expect(page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Resultaten", exact=True)
           ).to_have_attribute("aria-current", "page")
    expect(page.locator("#resultaten-periode")).to_contain_text(
        f"personen voor het eerst besproken van 1 januari {year} tot en met 31 december {year}")
    assert_accessible(page, "outcomes-default")

    page.get_by_label("Cohortjaar").select_option(str(year - 1))
    page.get_by_role("button", name="Tonen").click()
    expect(page.locator("#resultaten-periode")).to_contain_text(f"van 1 januari {year - 1} tot en met 31 december {year - 1}")
    expect(page.get_by_label("Cohortjaar")).to_have_value(str(year - 1))
    page.get_by_label("Cohortjaar").select_option(str(year))
    page.get_by_role("button", name="Tonen").click()
    content = page.locator("main")
    expect(content.get_by_text("Aanpak A").first).to_be_visible()
    bars = content.get_by_role("img", name=re.compile("^Staafdiagram van de politieregistraties"))
    expect(bars.first).to_be_visible()  # before/after with the comparison group beside them
    expect(bars.first).to_have_accessible_name(re.compile(r"Aanpak \(n = 12\): 36 in het jaar ervoor, 12 in het jaar erna"))
    expect(content.get_by_text(re.compile("^Bij de 12 personen die in .* daalde")).first).to_be_visible()  # sentences
    expect(content.get_by_text(re.compile("regressie naar het gemiddelde")).first).to_be_visible()

    page.get_by_label("Eigen periode: van").fill(f"{year}-03-01")
    page.get_by_label("Eigen periode: tot en met").fill(f"{year}-06-30")
    page.get_by_role("button", name="Tonen").click()
    expect(page.locator("#resultaten-periode")).to_contain_text(f"van 1 maart {year} tot en met 30 juni {year}")
    assert_accessible(page, "outcomes-own-window")

    page.get_by_label("Kleine aantallen afschermen onder").fill("10")
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_label("Kleine aantallen afschermen onder")).to_have_value("10")
    expect(content.get_by_text("<10").first).to_be_visible()
    assert_accessible(page, "outcomes-suppressed")

    page.get_by_label("Eigen periode: van").fill(f"{year}-09-01")
    page.get_by_role("button", name="Tonen").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Er is een probleem")
    expect(summary).to_contain_text("De einddatum ligt vóór de begindatum.")
    expect(page.locator("#geen-cijfers")).to_be_visible()
    assert_accessible(page, "outcomes-form-error")

    page.get_by_role("link", name="Standaardkeuze").click()
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("navigation", name="Downloaden").get_by_role("link", name="PDF", exact=True).click()
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert re.fullmatch(rf"resultaten-{year}-peildatum-\d{{4}}-\d\d-\d\d\.pdf", download.value.suggested_filename)
    watch.assert_clean()
