"""The login as a user meets it in the browser: password, then a code; nothing before both steps."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from .browser import assert_accessible, code_step, confirmed_device, login, password_step, screenshot

pytestmark = pytest.mark.browser

CASE_LIST = reverse("casework:case-list")
HOME = reverse("worklists:home")  # where "/" and a login without ?next= lead
VERIFY = reverse("accounts:verify")


def test_password_then_code_lands_on_the_work_list(world, page, watch):
    regisseur = world.users["regisseur"]
    world.case.procesregisseur = regisseur  # "Mijn casussen" lists the cases the regisseur directs
    world.case.save(update_fields=["procesregisseur"])
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/inloggen/\?next=%2F"))
    screenshot(page, "01-login")
    password_step(page, regisseur.username)
    expect(page).to_have_url(re.compile(re.escape(VERIFY)))
    expect(page.get_by_role("heading", name="Code invoeren")).to_be_visible()
    screenshot(page, "02-code")

    from tests.accounts.helpers import totp_code

    code_step(page, totp_code(confirmed_device(regisseur)))
    expect(page).to_have_url(re.compile(re.escape(HOME) + "$"))
    expect(page.get_by_role("heading", name="Mijn werk")).to_be_visible()
    expect(page.get_by_role("link", name=world.case.registration.ref)).to_be_visible()
    # The other table's case is not in the regisseur's list.
    expect(page.get_by_role("link", name=world.other_case.registration.ref)).to_have_count(0)
    watch.assert_clean()


def test_wrong_password_and_wrong_code_are_refused(world, page, watch):
    from tests.accounts.helpers import wrong_code

    user = world.users["participant"]
    password_step(page, user.username, "niet-het-wachtwoord-123")
    expect(page).to_have_url(re.compile(r"/inloggen/$"))
    expect(page.get_by_text("De combinatie van gebruikersnaam en wachtwoord is onjuist.").first).to_be_visible()

    password_step(page, user.username)
    code_step(page, wrong_code(confirmed_device(user)))
    expect(page).to_have_url(re.compile(re.escape(VERIFY)))
    expect(page.get_by_text("Deze code is onjuist, verlopen of al gebruikt.").first).to_be_visible()
    page.goto(CASE_LIST)
    expect(page).to_have_url(re.compile(re.escape(VERIFY)))
    watch.assert_clean()


def test_half_logged_in_session_cannot_open_the_case_list(world, page, watch):
    """After the password step only: /casussen/ and the case page send the browser to the code step."""
    user = world.users["regisseur"]
    password_step(page, user.username)
    expect(page).to_have_url(re.compile(re.escape(VERIFY)))

    for path in (CASE_LIST, reverse("casework:case-detail", args=[world.case.pk])):
        response = page.goto(path)
        expect(page).to_have_url(re.compile(re.escape(VERIFY) + r"\?next="))
        assert response.status == 200 and page.url.endswith(VERIFY + "?next=" + path.replace("/", "%2F"))
        expect(page.get_by_text(world.case.registration.ref)).to_have_count(0)
        expect(page.get_by_text("Geheime")).to_have_count(0)

    # The code step completes the login and returns to the page asked for last.
    from tests.accounts.helpers import totp_code

    code_step(page, totp_code(confirmed_device(user)))
    expect(page.get_by_role("heading", name="Geheime Persoon")).to_be_visible()
    watch.assert_clean()


def test_anonymous_browser_sees_no_case_data(world, page, watch):
    for path in (CASE_LIST, reverse("casework:case-detail", args=[world.case.pk]),
                 reverse("privacy:subject-search")):
        page.goto(path)
        expect(page).to_have_url(re.compile(r"/inloggen/\?next="))
        expect(page.get_by_text("Geheime")).to_have_count(0)
    watch.assert_clean()


def test_logout_ends_the_session(world, page, watch):
    login(page, world.users["regisseur"])
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_text("U bent uitgelogd.")).to_be_visible()
    page.goto(CASE_LIST)
    expect(page).to_have_url(re.compile(r"/inloggen/\?next="))
    watch.assert_clean()


def test_login_pages_are_accessible(world, page, watch):
    page.goto(reverse("accounts:login"))
    assert_accessible(page, "login")
    password_step(page, world.users["regisseur"].username)
    expect(page).to_have_url(re.compile(re.escape(VERIFY)))
    assert_accessible(page, "login-code")
    watch.assert_clean()


def test_login_error_state_is_accessible(world, page, watch):
    """The form with an error message: the error summary and the invalid field must stay accessible."""
    password_step(page, world.users["regisseur"].username, "niet-het-wachtwoord-123")
    expect(page.get_by_text("De combinatie van gebruikersnaam en wachtwoord is onjuist.").first).to_be_visible()
    assert_accessible(page, "login-error")
    watch.assert_clean()


def test_browser_favicon_request_does_not_hijack_the_landing_page(world, page):
    """Chromium fetches /favicon.ico by itself during the code step; that must not become the page after login
    (it once did: the redirect to /inloggen/code/?next=%2Ffavicon.ico was remembered, and the user landed on a 404)."""
    from tests.accounts.helpers import totp_code

    user = world.users["regisseur"]
    password_step(page, user.username)
    expect(page.get_by_role("heading", name="Code invoeren")).to_be_visible()
    page.wait_for_load_state("networkidle")  # chromium has fetched /favicon.ico by now
    code_step(page, totp_code(confirmed_device(user)))
    page.wait_for_load_state("networkidle")
    assert "/favicon.ico" not in page.url, f"after the login the browser is on {page.url}"
    expect(page).to_have_url(re.compile(re.escape(HOME) + "$"))
