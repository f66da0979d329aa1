"""The site's own error pages, and the demo served like production: no debug pages, no bare 500s.

In-process tests run with DEBUG off (as pytest-django always does); the last ones start the server the way
`make demo` does and ask it over HTTP, since a development server with DEBUG on behaves differently (its own
static file handler answered `/static/%2e%2e/…` with a bare 500, and every 404 listed the URL patterns).
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.test import Client

from tests.core.failing_urls import SECRET
from tests.factories import UserFactory
from tests.logins import verified_login

REPO = Path(__file__).resolve().parents[2]
CONSOLE = Path(sys.executable).parent / "procesregie"
# What Django's debug pages show and an error page must not: the URL patterns, a traceback, the settings.
DEBUG_PAGE = ("URLconf", "urlpatterns", "Traceback", "DEBUG = True", "technical_")


def assert_site_error_page(html: str, heading: str) -> None:
    assert f'<h1 class="utrecht-heading-1">{heading}</h1>' in html
    assert "procesregie/app.css" in html, "the site's look"
    assert not [text for text in DEBUG_PAGE if text in html]


# --- in-process ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_unknown_page_is_the_sites_404_without_url_patterns(client):
    verified_login(client, UserFactory())
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert_site_error_page(html, "Pagina niet gevonden")
    assert "casussen/" not in html, "no list of the site's addresses"
    assert 'aria-label="Hoofdmenu"' in html, "a logged-in user keeps the menu"


@pytest.mark.django_db
def test_a_path_up_out_of_static_is_a_404(client):
    response = client.get("/static/%2e%2e/src/procesregie/config/settings.py")
    assert response.status_code == 404
    assert_site_error_page(response.content.decode(), "Pagina niet gevonden")


@pytest.mark.django_db
@pytest.mark.urls("tests.core.failing_urls")
def test_a_failing_page_is_the_sites_500_without_the_error():
    client = Client(raise_request_exception=False)
    verified_login(client, UserFactory())
    response = client.get("/kapot/")
    assert response.status_code == 500
    html = response.content.decode()
    assert_site_error_page(html, "Er is iets misgegaan")
    assert SECRET not in html and "RuntimeError" not in html


@pytest.mark.django_db
def test_a_refused_host_is_the_sites_400(client):
    response = client.get("/", HTTP_HOST="procesregie.example.org")
    assert response.status_code == 400
    assert_site_error_page(response.content.decode(), "Ongeldig verzoek")


# --- the demo's server ---------------------------------------------------------------------------------


def test_make_demo_runs_as_a_demo_installation():
    """The demo target sets what the server test below starts the server with."""
    makefile = (REPO / "Makefile").read_text()
    assert re.search(r"^demo: export PROCESREGIE_DEMO = true$", makefile, re.M)
    assert re.search(r"^\t\$\(BIN\)/procesregie runserver 127\.0\.0\.1:8000$", makefile, re.M)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def demo_server(tmp_path):
    """`procesregie runserver` on loopback with the demo's environment (collected static files, DEBUG unset)."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_DEBUG"}
    env.update(PROCESREGIE_DEMO="true", PROCESREGIE_VAR_DIR=str(tmp_path), PYTHONUNBUFFERED="1",
               DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    env.pop("PROCESREGIE_ENV", None)
    subprocess.run([str(CONSOLE), "collectstatic", "--noinput", "--verbosity", "0"], env=env, check=True,
                   timeout=300)
    port = _free_port()
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen([str(CONSOLE), "runserver", f"127.0.0.1:{port}", "--noreload"], env=env,
                              stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(base + "/static/procesregie/app.css")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((tmp_path / "server.log").read_text()) from None
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_the_demo_server_answers_like_production(demo_server):
    status, html = _get(demo_server + "/static/%2e%2e/x")
    assert status == 404
    assert_site_error_page(html, "Pagina niet gevonden")

    status, html = _get(demo_server + "/static/bestaat-niet.css")
    assert status == 404
    assert_site_error_page(html, "Pagina niet gevonden")

    status, css = _get(demo_server + "/static/procesregie/app.css")
    assert status == 200 and "procesregie" in css, "whitenoise serves the collected files with DEBUG off"

    status, html = _get(demo_server + "/inloggen/")
    assert status == 200 and 'name="username"' in html
