"""The annual report's PDF in the browser: a slow file shows its progress and then a download link (htmx keeps
asking); a file that is ready at once downloads without leaving the report page (docs/decisions/0007)."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .browser import assert_accessible, login

pytestmark = pytest.mark.browser


def open_report(page, world):
    page.goto(reverse("reporting:annual-report") + f"?jaar={world.case.start_date.year}")
    expect(page.get_by_role("heading", level=1, name=re.compile("Jaarverslag"))).to_be_visible()


def test_a_slow_pdf_shows_its_progress_and_then_the_download_link(world, page, watch, settings):
    settings.REPORT_BUILD_WAIT_SECONDS = 0  # every build counts as slow
    login(page, world.users["manager"])
    open_report(page, world)

    page.get_by_role("link", name="PDF", exact=True).click()

    expect(page.get_by_role("heading", level=1, name=re.compile("als PDF"))).to_be_visible()
    link = page.get_by_role("link", name=re.compile("downloaden \\(PDF\\)"))
    expect(link).to_be_visible(timeout=60_000)  # htmx asked again until the build was done
    expect(page.get_by_role("status")).to_contain_text("Het bestand is klaar.")
    assert_accessible(page, "annual-report-build-done")
    with page.expect_download() as download:
        link.click()
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert download.value.suggested_filename == f"jaarverslag-{world.case.start_date.year}.pdf"
    watch.assert_clean()


def test_a_pdf_ready_at_once_downloads_from_the_report_page(world, page, watch, settings):
    settings.REPORT_BUILD_WAIT_SECONDS = 120
    login(page, world.users["manager"])
    open_report(page, world)
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("link", name="PDF", exact=True).click()
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    expect(page.get_by_role("heading", level=1, name=re.compile("Jaarverslag"))).to_be_visible()  # still there
    watch.assert_clean()
