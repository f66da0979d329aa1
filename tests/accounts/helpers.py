"""Log in through the real flow in tests: real passwords, real TOTP codes computed from the device's key.

`verified_login(client, user)` (from tests/logins.py) is the short way: a logged-in session that has passed the
second factor, without going through the login pages.
"""

import re

from django.urls import reverse
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD

LOGIN_URL = reverse("accounts:login")
VERIFY_URL = reverse("accounts:verify")
ENROL_URL = reverse("accounts:enrol")
LOGOUT_URL = reverse("accounts:logout")

IP_A = "192.0.2.10"  # documentation addresses (RFC 5737): never real clients
IP_B = "198.51.100.20"


def totp_code(device: TOTPDevice) -> str:
    """A valid code for a time step the device has not accepted yet (the current one if still unused)."""
    device.refresh_from_db()
    current = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    step = max(current, device.last_t + 1)
    assert step <= current + device.tolerance, "more logins in one 30-second step than the tolerance allows"
    return f"{hotp(device.bin_key, step, digits=device.digits):0{device.digits}d}"


def current_totp_code(key: bytes) -> str:
    """The code an authenticator app with this key shows right now."""
    return f"{TOTP(key).token():06d}"


def wrong_code(device: TOTPDevice) -> str:
    """A six-digit code that no step within the tolerance accepts."""
    device.refresh_from_db()
    current = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    valid = {hotp(device.bin_key, current + d, digits=device.digits) for d in range(-2, 3)}
    return next(f"{n:06d}" for n in range(1_000_000) if n not in valid)


def password_step(client, username: str, password: str = PASSWORD, *, ip: str = IP_A, next_url: str | None = None):
    data = {"username": username, "password": password}
    if next_url is not None:
        data["next"] = next_url
    return client.post(LOGIN_URL, data, REMOTE_ADDR=ip)


def code_step(client, code: str, *, ip: str = IP_A):
    return client.post(VERIFY_URL, {"otp_token": code}, REMOTE_ADDR=ip)


def full_login(client, user, device: TOTPDevice, *, ip: str = IP_A):
    response = password_step(client, user.username, ip=ip)
    assert response.status_code == 302 and response.url == VERIFY_URL, response
    return code_step(client, totp_code(device), ip=ip)


_CSRF = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]+')


def without_csrf_token(html: str) -> str:
    """The page with the per-response (masked) CSRF tokens blanked, so two responses can be compared."""
    return _CSRF.sub(r"\1", html)
