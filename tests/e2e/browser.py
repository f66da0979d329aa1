"""Helpers for the end-to-end tests: the real login, screenshots, axe-core, and what a page must never do.

Everything here drives Debian's chromium through Playwright's sync API; the fixtures are in conftest.py.

- `login(page, user)`: the real pages: username and password on /inloggen/, then a TOTP code computed
  from the user's confirmed device on /inloggen/code/. Nothing is forced into the session.
- `Watch`: per browser context, every JavaScript dialog (alert/confirm/prompt), every Content-Security-
  Policy violation (the `securitypolicyviolation` DOM event, reported with the offending element; chromium's
  console says the same with less detail) and every uncaught page error. An XSS payload that executes shows up here; so does inline script or style that
  the CSP blocks.
- `axe_violations(page)`: axe-core's WCAG 2.0/2.1 A and AA rules on the current document.
- `screenshot(page, name)`: test-artifacts/screenshots/NAME.png (gitignored), the whole page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import BrowserContext, Dialog, Page, expect

from tests.accounts.helpers import totp_code
from tests.factories import PASSWORD

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
# Headless in a container as root, on a closed network: no sandbox (needs user namespaces), no GPU, and
# nothing that phones home (component updates, sync, field trials, first-run pages).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Installed into every page of a watched context before any of the page's own scripts. Init scripts are
# evaluated by the DevTools protocol, not as <script> elements, so the page's CSP does not apply to them.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__procesregieReportCsp({
    directive: event.effectiveDirective || event.violatedDirective,
    blocked: event.blockedURI,
    sample: event.sample,
    source: event.sourceFile + ":" + event.lineNumber,
    page: document.location.href,
    element: (event.target && event.target.outerHTML ? event.target.outerHTML : String(event.target)).slice(0, 200),
  });
}, true);
"""


@dataclass
class Watch:
    """What the pages of one browser context did that they must never do."""

    dialogs: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def attach(self, context: BrowserContext) -> None:
        context.expose_binding("__procesregieReportCsp", lambda _source, report: self.csp_violations.append(
            json.dumps(report, ensure_ascii=False)))
        context.add_init_script(script=_CSP_LISTENER)
        context.on("page", self._watch_page)
        for page in context.pages:
            self._watch_page(page)

    def _watch_page(self, page: Page) -> None:
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda error: self.page_errors.append(f"{page.url}: {error}"))

    def _on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message!r} on {dialog.page.url if dialog.page else '?'}")
        dialog.dismiss()

    def assert_clean(self) -> None:
        """No dialog opened, no CSP violation, no uncaught script error, on any page of the context so far."""
        problems = (
            [f"dialog fired: {item}" for item in self.dialogs]
            + [f"CSP violation: {item}" for item in self.csp_violations]
            + [f"page error: {item}" for item in self.page_errors]
        )
        assert not problems, "\n".join(problems)


# --- login -------------------------------------------------------------------------------------------


def confirmed_device(user) -> TOTPDevice:
    """The user's confirmed authenticator app (created once, as enrolment would leave it)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="e2e", confirmed=True
    )


def password_step(page: Page, username: str, password: str = PASSWORD) -> None:
    page.goto(reverse("accounts:login"))
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen", exact=True).click()


def code_step(page: Page, code: str) -> None:
    page.get_by_label("Code", exact=True).fill(code)
    page.get_by_role("button", name="Inloggen", exact=True).click()


def login(page: Page, user, *, password: str = PASSWORD) -> None:
    """Log in through the real pages: password, then a code from the user's confirmed TOTP device."""
    device = confirmed_device(user)
    password_step(page, user.username, password)
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:verify")) + r"(\?.*)?$"))
    code_step(page, totp_code(device))
    expect(page).not_to_have_url(re.compile(r"/inloggen/"))
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


# --- artefacts and accessibility ---------------------------------------------------------------------


_MARK_STYLED = "() => { window.__e2eStyled = new Set(document.querySelectorAll('[style]')); }"
_UNSTYLE = """() => {
  const styled = window.__e2eStyled || new Set();
  document.querySelectorAll("[style]").forEach((element) => { if (!styled.has(element)) element.removeAttribute("style"); });
}"""


def screenshot(page: Page, name: str) -> Path:
    """The whole page as test-artifacts/screenshots/NAME.png. Playwright's screenshot leaves empty style
    attributes behind, which htmx later copies with setAttribute (a false CSP report): removed again."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.evaluate(_MARK_STYLED)
    page.screenshot(path=str(path), full_page=True)
    page.evaluate(_UNSTYLE)
    return path


def _axe_source() -> str:
    if not AXE_JS.exists():
        raise AssertionError(f"{AXE_JS} is missing: run `npm ci` (axe-core is pinned in package.json)")
    return AXE_JS.read_text(encoding="utf-8")


# axe-core leaves an empty style attribute on elements it measured (color-contrast). htmx copies `style` from
# an old element to its replacement with setAttribute, which the CSP (style-src-attr) then reports: a false
# violation caused by the audit. So the attributes axe added are taken away again (removeAttribute is allowed).
_AXE_RUN = """
async (tags) => {
  const styled = new Set(document.querySelectorAll("[style]"));
  const results = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  document.querySelectorAll("[style]").forEach((element) => {
    if (!styled.has(element)) element.removeAttribute("style");
  });
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), html: n.html, summary: n.failureSummary})),
  }));
}
"""


def axe_violations(page: Page) -> list[dict]:
    """axe-core's WCAG 2.0/2.1 A+AA violations on the current document (nothing reloaded, nothing posted),
    plus `duplicate-label-target` (see `duplicate_label_targets`).

    Why not `page.add_script_tag(path=...)`: Playwright turns that into an inline <script> element, which the
    app's CSP (script-src 'self') rightly blocks. `page.evaluate(source)` runs the source through the DevTools
    protocol instead, which is outside the page's CSP, so the CSP stays on for the page itself and the audit
    sees the page exactly as a user gets it (`bypass_csp` would change the page under test).
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    return page.evaluate(_AXE_RUN, WCAG_TAGS) + duplicate_label_targets(page)


_DUPLICATE_TARGETS = """
() => {
  const referenced = new Set();
  document.querySelectorAll("label[for]").forEach((label) => referenced.add(label.htmlFor));
  document.querySelectorAll("[aria-labelledby], [aria-describedby]").forEach((element) => {
    for (const name of ["aria-labelledby", "aria-describedby"]) {
      (element.getAttribute(name) || "").split(/\\s+/).filter(Boolean).forEach((id) => referenced.add(id));
    }
  });
  const found = [];
  for (const id of referenced) {
    const elements = document.querySelectorAll(`[id="${CSS.escape(id)}"]`);
    if (elements.length > 1) {
      found.push({target: "#" + id, html: Array.from(elements).map((e) => e.outerHTML.slice(0, 120)).join(" | "),
                  summary: `${elements.length} elements have id="${id}"; a label or ARIA reference reaches only the first`});
    }
  }
  return found;
}
"""


def duplicate_label_targets(page: Page) -> list[dict]:
    """Ids that a <label for> or aria-labelledby/-describedby points at and that occur more than once: the
    reference then reaches the first element only, so a field is announced with another field's label
    (WCAG 1.3.1, 4.1.2). axe-core 4.x no longer reports duplicate ids itself. In axe's violation shape."""
    nodes = page.evaluate(_DUPLICATE_TARGETS)
    if not nodes:
        return []
    return [{"id": "duplicate-label-target", "impact": "serious",
             "help": "Ids that labels and ARIA attributes refer to must be unique", "helpUrl": "", "tags": [],
             "nodes": nodes}]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}: {node['html'][:200]}")
            summary = (node["summary"] or "").replace("\n", "\n      ")
            lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_accessible(page: Page, name: str) -> None:
    """A screenshot for the record, then no WCAG 2.1 A/AA violation that axe-core can find."""
    screenshot(page, name)
    violations = axe_violations(page)
    assert not violations, f"axe-core: WCAG 2.1 A/AA violations on {name} ({page.url}):\n" + format_violations(
        violations
    )
