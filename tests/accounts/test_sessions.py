"""Session limits: idle timeout, absolute lifetime, end at browser close."""

import datetime
import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from procesregie.accounts.middleware import SESSION_LAST_SEEN, SESSION_LOGIN_AT
from tests.accounts.helpers import LOGIN_URL, VERIFY_URL, full_login, password_step
from tests.logins import verified_login

pytestmark = pytest.mark.django_db

CASES_URL = reverse("casework:case-list")


def age_session(client, **seconds_ago):
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = time.time() - ago
    session.save()


def test_idle_session_ends(client, user, device):
    verified_login(client, user)
    age_session(client, **{SESSION_LAST_SEEN: 15 * 60 + 5})
    response = client.get(CASES_URL, follow=True)
    assert response.redirect_chain[0][0].startswith(LOGIN_URL)
    assert "niet actief was" in response.content.decode()
    assert not client.session.get("_auth_user_id")


def test_activity_keeps_the_session_alive(client, user, device):
    verified_login(client, user)
    age_session(client, **{SESSION_LAST_SEEN: 14 * 60})
    assert client.get(CASES_URL).status_code == 200
    assert time.time() - client.session[SESSION_LAST_SEEN] < 5


def test_activity_is_written_at_most_once_a_minute(client, user, device):
    """Page views within a minute do not rewrite the session row; the first one after a minute does, and
    pushes the server-side expiry forward by the idle timeout."""
    verified_login(client, user)
    age_session(client, **{SESSION_LAST_SEEN: 30})
    row = Session.objects.get(session_key=client.session.session_key)
    assert client.get(CASES_URL).status_code == 200
    assert Session.objects.get(pk=row.pk).expire_date == row.expire_date
    assert time.time() - client.session[SESSION_LAST_SEEN] >= 30

    age_session(client, **{SESSION_LAST_SEEN: 61})
    row = Session.objects.get(pk=row.pk)
    assert client.get(CASES_URL).status_code == 200
    assert Session.objects.get(pk=row.pk).expire_date > row.expire_date
    assert time.time() - client.session[SESSION_LAST_SEEN] < 5


@override_settings(IDLE_TIMEOUT=datetime.timedelta(minutes=2))
def test_idle_timeout_follows_the_setting(client, user, device):
    verified_login(client, user)
    age_session(client, **{SESSION_LAST_SEEN: 3 * 60})
    assert client.get(CASES_URL).url.startswith(LOGIN_URL)


def test_session_ends_after_the_absolute_lifetime_even_when_active(client, user, device):
    verified_login(client, user)
    age_session(client, **{SESSION_LOGIN_AT: 10 * 3600 + 5, SESSION_LAST_SEEN: 10})
    response = client.get(CASES_URL, follow=True)
    assert response.redirect_chain[0][0].startswith(LOGIN_URL)
    assert "10 uur geleden" in response.content.decode()


def test_half_login_also_times_out(client, user, device):
    password_step(client, user.username)
    age_session(client, **{SESSION_LAST_SEEN: 16 * 60})
    assert client.get(VERIFY_URL).url == LOGIN_URL


def test_session_without_clock_is_not_trusted(client, user, device):
    verified_login(client, user)
    session = client.session
    del session[SESSION_LOGIN_AT]
    session.save()
    assert client.get(CASES_URL).url.startswith(LOGIN_URL)


def test_cookie_ends_with_the_browser_and_server_side_expiry_is_the_idle_time(client, user, device):
    response = full_login(client, user, device)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    expiry = Session.objects.get(session_key=cookie.value).expire_date
    assert abs((expiry - timezone.now()) - datetime.timedelta(minutes=15)) < datetime.timedelta(seconds=30)
