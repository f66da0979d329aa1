"""Report snapshots in the browser (Debian's chromium): a manager goes from the annual report to the snapshots kept
from before a destruction (one entry per destruction, with its peildatum), downloads one, reads it as a page and goes
back by the breadcrumbs, and reads the outcomes report of the same destruction as a page; the privacy officer opens the same list. axe-core finds no WCAG 2.1 A/AA violation on the
list (empty and filled) and on the page; no CSP violation, dialog or script error.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from procesregie.retention.erasure import erase_person
from procesregie.retention.models import DestructionList
from procesregie.retention.safeguard import reports_unchanged
from tests import factories as f

from .browser import assert_accessible, login

pytestmark = pytest.mark.browser


def test_a_manager_and_the_privacy_officer_open_the_snapshots_of_a_destruction(world, contexts):
    page, watch = contexts.page()
    login(page, world.users["manager"])
    page.goto(reverse("reporting:snapshots"))
    expect(page.get_by_role("status")).to_contain_text("nog geen momentopnamen")
    assert_accessible(page, "snapshots-empty")

    case = f.CaseFactory(closed=True, registration__registered_on=datetime.date(2018, 1, 10))
    with reports_unchanged(destruction_list=DestructionList.objects.create(as_of=datetime.date(2026, 12, 1))):
        erase_person(actor=None, person=case.registration.person, on=datetime.date(2026, 12, 1))

    # The report with small counts hidden: a legend under the tables that show one (issue 14 §5), accessible.
    page.goto(reverse("reporting:annual-report") + f"?jaar={world.case.start_date.year}&klein=5")
    expect(page.locator(".procesregie-report__legend--table").first).to_contain_text("„<5”: minder dan 5 (kan ook 0 zijn)")
    assert_accessible(page, "annual-report-suppressed")
    page.get_by_role("link", name="Momentopnamen van voor vernietigingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Momentopnamen van rapporten")
    destruction = page.get_by_role("region", name="Vernietiging met peildatum 1 december 2026")
    row = destruction.get_by_role("row").filter(has=page.get_by_role("cell", name="2018", exact=True))
    expect(row).to_contain_text("Jaarverslag")
    assert_accessible(page, "snapshots-list")
    with page.expect_download() as download:
        row.get_by_role("link", name="JSON downloaden").click()
    assert download.value.suggested_filename == f"momentopname-annual-2018-{timezone.localdate():%Y%m%d}.json"

    row.get_by_role("link", name="Als pagina").click()  # the stored JSON read back as the annual report
    expect(page.get_by_role("heading", level=1)).to_have_text("Jaarverslag 2018")
    expect(page.get_by_role("note")).to_contain_text("peildatum 1 december 2026")
    assert_accessible(page, "snapshot-page")
    page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name="Momentopnamen").click()
    # The outcomes report of cohort 2018 (issue 15), kept from the same destruction, read back as a page.
    outcomes = destruction.get_by_role("row").filter(
        has=page.get_by_role("cell", name="2018 (peildatum 31 december 2019)", exact=True))
    expect(outcomes.get_by_role("rowheader")).to_have_text("Resultaten")
    outcomes.get_by_role("link", name="Als pagina").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Resultaten 2018 (peildatum 31 december 2019)")
    expect(page.get_by_role("heading", name="Recidive: politieregistraties voor en na").first).to_be_visible()
    expect(page.get_by_role("note")).to_contain_text("peildatum 1 december 2026")
    assert_accessible(page, "snapshot-page-outcomes")
    page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name="Momentopnamen").click()
    page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name="Jaarverslag").click()
    expect(page.get_by_role("link", name="Momentopnamen van voor vernietigingen")).to_be_visible()

    officer_page, officer_watch = contexts.page()
    login(officer_page, world.users["privacy_officer"])
    officer_page.goto(reverse("reporting:snapshots"))
    expect(officer_page.get_by_role("cell", name="2018", exact=True)).to_be_visible()

    for each in (watch, officer_watch):
        each.assert_clean()
