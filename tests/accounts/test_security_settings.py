"""Deployment settings, Content-Security-Policy, password hashing and password rules."""

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from procesregie.accounts.models import User
from tests.accounts.helpers import ENROL_URL, LOGIN_URL, password_step
from tests.factories import PASSWORD, CaseFactory, TableFactory
from tests.logins import verified_login

pytestmark = pytest.mark.django_db


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "PROCESREGIE_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "example.org",
        "PROCESREGIE_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "procesregie.config.settings",
    }
    env.pop("DJANGO_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = {**os.environ, "PROCESREGIE_ENV": "production", "PROCESREGIE_VAR_DIR": str(tmp_path)}
    env.pop("DJANGO_SECRET_KEY", None)
    env["DJANGO_SETTINGS_MODULE"] = "procesregie.config.settings"
    command = [sys.executable, "-m", "django", "check"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_content_security_policy_forbids_inline_code_and_framing(client):
    policy = client.get(LOGIN_URL)["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["base-uri"] == "'none'"
    assert "unsafe" not in policy


INLINE_CODE = [
    re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),  # a script element without src
    re.compile(r"<style\b", re.I),
    re.compile(r"\sstyle\s*=", re.I),
    re.compile(r"\son[a-z]+\s*=", re.I),  # onclick=, onload=, ...
    re.compile(r"javascript:", re.I),
]


def inline_code(html: str) -> list[str]:
    return [match.group(0) for pattern in INLINE_CODE for match in pattern.finditer(html)]


def test_login_pages_have_no_inline_script_or_style(client, user):
    assert inline_code(client.get(LOGIN_URL).content.decode()) == []
    password_step(client, user.username)
    assert inline_code(client.get(ENROL_URL).content.decode()) == []


def test_application_pages_have_no_inline_script_or_style(client, user, device):
    table = TableFactory()
    table.procesregisseurs.add(user)
    case = CaseFactory(table=table, registration__approach=table.approach)
    verified_login(client, user)
    for url in (reverse("casework:case-list"), reverse("casework:case-detail", args=[case.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url


def test_passwords_are_hashed_with_argon2(client, user):
    assert make_password("een-lang-genoeg-wachtwoord").startswith("argon2$argon2id$")
    assert user.password.startswith("argon2$")


def test_an_older_hash_is_upgraded_to_argon2_at_login(client, user):
    User.objects.filter(pk=user.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    password_step(client, user.username)
    user.refresh_from_db()
    assert user.password.startswith("argon2$")


@pytest.mark.parametrize("password", ["kort", "elf-tekens!", "123456789012345", "qwertyuiop123"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_long_uncommon_password_is_accepted():
    validate_password("paars-fietspad-onweer-17")
