"""Fixtures of the end-to-end tests: Debian's chromium against pytest-django's live server.

- The browser is started once per test module (headless, the flags in browser.CHROMIUM_ARGS, a fresh
  temporary profile that Playwright creates and removes) and each test gets new contexts: no cookies,
  storage or cache shared between tests. Playwright's own browser download is never used.
- The app runs in `live_server` (a thread of this process) on a transactional test database: the browser's
  requests commit for real. tests/conftest.py empties the append-only access log after each such test.
- Tests are skipped only when /usr/bin/chromium is missing (`make test` installs it via
  scripts/system-packages). A missing Playwright package or axe-core is an installation error, not a skip.

Why DJANGO_ALLOW_ASYNC_UNSAFE: Playwright's sync API keeps an asyncio event loop running in the main
thread while the browser is up, and Django then refuses ORM calls from that thread (the tests create
their data through the ORM). The variable only silences that check; it is set while a module's browser
is running and removed when it stops, so the rest of the suite keeps the check.
"""

from __future__ import annotations

import contextlib
import re

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from procesregie.reference.services import closing_reasons_ensure
from tests import factories as f
from tests.personas import build_world

from .browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, Watch, confirmed_device

FAILURES = ARTIFACTS / "failures"

# Generous but bounded: the live server is a single thread and the first request of a test is slow.
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def browser() -> Browser:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (Debian's chromium; `make test` installs it via scripts/system-packages)")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            try:
                yield browser
            finally:
                browser.close()


class Contexts:
    """Makes watched browser contexts on the live server; closes them after the test."""

    def __init__(self, browser: Browser, base_url: str):
        self.browser = browser
        self.base_url = base_url
        self.opened: list[tuple[BrowserContext, Watch]] = []

    def new(self, **options) -> tuple[BrowserContext, Watch]:
        context = self.browser.new_context(
            base_url=self.base_url, locale="nl-NL", timezone_id="Europe/Amsterdam",
            viewport={"width": 1280, "height": 900}, **options,
        )
        context.set_default_timeout(TIMEOUT_MS)
        watch = Watch()
        watch.attach(context)
        self.opened.append((context, watch))
        return context, watch

    def page(self, **options) -> tuple[Page, Watch]:
        context, watch = self.new(**options)
        return context.new_page(), watch

    def close(self) -> None:
        for context, _watch in self.opened:
            context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.e2e_failed = report.failed


@pytest.fixture
def contexts(request, browser, live_server) -> Contexts:
    made = Contexts(browser, live_server.url)
    yield made
    if getattr(request.node, "e2e_failed", False):
        # What each page showed when the test failed: test-artifacts/failures/TEST-N.png (and .html).
        FAILURES.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        for number, page in enumerate(page for context, _ in made.opened for page in context.pages):
            with contextlib.suppress(Exception):
                page.screenshot(path=str(FAILURES / f"{name}-{number}.png"), full_page=True)
                (FAILURES / f"{name}-{number}.html").write_text(page.content(), encoding="utf-8")
    made.close()


@pytest.fixture
def watched(contexts) -> tuple[Page, Watch]:
    """One page in a fresh context, and the watch on it."""
    return contexts.page()


@pytest.fixture
def page(watched) -> Page:
    return watched[0]


@pytest.fixture
def watch(watched) -> Watch:
    return watched[1]


@pytest.fixture
def world(live_server):
    """tests/personas.py's world (one persona per role and relation), each user with a confirmed TOTP app."""
    closing_reasons_ensure(actor=None)  # the data migration's rows are gone after an earlier flush
    built = build_world()
    for user in built.users.values():
        if user is not None:
            confirmed_device(user)
    return built


@pytest.fixture
def chain_world(world):
    """The personas' world plus what the chain needs: life domains, an intervention, the partner at table A."""
    f.LifeDomainFactory(code="huisvesting", name="Huisvesting", position=1)
    f.LifeDomainFactory(code="financien", name="Financiën", position=2)
    f.InterventionFactory(code="schuldhulp", name="Schuldhulpverlening")
    police = world.users["participant"].organisation
    world.case.table.members.add(police)
    return world
