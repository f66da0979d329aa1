"""Lockout: five failures (passwords and codes together) per username + client address, for 15 minutes."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from procesregie.accounts.lockout import client_ip
from tests.accounts.helpers import (
    IP_A,
    IP_B,
    LOGIN_URL,
    LOGOUT_URL,
    VERIFY_URL,
    code_step,
    full_login,
    password_step,
    totp_code,
    without_csrf_token,
    wrong_code,
)

pytestmark = pytest.mark.django_db

LOCKED = "Inloggen tijdelijk geblokkeerd"
WRONG = "een-verkeerd-wachtwoord"
CASES_URL = reverse("casework:case-list")


def fail_passwords(client, username, times, *, ip=IP_A):
    return [password_step(client, username, WRONG, ip=ip) for _ in range(times)]


def test_fifth_wrong_password_locks_that_username_at_that_address(client, user, device):
    responses = fail_passwords(client, user.username, 5)
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert LOCKED in responses[-1].content.decode()
    assert "Probeer het over 15 minuten opnieuw." in responses[-1].content.decode()
    assert responses[-1]["Retry-After"] == "900"

    # The right password does not help from that address...
    response = password_step(client, user.username, ip=IP_A)
    assert response.status_code == 429
    assert not client.session.get("_auth_user_id")

    # ...but from another address the user logs in as usual.
    other = Client()
    assert password_step(other, user.username, ip=IP_B).url == VERIFY_URL
    assert code_step(other, totp_code(device), ip=IP_B).status_code == 302
    assert other.get(CASES_URL, REMOTE_ADDR=IP_B).status_code == 200


def test_lockout_looks_the_same_for_an_unknown_username(client, user):
    known = fail_passwords(client, user.username, 5)[-1]
    unknown = fail_passwords(Client(), "niemand-bekend", 5)[-1]
    assert known.status_code == unknown.status_code == 429
    assert without_csrf_token(known.content.decode()) == without_csrf_token(unknown.content.decode())


def test_lockout_ends_after_the_cool_off(client, user, device):
    fail_passwords(client, user.username, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert full_login(client, user, device).status_code == 302
    assert client.get(CASES_URL).status_code == 200


def test_wrong_codes_count_towards_the_lockout_and_end_the_half_login(client, user, device):
    password_step(client, user.username)
    responses = [code_step(client, wrong_code(device)) for _ in range(5)]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert LOCKED in responses[-1].content.decode()
    # The session that passed the password step is gone, and the password alone does not open it again.
    assert client.get(VERIFY_URL).url == LOGIN_URL
    assert password_step(client, user.username).status_code == 429


def test_passing_the_password_again_does_not_reset_the_code_failures(client, user, device):
    password_step(client, user.username)
    for _ in range(3):
        code_step(client, wrong_code(device))
    client.post(LOGOUT_URL)
    password_step(client, user.username)
    assert code_step(client, wrong_code(device)).status_code == 200
    assert code_step(client, wrong_code(device)).status_code == 429


def test_a_half_login_from_before_the_lockout_cannot_finish(client, user, device):
    assert password_step(client, user.username).url == VERIFY_URL
    fail_passwords(Client(), user.username, 5)  # same address, another browser
    response = code_step(client, totp_code(device))
    assert response.status_code == 429
    assert client.get(CASES_URL).url.startswith(LOGIN_URL)


def test_a_completed_login_clears_the_failures(client, user, device):
    fail_passwords(client, user.username, 4)
    full_login(client, user, device)
    client.post(LOGOUT_URL)
    assert [r.status_code for r in fail_passwords(client, user.username, 4)] == [200] * 4


def test_attempt_records_hold_no_password_or_code(client, user, device):
    fail_passwords(client, user.username, 1)
    password_step(client, user.username)
    code = wrong_code(device)
    code_step(client, code)
    attempt = AccessAttempt.objects.get()
    assert attempt.failures_since_start == 2
    assert WRONG not in attempt.post_data and code not in attempt.post_data


@override_settings(PROCESREGIE_TRUSTED_PROXIES=1)
def test_behind_a_proxy_the_address_the_proxy_saw_counts(rf):
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, " + IP_A)
    assert client_ip(request) == IP_A  # not the spoofable left-most entry
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="<script>")) == "10.0.0.1"


@override_settings(PROCESREGIE_TRUSTED_PROXIES=2)
def test_a_forged_address_behind_a_miscounted_proxy_is_still_counted(client, user):
    """With two proxies counted but one present, the client writes the entry read: text that is no address
    must neither break the login (an inet column on PostgreSQL) nor escape the lockout."""
    for n in range(5):
        forged = f"geen-ip-{n}, 10.0.0.1"
        data = {"username": user.username, "password": WRONG}
        response = client.post(LOGIN_URL, data, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forged)
    assert response.status_code == 429


def test_without_a_proxy_the_forwarded_header_is_ignored(rf):
    assert client_ip(rf.get("/", REMOTE_ADDR=IP_A, HTTP_X_FORWARDED_FOR=IP_B)) == IP_A
