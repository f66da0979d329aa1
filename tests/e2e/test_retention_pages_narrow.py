"""UX review of issue 14 (items 12, 13, 18) in the browser: on a phone (390 px wide) the retention pages do not
scroll sideways (a wide table scrolls in its own container), short table headers do not break mid-word, dates read
"6 december 2026", the destruction record names the rule's approach and shows its status as a badge; axe passes."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from procesregie.retention.models import Decision, DestructionItem, DestructionList, ItemKind, Phase
from tests import factories as f

from .browser import assert_accessible, login

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(page) -> None:
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths}"


def headers_do_not_wrap(page) -> None:
    wrapping = page.evaluate("""[...document.querySelectorAll('th')]
        .filter((th) => th.innerText.trim().split(/\\s+/).length === 1 && getComputedStyle(th).whiteSpace !== 'nowrap')
        .map((th) => th.innerText.trim())""")
    assert wrapping == [], f"one-word headers that may break mid-word: {wrapping}"


@pytest.fixture
def lists(world):
    officer = world.users["privacy_officer"]
    approach = f.ApproachFactory(code="smalle-aanpak", name="Smalle Aanpak")
    done = DestructionList.objects.create(as_of=datetime.date(2026, 12, 6), closed_at=timezone.now())
    DestructionItem.objects.create(destruction_list=done, kind=ItemKind.PERSON, due_on=datetime.date(2021, 3, 1),
                                   phase=Phase.CLOSED_CASE, approach_code=approach.code, decision=Decision.APPROVED,
                                   decided_by=officer, decided_at=timezone.now(), result="destroyed",
                                   summary={"persons": 1})
    world.done = done
    return world


def test_the_retention_pages_fit_a_phone(lists, contexts):
    world = lists
    page, watch = contexts.page()
    login(page, world.users["privacy_officer"])
    page.set_viewport_size(PHONE)

    page.goto(reverse("retention:destruction-lists"))
    expect(page.get_by_role("heading", level=1, name="Vernietigingslijsten")).to_be_visible()
    expect(page.locator(f'tr[data-list="{world.done.pk}"]')).to_contain_text("6 december 2026")
    no_sideways_scroll(page)
    headers_do_not_wrap(page)
    assert_accessible(page, "destruction-lists-phone")

    from procesregie.retention.models import RetentionExtension

    RetentionExtension.objects.create(person=world.case.registration.person, until=datetime.date(2032, 12, 6),
                                      reason="Lopend onderzoek (synthetisch)", extended_by=world.users["regisseur"])
    page.goto(reverse("retention:extensions"))
    expect(page.locator("main")).to_contain_text("6 december 2032")
    no_sideways_scroll(page)
    headers_do_not_wrap(page)
    assert_accessible(page, "extensions-phone")

    page.goto(reverse("retention:destruction-record", args=[world.done.pk]))
    expect(page.get_by_test_id("line-approach")).to_have_text("Smalle Aanpak")
    expect(page.get_by_test_id("record-status").locator(".utrecht-status-badge")).to_have_text("afgerond")
    no_sideways_scroll(page)
    headers_do_not_wrap(page)
    assert_accessible(page, "destruction-record-phone")
    assert not re.search(r"\d{1,2}-\d{1,2}-\d{4}", page.locator("main").inner_text())
    watch.assert_clean()


def test_the_policy_page_for_the_functional_administrator(world, contexts):
    """The policy page with an approach's own rule: its name, "Wijzigen" fills the form, "Verwijderen" opens a form
    with a reason; on a phone it does not scroll sideways; axe passes."""
    from procesregie.retention.services.policy import retention_rule_set

    admin = world.users["functional_admin"]
    approach = f.ApproachFactory(code="e2e-eigen", name="Aanpak Met Eigen Termijn")
    retention_rule_set(actor=admin, phase=Phase.CLOSED_CASE, approach=approach, months=24, counts_from="end_date",
                       reason="Eigen protocol")
    page, watch = contexts.page()
    login(page, admin)
    page.set_viewport_size(PHONE)
    page.goto(reverse("retention:policy"))
    expect(page.get_by_test_id("rule-approach")).to_have_text("Aanpak Met Eigen Termijn")
    expect(page.get_by_test_id("policy-defaults")).to_contain_text("60 maanden (5 jaar)")
    no_sideways_scroll(page)
    assert_accessible(page, "policy-phone")
    page.get_by_test_id("policy-approaches").get_by_role("link", name=re.compile("^Wijzigen")).click()
    expect(page.get_by_label("Bewaartermijn (maanden)")).to_have_value("24")
    page.get_by_test_id("remove-rule").locator("summary").click()
    page.get_by_test_id("remove-rule").get_by_label("Reden van het verwijderen").fill("Protocol ingetrokken")
    page.get_by_role("button", name="Eigen termijn verwijderen").click()
    expect(page.get_by_text("De eigen termijn is verwijderd")).to_be_visible()
    expect(page.get_by_test_id("policy-approaches")).to_have_count(0)
    assert_accessible(page, "policy-removed")
    watch.assert_clean()
