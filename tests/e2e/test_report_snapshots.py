"""Report snapshots in the browser (Debian's chromium): a manager goes from the annual report to the snapshots kept
from before a destruction and downloads one; the privacy officer opens the same list. axe-core finds no WCAG 2.1
A/AA violation on the list (empty and filled); no CSP violation, dialog or script error.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from procesregie.retention.erasure import erase_person
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
    with reports_unchanged():
        erase_person(actor=None, person=case.registration.person, on=datetime.date(2026, 12, 1))

    page.goto(reverse("reporting:annual-report"))
    page.get_by_role("link", name="Momentopnamen van voor vernietigingen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Momentopnamen van rapporten")
    row = page.locator("tr", has_text="jaar 2018")
    expect(row).to_contain_text("Jaarverslag")
    assert_accessible(page, "snapshots-list")
    with page.expect_download() as download:
        row.get_by_role("link", name="JSON downloaden").click()
    assert download.value.suggested_filename == f"momentopname-annual-2018-{timezone.localdate():%Y%m%d}.json"

    officer_page, officer_watch = contexts.page()
    login(officer_page, world.users["privacy_officer"])
    officer_page.goto(reverse("reporting:snapshots"))
    expect(officer_page.locator("tr", has_text="jaar 2018")).to_be_visible()

    for each in (watch, officer_watch):
        each.assert_clean()
