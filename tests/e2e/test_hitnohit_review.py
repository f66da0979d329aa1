"""Issue 16 part 4 in the browser (Debian's chromium): the privacy officer follows a flagged API client from "Mijn
werk" to its questions and to the overview of all clients' hit/no-hit questions.

- "Mijn werk" names the flagged client and its organisation ("Koppeling mogelijk aan het aftasten"), linked.
- The client's page shows its questions (purpose, hit or not); markup in a purpose or a client's name is text.
- axe-core finds no WCAG 2.1 A/AA violation on the three pages; no CSP violation, dialog or script error.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from procesregie.accounts.models import ApiScope
from procesregie.api.clients import client_create
from procesregie.api.hitnohit import limits
from procesregie.api.models import HitNoHitQuery

from .browser import assert_accessible, login

pytestmark = pytest.mark.browser

XSS_NAME = '"><img src=x onerror=alert(1)>'
XSS_PURPOSE = "Overleg <script>alert(2)</script> wijkteam"


def _client(world, name: str, *, misses: int, hits: int = 0, purpose: str = "Melding van de wijkagent, nagaan"):
    issued = client_create(actor=world.users["functional_admin"], organisation=world.users["participant"].organisation,
                           name=name, scopes=[ApiScope.HITNOHIT])
    now = timezone.now()
    HitNoHitQuery.objects.bulk_create([
        HitNoHitQuery(client=issued.client, organisation=issued.client.organisation, purpose=purpose, by_bsn=True,
                      hit=index < hits, asked_at=now - datetime.timedelta(minutes=index))
        for index in range(misses + hits)
    ])
    return issued.client


def test_the_privacy_officer_follows_a_flagged_client_from_the_work_list(world, page, watch):
    prober = _client(world, "Politie bevraging " + XSS_NAME, misses=limits.PROBE_MIN_MISSES, purpose=XSS_PURPOSE)
    _client(world, "Gemeente wijkteams", misses=2, hits=1)
    login(page, world.users["privacy_officer"])

    page.goto(reverse("worklists:home"))
    work = page.get_by_test_id("work-api-flags")
    expect(work).to_contain_text("Koppeling mogelijk aan het aftasten")
    expect(work).not_to_contain_text("Gemeente wijkteams")
    expect(work).to_contain_text(prober.organisation.name)
    assert_accessible(page, "hitnohit-review-01-work")

    work.get_by_role("link", name=prober.name).click()  # as stored (the service keeps a name as plain text)
    expect(page.get_by_role("heading", level=1)).to_contain_text(prober.name)
    expect(page.get_by_role("cell", name=XSS_PURPOSE).first).to_be_visible()
    expect(page.get_by_test_id("api-use-flag")).to_contain_text("veel vragen zonder hit")
    assert_accessible(page, "hitnohit-review-02-client")

    breadcrumbs = page.get_by_role("navigation", name="Kruimelpad")
    breadcrumbs.get_by_role("link", name="Hit/no-hit-vragen van koppelingen").click()
    expect(page.get_by_role("heading", level=1, name="Hit/no-hit-vragen van koppelingen")).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_have_attribute("data-flagged", "ja")
    assert_accessible(page, "hitnohit-review-03-overview")
    watch.assert_clean()
