"""The login flow as a user and as an attacker meet it: password, then a second factor, nothing in between."""

import re
from base64 import b32decode
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from procesregie.accounts import mfa
from tests.accounts.helpers import (
    ENROL_URL,
    LOGIN_URL,
    LOGOUT_URL,
    VERIFY_URL,
    code_step,
    current_totp_code,
    full_login,
    password_step,
    totp_code,
    without_csrf_token,
    wrong_code,
)
from tests.factories import PASSWORD
from tests.logins import verified_login

pytestmark = pytest.mark.django_db

CASES_URL = reverse("casework:case-list")


def is_verified_session(client) -> bool:
    """The case list opens (instead of redirecting to a login page)."""
    return client.get(CASES_URL).status_code == 200


def test_anonymous_user_is_sent_to_the_login_with_next(client):
    response = client.get(CASES_URL + "?status=in_regie")
    assert response.status_code == 302
    assert response.url == LOGIN_URL + "?next=%2Fcasussen%2F%3Fstatus%3Din_regie"


def test_unknown_urls_and_posts_also_go_to_the_login_without_content(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 302 and response.url.startswith(LOGIN_URL)
    response = client.post(CASES_URL, {"x": "y"})
    assert response.status_code == 302 and response.url == LOGIN_URL  # a POST is not replayed after login


def test_htmx_request_gets_a_full_page_redirect_instead_of_a_fragment(client):
    response = client.get(CASES_URL, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/casussen/")
    assert response.status_code == 401
    assert response["HX-Redirect"] == LOGIN_URL + "?next=%2Fcasussen%2F"  # the page's path, not its address
    assert response.content == b""


def test_password_alone_gives_access_to_nothing_but_the_code_step(client, user, device):
    response = password_step(client, user.username)
    assert response.status_code == 302 and response.url == VERIFY_URL

    for url in (CASES_URL, reverse("casework:home"), reverse("casework:case-detail", args=[1])):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(VERIFY_URL), url
    assert client.get(VERIFY_URL).status_code == 200

    response = code_step(client, totp_code(device))
    assert response.status_code == 302
    assert is_verified_session(client)


def test_after_the_code_the_user_lands_on_the_page_asked_for(client, user, device):
    login_page = client.get(CASES_URL + "?page=2").url
    next_url = parse_qs(urlsplit(login_page).query)["next"][0]
    assert next_url == "/casussen/?page=2"
    login_form = client.get(login_page).content.decode()
    assert '<input type="hidden" name="next" value="/casussen/?page=2">' in login_form

    password_step(client, user.username, next_url=next_url)
    response = code_step(client, totp_code(device))
    assert response.status_code == 302 and response.url == "/casussen/?page=2"


@pytest.mark.parametrize(
    "evil", ["https://evil.example/", "//evil.example/pad", "javascript:alert(1)", "http://testserver.evil.example/"]
)
def test_next_pointing_elsewhere_is_ignored(client, user, device, evil):
    password_step(client, user.username, next_url=evil)
    response = code_step(client, totp_code(device))
    assert response.status_code == 302
    assert response.url == reverse("casework:home")


def test_the_code_page_without_the_password_step_sends_to_the_login(client, device):
    assert client.get(VERIFY_URL).url == LOGIN_URL
    assert client.post(VERIFY_URL, {"otp_token": totp_code(device)}).url == LOGIN_URL


def test_unknown_user_and_wrong_password_get_the_same_answer(client, user):
    unknown = password_step(client, "niemand-bekend", "een-wachtwoord-van-genoeg-lengte")
    wrong = password_step(client, user.username, "een-wachtwoord-van-genoeg-lengte")
    assert unknown.status_code == wrong.status_code == 200
    assert "De combinatie van gebruikersnaam en wachtwoord is onjuist." in unknown.content.decode()
    # Identical apart from the username the user typed (which the form shows again) and the CSRF token.
    assert without_csrf_token(unknown.content.decode()).replace("niemand-bekend", "X") == without_csrf_token(
        wrong.content.decode()
    ).replace(user.username, "X")
    assert not client.session.get("_auth_user_id")


def test_inactive_user_gets_the_same_answer_as_a_wrong_password(client, user):
    user.is_active = False
    user.save()
    response = password_step(client, user.username)
    assert response.status_code == 200
    assert "De combinatie van gebruikersnaam en wachtwoord is onjuist." in response.content.decode()


def test_totp_code_is_accepted_only_once(client, user, device):
    code = totp_code(device)
    password_step(client, user.username)
    assert code_step(client, code).status_code == 302
    client.post(LOGOUT_URL)

    password_step(client, user.username)
    replay = code_step(client, code)
    assert replay.status_code == 200
    assert "Deze code is onjuist, verlopen of al gebruikt." in replay.content.decode()
    assert not is_verified_session(client)


def test_wrong_code_is_refused(client, user, device):
    password_step(client, user.username)
    response = code_step(client, wrong_code(device))
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not is_verified_session(client)


def test_recovery_code_works_once(client, user, device, recovery_codes):
    code = mfa.format_recovery_code(recovery_codes[0]).upper()  # as typed from paper: dash, capitals
    password_step(client, user.username)
    response = code_step(client, code)
    assert response.status_code == 302
    assert is_verified_session(client)
    assert StaticToken.objects.filter(device__user=user).count() == 9
    client.post(LOGOUT_URL)

    password_step(client, user.username)
    assert code_step(client, code).status_code == 200
    assert not is_verified_session(client)


def test_recovery_code_login_says_how_many_are_left(client, user, device, recovery_codes):
    password_step(client, user.username)
    response = client.post(VERIFY_URL, {"otp_token": recovery_codes[3]}, follow=True)
    assert "U hebt nog 9 herstelcodes over." in response.content.decode()


def test_session_key_changes_at_both_steps_and_old_keys_are_dead(client, user, device):
    before = SessionStore()
    before["voorkeur"] = "iets"
    before.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = before.session_key  # e.g. planted by an attacker

    password_step(client, user.username)
    after_password = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after_password != before.session_key
    assert not Session.objects.filter(session_key=before.session_key).exists()

    code_step(client, totp_code(device))
    after_code = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after_code not in (after_password, before.session_key)
    assert not Session.objects.filter(session_key=after_password).exists()
    assert is_verified_session(client)

    for old_key in (before.session_key, after_password):
        other = Client()
        other.cookies[settings.SESSION_COOKIE_NAME] = old_key
        response = other.get(CASES_URL)
        assert response.status_code == 302 and response.url.startswith(LOGIN_URL)


def test_logout_requires_post(client, user, device):
    full_login(client, user, device)
    assert client.get(LOGOUT_URL).status_code == 405
    assert is_verified_session(client)

    response = client.post(LOGOUT_URL)
    assert response.status_code == 302 and response.url == LOGIN_URL
    assert client.get(CASES_URL).url.startswith(LOGIN_URL)


def test_login_post_requires_the_csrf_token(user, device):
    client = Client(enforce_csrf_checks=True)
    response = client.post(LOGIN_URL, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 403
    assert "Formulier verlopen" in response.content.decode()
    assert not client.session.get("_auth_user_id")

    page = client.get(LOGIN_URL)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(LOGIN_URL, {"username": user.username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and response.url == VERIFY_URL


def test_code_and_logout_posts_require_the_csrf_token(user, device):
    client = Client(enforce_csrf_checks=True)
    verified_login(client, user)
    assert client.post(LOGOUT_URL).status_code == 403
    assert client.get(CASES_URL).status_code == 200  # still logged in


def test_login_page_of_a_verified_user_goes_on_to_the_application(client, user, device):
    verified_login(client, user)
    response = client.get(LOGIN_URL)
    assert response.status_code == 302 and response.url == reverse("casework:home")


# --- First login: setting up the authenticator app -----------------------------------------------------


def enrolment_secret(response) -> str:
    match = re.search(r'<code class="utrecht-code" id="totp-secret">([A-Z2-7 ]+)</code>', response.content.decode())
    return match.group(1).replace(" ", "")


def test_first_login_sets_up_the_app_and_shows_recovery_codes_once(client, user):
    password_step(client, user.username)
    assert client.get(VERIFY_URL).url == ENROL_URL
    assert client.get(CASES_URL).url.startswith(VERIFY_URL)  # still nothing else

    page = client.get(ENROL_URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg role="img"' in html and "<title>" in html  # the QR code, inline
    secret = enrolment_secret(page)
    key = b32decode(secret)
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed and device.bin_key == key
    assert f"secret={secret}" in device.config_url and "issuer=Procesregie" in device.config_url

    response = client.post(ENROL_URL, {"otp_token": current_totp_code(key)})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    shown = re.findall(r'<code class="utrecht-code">([a-z2-9]{5}-[a-z2-9]{5})</code>', response.content.decode())
    assert len(shown) == 10
    assert sorted(code.replace("-", "") for code in shown) == sorted(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )
    device.refresh_from_db()
    assert device.confirmed
    assert is_verified_session(client)
    # Once: the codes are not on any page the user can open again.
    assert client.get(ENROL_URL).status_code == 302


def test_wrong_code_does_not_confirm_the_app(client, user):
    password_step(client, user.username)
    client.get(ENROL_URL)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(ENROL_URL, {"otp_token": wrong_code(device)})
    assert response.status_code == 200
    assert "Deze code klopt niet." in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not is_verified_session(client)


def test_each_enrolment_session_gets_a_new_secret(client, user):
    password_step(client, user.username)
    first = enrolment_secret(client.get(ENROL_URL))
    assert enrolment_secret(client.get(ENROL_URL)) == first  # reloading keeps it

    other = Client()
    password_step(other, user.username)
    second = enrolment_secret(other.get(ENROL_URL))
    assert second != first
    assert TOTPDevice.objects.filter(user=user).count() == 1  # the first, unconfirmed, is gone


def test_a_user_with_an_app_cannot_set_up_another_with_only_the_password(client, user, device):
    password_step(client, user.username)
    response = client.get(ENROL_URL)
    assert response.status_code == 302 and response.url == VERIFY_URL
    client.post(ENROL_URL, {"otp_token": "123456"})
    assert list(TOTPDevice.objects.filter(user=user)) == [device]


def test_reset_mfa_makes_the_user_set_up_a_new_app(client, user, device, recovery_codes):
    verified_login(client, user)
    call_command("reset_mfa", user.username, stdout=StringIO())
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()
    assert client.get(CASES_URL).url.startswith(VERIFY_URL)  # the verified session is verified no more

    other = Client()
    password_step(other, user.username)
    assert other.get(VERIFY_URL).url == ENROL_URL


def test_a_browser_subresource_or_unknown_path_is_not_remembered_as_the_landing_page(client):
    favicon = client.get("/favicon.ico", headers={"Sec-Fetch-Dest": "image"})
    assert favicon.status_code == 302 and "next=" not in favicon.url
    unknown = client.get("/bestaat-niet/")
    assert unknown.status_code == 302 and "next=" not in unknown.url
    page = client.get("/casussen/", headers={"Sec-Fetch-Dest": "document"})
    assert page.status_code == 302 and "next=%2Fcasussen%2F" in page.url
