"""Issue 14 §5 in the browser (Debian's chromium): a private partner's case page lacks the shielded data
(access.shielding, docs/decisions/0020).

- The procesregisseur posts a short update on the case page with "Alleen publieke partners" ticked; the police
  (taking part, and the case's registering organisation) has posted an update and carries an intervention; the
  housing corporation carries one of its own.
- The housing corporation's ketenpartner (a private WGS participant) opens the case page: the ordinary update and
  its own intervention are there; the update for public partners only, the police's update and intervention, the
  police's registration reason (the page says it is not shown) and the police's escalation explanation are not,
  neither on the page nor on the print view. The procesregisseur's page shows all of them.
- axe-core finds no WCAG 2.1 A/AA violation on these pages; no CSP violation, dialog or script error.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from procesregie.plans.models import CaseIntervention, CaseUpdate
from procesregie.reference.services import closing_reasons_ensure
from tests import factories as f
from tests.personas import build_world

from .browser import assert_accessible, confirmed_device, login

pytestmark = pytest.mark.browser

PUBLIC_ONLY = "Synthetisch: de officier overweegt een gebiedsverbod."
POLICE_UPDATE = "Synthetisch: aangifte opgenomen na het incident."
REASON = "Synthetisch: meerdere meldingen van huiselijk geweld."
ORDINARY = "Synthetisch: huisbezoek afgelegd, volgende week gesprek."


@pytest.fixture
def world(live_server):
    closing_reasons_ensure(actor=None)
    built = build_world(limited_partners=True)
    for user in built.users.values():
        if user is not None:
            confirmed_device(user)
    police = built.users["participant"].organisation
    housing = built.users["private_partner"].organisation
    registration = built.case.registration
    registration.reason = REASON
    registration.save(update_fields=["reason"])
    today = timezone.localdate()
    CaseUpdate.objects.create(case=built.case, organisation=police, text=POLICE_UPDATE)
    CaseUpdate.objects.create(case=built.case, organisation=housing, text=ORDINARY)
    CaseIntervention.objects.create(case=built.case, organisation=police, agreed_on=today,
                                    intervention=f.InterventionFactory(name="Toezicht reclassering"))
    CaseIntervention.objects.create(case=built.case, organisation=housing, agreed_on=today,
                                    intervention=f.InterventionFactory(name="Woonbegeleiding"))
    return built


def test_a_private_partners_case_page_lacks_the_shielded_data(world, contexts):
    case_url = reverse("casework:case-detail", args=[world.case.pk])

    # The procesregisseur posts an update for the public partners only.
    page, watch = contexts.page()
    login(page, world.users["regisseur"])
    page.goto(case_url)
    updates = page.locator("#updates")
    updates.get_by_label("Korte update voor de deelnemers").fill(PUBLIC_ONLY)
    updates.get_by_label("Alleen publieke partners").check()
    updates.get_by_role("button", name="Update plaatsen").click()
    expect(page.locator("#timeline")).to_contain_text(PUBLIC_ONLY)
    assert CaseUpdate.objects.get(text=PUBLIC_ONLY).public_only
    for text in (POLICE_UPDATE, REASON, "Toezicht reclassering", "niemand neemt de leiding", ORDINARY):
        expect(page.locator("main")).to_contain_text(text)
    assert_accessible(page, "private-partner-regisseur-case-page")
    watch.assert_clean()

    # The private partner reads the same case without it.
    page, watch = contexts.page()
    login(page, world.users["private_partner"])
    page.goto(case_url)
    main = page.locator("main")
    expect(main).to_contain_text(world.case.registration.person.family_name)
    expect(main).to_contain_text(ORDINARY)
    expect(main).to_contain_text("Woonbegeleiding")
    expect(main).to_contain_text("niet getoond: gegevens van een justitiepartner")
    for text in (PUBLIC_ONLY, POLICE_UPDATE, REASON, "Toezicht reclassering", "niemand neemt de leiding"):
        expect(main).not_to_contain_text(text)
    assert_accessible(page, "private-partner-case-page")

    page.goto(reverse("casework:case-print", args=[world.case.pk]))
    body = page.locator("body")
    expect(body).to_contain_text(ORDINARY)
    for text in (PUBLIC_ONLY, POLICE_UPDATE, REASON, "Toezicht reclassering", "niemand neemt de leiding"):
        expect(body).not_to_contain_text(text)
    assert_accessible(page, "private-partner-case-print")
    watch.assert_clean()
