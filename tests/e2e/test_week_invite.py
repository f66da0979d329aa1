"""An imported account is activated by invitation, in the browser and by keyboard only.

The functional administrator finds the inactive account in the account list and sends the invitation; the mail
arrives in the test mail backend (locmem: the console backend's place in a demo); the invited person opens the
link, chooses a password, sets up the authenticator app (the key read from the page, as an app would read the QR
code) and then logs in with password and code. Before that the right password is refused like a wrong one; the
used link shows the page for links that do not work. axe-core checks every new page.
"""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from procesregie.accounts.models import RoleAssignment, User
from procesregie.accounts.roles import Role
from tests import factories as f
from tests.accounts.helpers import current_totp_code, totp_code
from tests.accounts.invitation_helpers import NEW_PASSWORD, last_link

from .browser import assert_accessible, code_step, login, password_step
from .test_keyboard import focused, tab_to

pytestmark = pytest.mark.browser

PASSWORD_URL = reverse("invitations:password")
ENROL_URL = reverse("invitations:enrol")
ACCOUNTS_URL = reverse("invitations:account-list")


def test_an_imported_account_is_invited_and_activated_by_keyboard(world, contexts):
    police = world.users["participant"].organisation
    invited = f.UserFactory(username="n.nieuw", first_name="Nora", last_name="Nieuw", organisation=police, imported=True)
    RoleAssignment.objects.create(user=invited, role=Role.KETENPARTNER)

    # The functional administrator: the menu's "Accounts", the filter, the invitation, all by keyboard.
    admin_page, admin_watch = contexts.page()
    login(admin_page, world.users["functional_admin"])
    tab_to(admin_page, "Accounts")
    admin_page.keyboard.press("Enter")
    expect(admin_page).to_have_url(re.compile(re.escape(ACCOUNTS_URL) + "$"))
    expect(admin_page.get_by_role("heading", name="Accounts", exact=True)).to_be_visible()
    assert_accessible(admin_page, "invite-01-accounts")

    tab_to(admin_page, "Status")
    admin_page.keyboard.press("ArrowDown")  # "Inactief, niet uitgenodigd"
    tab_to(admin_page, "Filteren")
    admin_page.keyboard.press("Enter")
    expect(admin_page).to_have_url(re.compile(r"state=inactief"))
    expect(admin_page.locator("tbody tr")).to_have_count(1)
    row = admin_page.locator(f"#account-{invited.pk}")
    expect(row).to_contain_text("Inactief, niet uitgenodigd")
    expect(row).to_contain_text("Politie (synthetisch)")

    tab_to(admin_page, "Uitnodiging sturen aan Nora Nieuw")
    admin_page.keyboard.press("Enter")
    expect(admin_page.get_by_role("heading", name="Uitnodiging sturen")).to_be_visible()
    assert_accessible(admin_page, "invite-02-invite")
    assert focused(admin_page)["label"].startswith("E-mailadres")  # the form opens in its field
    admin_page.keyboard.type("nora.nieuw@politie.example.org")
    admin_page.keyboard.press("Enter")
    expect(admin_page).to_have_url(re.compile(re.escape(ACCOUNTS_URL) + "$"))
    expect(admin_page.get_by_text("De uitnodiging is verstuurd naar nora.nieuw@politie.example.org.")).to_be_visible()
    expect(admin_page.locator(f"#account-{invited.pk}")).to_contain_text("Uitgenodigd (tot ")
    assert_accessible(admin_page, "invite-03-sent")

    (message,) = mail.outbox
    assert message.to == ["nora.nieuw@politie.example.org"] and "Beste Nora Nieuw," in message.body
    link = last_link()

    # The invited person, in a browser of their own: password, then the app, keyboard only.
    page, watch = contexts.page()
    page.goto(link)
    expect(page).to_have_url(re.compile(re.escape(PASSWORD_URL) + "$"))  # the token leaves the address bar
    expect(page.get_by_role("heading", name="Account activeren: wachtwoord kiezen")).to_be_visible()
    assert_accessible(page, "invite-04-password")
    assert focused(page)["label"].startswith("Nieuw wachtwoord")
    page.keyboard.type("kort")
    page.keyboard.press("Tab")
    page.keyboard.type("kort")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Dit wachtwoord is te kort").first).to_be_visible()
    assert_accessible(page, "invite-05-password-refused")
    page.get_by_label("Nieuw wachtwoord").focus()
    page.keyboard.type(NEW_PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(NEW_PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(re.escape(ENROL_URL) + "$"))
    expect(page.get_by_role("heading", name="Account activeren: authenticator-app instellen")).to_be_visible()
    assert_accessible(page, "invite-06-app")

    # Not active yet: the new password is refused at the login like a wrong one.
    other, other_watch = contexts.page()
    password_step(other, invited.username, NEW_PASSWORD)
    expect(other.get_by_text("De combinatie van gebruikersnaam en wachtwoord is onjuist.").first).to_be_visible()
    invited.refresh_from_db()
    assert not invited.is_active

    key = b32decode(page.locator("#totp-secret").inner_text().replace(" ", ""))
    assert focused(page)["label"].startswith("Code")
    page.keyboard.type(current_totp_code(key))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Uw account is actief")).to_be_visible()
    expect(page.locator("ol code")).to_have_count(10)
    assert_accessible(page, "invite-07-active")
    assert User.objects.get(pk=invited.pk).is_active

    # The used link shows the page for links that do not work.
    tab_to(page, "Ik heb de codes bewaard, naar inloggen")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:login")) + "$"))
    page.goto(link)
    expect(page.get_by_role("heading", name="Deze link werkt niet")).to_be_visible()
    assert_accessible(page, "invite-08-link-used")

    # And now the login: password and a code from the app.
    password_step(page, invited.username, NEW_PASSWORD)
    code_step(page, totp_code(TOTPDevice.objects.get(user=invited, confirmed=True)))
    expect(page).not_to_have_url(re.compile(r"/inloggen/"))
    expect(page.get_by_text("Nora Nieuw · Politie (synthetisch)")).to_be_visible()

    for each in (admin_watch, watch, other_watch):
        each.assert_clean()
