"""Issue 16 in the browser (Debian's chromium): the functional administrator registers a partner system's API client.

- "Koppelingen" in the menu: the list; "Nieuwe koppeling": the form, sent without scopes, shows its error (focus on
  the error summary) and creates nothing; filled in, it shows the client_id and the secret once.
- The secret is copied as a person would (click, select all, copy: the clipboard holds exactly the secret), and it
  gets a token from the live server's token endpoint.
- The client's page shows the client_id, never the secret; revoking it (after the confirmation) ends the secret.
- axe-core finds no WCAG 2.1 A/AA violation in any of these states; no CSP violation, dialog or script error.
"""

from __future__ import annotations

import base64
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from procesregie.accounts.models import ApiClient

from .browser import assert_accessible, login

pytestmark = pytest.mark.browser

LIST_URL = reverse("koppelingen:client-list")
TOKEN_URL = reverse("api:token")


def _token_status(page, client_id: str, secret: str) -> int:
    """A partner system's token request (HTTP, not the browser's page) with these credentials: its status."""
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    response = page.request.post(TOKEN_URL, form={"grant_type": "client_credentials"},
                                 headers={"Authorization": f"Basic {basic}"})
    return response.status


def test_the_functional_administrator_registers_a_client_copies_its_secret_and_revokes_it(world, contexts):
    police = world.users["participant"].organisation
    context, watch = contexts.new(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    login(page, world.users["functional_admin"])

    page.get_by_role("link", name="Koppelingen", exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(LIST_URL) + "$"))
    expect(page.get_by_role("heading", level=1, name="Koppelingen")).to_be_visible()
    assert_accessible(page, "api-clients-01-list")

    page.get_by_role("link", name="Nieuwe koppeling").click()
    expect(page.get_by_label("Organisatie")).to_be_focused()  # the form opens in its first field
    page.get_by_label("Organisatie").select_option(label=police.name)
    page.get_by_label("Naam", exact=True).fill("Meldsysteem politie (synthetisch)")
    page.get_by_role("button", name="Koppeling aanmaken").click()
    expect(page.locator(".procesregie-error-summary")).to_be_focused()
    expect(page.locator(".procesregie-error-summary")).to_contain_text("Kies ten minste één recht.")
    assert not ApiClient.objects.exists()
    assert_accessible(page, "api-clients-02-form-error")

    page.get_by_label("Aanmeldingen doen (registrations:write)").check()
    page.get_by_label("Status van eigen aanmeldingen lezen (registrations:read)").check()
    page.get_by_role("button", name="Koppeling aanmaken").click()
    expect(page.get_by_role("heading", level=1, name="Koppeling aangemaakt")).to_be_visible()
    expect(page.get_by_text("Bewaar dit geheim nu; het wordt niet opnieuw getoond.")).to_be_visible()
    assert_accessible(page, "api-clients-03-secret")

    client_id = page.get_by_label("Client-id (client_id)").input_value()
    secret_field = page.get_by_label("Geheim (client_secret)")
    secret_field.click()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.press("ControlOrMeta+C")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == secret_field.input_value() and len(copied) >= 32
    assert ApiClient.objects.get().application.client_id == client_id
    assert _token_status(page, client_id, copied) == 200

    page.get_by_role("link", name="Ik heb het geheim bewaard, naar de koppeling").click()
    expect(page.get_by_role("heading", level=1, name="Meldsysteem politie (synthetisch)")).to_be_visible()
    expect(page.locator("#client-id")).to_have_text(client_id)
    assert copied not in page.content()
    assert_accessible(page, "api-clients-04-detail")

    page.get_by_role("link", name="Intrekken", exact=True).click()
    expect(page.get_by_text("Intrekken kan niet ongedaan worden gemaakt.")).to_be_visible()
    assert_accessible(page, "api-clients-05-revoke")
    page.get_by_role("button", name="Koppeling intrekken").click()
    expect(page.get_by_text("De koppeling is ingetrokken.")).to_be_visible()
    expect(page.get_by_text("Deze koppeling is ingetrokken en werkt niet meer.")).to_be_visible()
    assert _token_status(page, client_id, copied) == 401
    assert_accessible(page, "api-clients-06-revoked")

    page.goto(LIST_URL)
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody tr")).to_contain_text("Ingetrokken op")
    watch.assert_clean()
