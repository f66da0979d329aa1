"""The interface language: Dutch for everyone, English for whoever chooses it with the switch in the header."""

import datetime
import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from tests.accounts.helpers import LOGIN_URL
from tests.logins import verified_login

pytestmark = pytest.mark.django_db

LANGUAGE_URL = reverse("accounts:language")
HOME = reverse("worklists:home")
SOURCE = Path(settings.BASE_DIR)
CATALOGUE = SOURCE / "locale" / "en" / "LC_MESSAGES"


@pytest.fixture(autouse=True)
def dutch_afterwards():
    """A request in English leaves English active in this thread; the tests after this module expect Dutch."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def choose(client, language: str, next_url: str = HOME):
    return client.post(LANGUAGE_URL, {"language": language, "next": next_url})


def test_dutch_by_default_whatever_the_browser_prefers(client):
    page = client.get(LOGIN_URL, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="nl"' in page
    assert "Wachtwoord" in page and ">English</button>" in page


def test_english_on_the_login_page_after_choosing_it(client):
    response = choose(client, "en", LOGIN_URL)
    assert response.status_code == 302 and response.url == LOGIN_URL
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en" and cookie["httponly"] and cookie["samesite"] == "Lax"
    page = client.get(LOGIN_URL).content.decode()
    assert '<html lang="en"' in page
    assert "Password" in page and "Wachtwoord" not in page
    assert ">Nederlands</button>" in page


def test_the_switch_keeps_the_page_and_the_login(client, user, device):
    verified_login(client, user)
    assert "Uitloggen" in client.get(HOME).content.decode()
    response = choose(client, "en", HOME + "?tab=1")
    assert response.url == HOME + "?tab=1"
    page = client.get(HOME).content.decode()
    assert "Log out" in page and "Uitloggen" not in page
    choose(client, "nl")
    assert "Uitloggen" in client.get(HOME).content.decode()


def test_english_dates_put_the_day_first():
    """03/04/2025 is the third of April in the English interface too, as everyone at the table reads it."""
    day = datetime.date(2025, 4, 3)
    with translation.override("en"):
        assert date_format(day, "SHORT_DATE_FORMAT") == "03/04/2025"
        assert date_format(day) == "3 April 2025"
    with translation.override("nl"):
        assert date_format(day, "SHORT_DATE_FORMAT") == "3-4-2025"


def test_an_unknown_language_changes_nothing_and_says_so(client):
    choose(client, "en", LOGIN_URL)
    response = client.post(LANGUAGE_URL, {"language": "xx", "next": LOGIN_URL}, follow=True)
    assert response.redirect_chain == [(LOGIN_URL, 302)]
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert "This language is not available." in response.content.decode()


def test_a_forged_cookie_falls_back_to_dutch(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "../../etc"
    page = client.get(LOGIN_URL).content.decode()
    assert '<html lang="nl"' in page and "Wachtwoord" in page


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/werk/", "javascript:alert(1)", ""])
def test_the_switch_never_leaves_the_site(client, next_url):
    response = choose(client, "en", next_url)
    assert response.status_code == 302 and response.url == reverse(settings.LOGIN_REDIRECT_URL)


def test_the_switch_takes_only_post(client):
    assert client.get(LANGUAGE_URL + "?language=en").status_code == 405
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies


# --- the catalogue -----------------------------------------------------------------------------------------


def _gettext_tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is missing: GNU gettext (`make test` installs it via scripts/system-packages)"
    return path


def _statistics(po: Path) -> str:
    done = subprocess.run([_gettext_tool("msgfmt"), "--check", "--statistics", "-o", "/dev/null", str(po)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stderr.strip()


def test_every_interface_text_has_an_english_translation(tmp_path):
    """`make messages` on a copy of the source finds nothing new to translate: no untranslated or fuzzy entry.
    Without settings, so makemessages writes into the copy and never into the source tree."""
    copy = tmp_path / "procesregie"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    _gettext_tool("xgettext")
    done = subprocess.run(
        [str(Path(sys.executable).parent / "django-admin"), "makemessages", "--locale", "en", "--no-obsolete"],
        cwd=copy, capture_output=True, text=True, check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    statistics = _statistics(copy / "locale" / "en" / "LC_MESSAGES" / "django.po")
    assert re.fullmatch(r"\d+ translated messages\.", statistics), (
        f"{statistics}: run `make messages` and translate the new entries")


def test_the_compiled_catalogue_is_the_current_one(tmp_path):
    """django.mo (what the server reads) holds exactly what django.po says."""
    compiled = tmp_path / "django.mo"
    subprocess.run([_gettext_tool("msgfmt"), "-o", str(compiled), str(CATALOGUE / "django.po")], check=True)
    with compiled.open("rb") as fresh, (CATALOGUE / "django.mo").open("rb") as shipped:
        assert gettext.GNUTranslations(shipped)._catalog == gettext.GNUTranslations(fresh)._catalog, (
            "django.mo is out of date: run `make messages`")
