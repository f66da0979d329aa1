"""The main pages in the browser: WCAG 2.1 A/AA (axe-core), the Content-Security-Policy holds, no XSS.

Each test walks pages as one persona and ends with `watch.assert_clean()`: no dialog, no CSP violation, no
uncaught script error on any page it opened. Screenshots land in test-artifacts/screenshots/.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from procesregie.casework.models import Participation
from tests import factories as f

from .browser import assert_accessible, axe_violations, login, screenshot

pytestmark = pytest.mark.browser

CASE_LIST = reverse("casework:case-list")
XSS_GIVEN = "<img src=x onerror=alert(1)>"
XSS_FAMILY = '"><script>alert(1)</script>'
XSS_REASON = "</dd><svg onload=alert(2)><script>alert(3)</script>"
XSS_NOTE = "<iframe srcdoc=\"<script>parent.alert(4)</script>\"></iframe>' onmouseover='alert(5)"


def case_url(case) -> str:
    return reverse("casework:case-detail", args=[case.pk])


def _case_list(page, world):
    page.goto(CASE_LIST)
    expect(page.get_by_role("link", name=world.case.registration.ref)).to_be_visible()


def _case_list_filter_error(page, world):
    page.goto(CASE_LIST + "?status=bestaat-niet")
    expect(page.locator(".utrecht-form-field-error-message")).to_be_visible()


def _case_page(page, world):
    _case_list(page, world)
    page.get_by_role("link", name=world.case.registration.ref).click()
    expect(page.get_by_role("heading", level=1, name="Geheime Persoon")).to_be_visible()


def _system_case_page(page, world):
    system_case = f.CaseFactory(
        table=world.case.table, registration__for_system=True, registration__system__members=2,
        registration__approach=world.case.registration.approach,
    )
    page.goto(case_url(system_case))
    expect(page.get_by_role("table", name="Leden van het systeem")).to_be_visible()


def _not_found(page, world):
    assert page.goto(reverse("casework:case-detail", args=[10**9])).status == 404


def _privacy_search(page, world):
    page.goto(reverse("privacy:subject-search"))
    expect(page.get_by_label("BSN, referentie of naam")).to_be_visible()


def _privacy_results(page, world):
    _privacy_search(page, world)
    page.get_by_label("BSN, referentie of naam").fill("Geheime")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("cell", name="Geheime Persoon")).to_be_visible()


def _privacy_subject_log(page, world):
    _privacy_results(page, world)
    page.get_by_role("link", name="Toegangsgeschiedenis").first.click()
    expect(page.get_by_role("heading", level=1, name=re.compile("Toegangsgeschiedenis van Geheime Persoon"))).to_be_visible()


def _work_list(page, world):
    page.goto(reverse("worklists:home"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def _search_results(page, world):
    page.goto(reverse("worklists:search") + "?q=Geheime")
    expect(page.get_by_role("link", name=world.case.registration.ref)).to_be_visible()


def _registration_system_form(page, world):
    page.goto(reverse("casework:registration-create-system"))
    expect(page.get_by_label("Naam van het systeem")).to_be_visible()


def _registration_form_errors(page, world):
    page.goto(reverse("casework:registration-create-person"))
    page.get_by_role("button", name="Aanmelding verzenden").click()
    expect(page.get_by_text("Vul de achternaam in.").first).to_be_visible()


def _registration_list(page, world):
    page.goto(reverse("casework:registration-list"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def _table_list(page, world):
    page.goto(reverse("meetings:table-list"))
    expect(page.get_by_role("link", name=world.case.table.name)).to_be_visible()


def _case_transfer_form(page, world):
    page.goto(reverse("casework:case-transfer", args=[world.case.pk]))
    expect(page.get_by_label("Naar aanpak")).to_be_visible()


def _annual_report(page, world):
    page.goto(reverse("reporting:annual-report") + f"?jaar={world.case.start_date.year}")
    expect(page.get_by_role("heading", level=1, name=re.compile("Jaarverslag"))).to_be_visible()


PAGES = [
    ("case-list", "regisseur", _case_list),
    ("case-list-filter-error", "regisseur", _case_list_filter_error),
    ("case-page", "regisseur", _case_page),
    ("case-page-system", "regisseur", _system_case_page),
    ("not-found", "regisseur", _not_found),
    ("privacy-search", "privacy_officer", _privacy_search),
    ("privacy-search-results", "privacy_officer", _privacy_results),
    ("privacy-subject-log", "privacy_officer", _privacy_subject_log),
    ("work-list", "regisseur", _work_list),
    ("work-list-partner", "participant", _work_list),
    ("search-results", "regisseur", _search_results),
    ("registration-system-form", "participant", _registration_system_form),
    ("registration-form-errors", "participant", _registration_form_errors),
    ("registration-list", "participant", _registration_list),
    ("table-list", "regisseur", _table_list),
    ("case-transfer-form", "regisseur", _case_transfer_form),
    ("annual-report", "manager", _annual_report),
]


@pytest.mark.parametrize(("name", "persona", "go"), PAGES, ids=[name for name, _, _ in PAGES])
def test_page_is_accessible_and_keeps_the_csp(world, page, watch, name, persona, go):
    login(page, world.users[persona])
    go(page, world)
    watch.assert_clean()
    assert_accessible(page, name)


def test_every_page_sends_the_strict_csp(world, page, watch):
    """The header is there on each page (the watch then proves nothing on the page breaks it)."""
    responses = [page.goto(reverse("accounts:login"))]
    login(page, world.users["regisseur"])
    responses += [page.goto(CASE_LIST), page.goto(case_url(world.case))]
    for response in responses:
        policy = response.headers.get("content-security-policy", "")
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, (response.url, policy)
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy, (response.url, policy)
    watch.assert_clean()


def test_other_organisation_finds_nothing_of_a_case(world, page, watch):
    """The other-organisation persona: not in the list, the case page answers 404 exactly like a missing one."""
    login(page, world.users["other_org"])
    page.goto(CASE_LIST)
    expect(page.get_by_role("link", name=world.other_case.registration.ref)).to_be_visible()
    expect(page.get_by_role("link", name=world.case.registration.ref)).to_have_count(0)
    expect(page.get_by_text("Geheime")).to_have_count(0)
    hidden = page.goto(case_url(world.case))
    hidden_body = page.content()
    assert hidden.status == 404
    missing = page.goto(reverse("casework:case-detail", args=[10**9]))
    assert missing.status == 404
    assert "Geheime" not in hidden_body and world.case.registration.ref not in hidden_body
    assert page.goto(reverse("privacy:subject-search") + "?q=Geheime").status == 404
    watch.assert_clean()


# --- cross-site scripting ----------------------------------------------------------------------------


@pytest.fixture
def xss_case(world):
    """A case at the regisseur's table whose every free text is a script payload."""
    case = f.CaseFactory(
        table=world.case.table,
        registration__approach=world.case.registration.approach,
        registration__reported_by=world.case.registration.reported_by,
        registration__person__given_name=XSS_GIVEN,
        registration__person__family_name=XSS_FAMILY,
        registration__reason=XSS_REASON,
        registration__triage_note=XSS_NOTE,
    )
    Participation.objects.create(case=case, organisation=world.case.registration.reported_by)
    return case


@pytest.mark.parametrize(
    "csp", [pytest.param(True, id="with-csp"), pytest.param(False, id="escaping-alone-csp-bypassed")]
)
def test_script_in_names_and_texts_stays_text(world, xss_case, contexts, csp):
    """With the CSP and without it (so the escaping is proven on its own): no dialog, the text shows literally."""
    page, watch = contexts.page(bypass_csp=not csp)
    login(page, world.users["regisseur"])
    page.goto(CASE_LIST)
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=xss_case.registration.ref))
    expect(row).to_contain_text(f"{XSS_GIVEN} {XSS_FAMILY}")
    if csp:
        screenshot(page, "xss-case-list")

    page.goto(case_url(xss_case))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{XSS_GIVEN} {XSS_FAMILY}")
    page.locator("#deel-aanmelding > summary").click()  # the registration of a case that has run a while is folded
    expect(page.get_by_text(XSS_REASON, exact=True)).to_be_visible()
    expect(page.get_by_text(XSS_NOTE, exact=True)).to_be_visible()
    if csp:
        screenshot(page, "xss-case-page")
    page.mouse.move(10, 10)
    page.get_by_text(XSS_NOTE, exact=True).hover()  # an attribute break-out would fire onmouseover here
    assert page.locator("main img, main svg[onload], main iframe, main script").count() == 0
    page.wait_for_timeout(300)  # give an injected handler time to run
    watch.assert_clean()


def test_script_in_a_name_stays_text_for_the_privacy_officer(world, xss_case, page, watch):
    login(page, world.users["privacy_officer"])
    page.goto(reverse("privacy:subject-search") + "?q=" + xss_case.registration.person.ref)
    expect(page.get_by_role("cell", name=f"{XSS_GIVEN} {XSS_FAMILY}")).to_be_visible()
    page.get_by_role("link", name="Toegangsgeschiedenis").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(XSS_FAMILY)
    assert page.locator("main img, main script").count() == 0
    page.wait_for_timeout(300)
    watch.assert_clean()


# --- the harness itself: each check can fail -----------------------------------------------------------


def test_the_watch_sees_dialogs_and_csp_violations(live_server, contexts):
    """A page that breaks the rules, served with the app's CSP: the watch must report both."""
    page, watch = contexts.page()
    html = "<!doctype html><title>t</title><script>alert('inline')</script><img src=x onerror=alert(1)>"
    policy = "default-src 'self'; script-src 'self'; img-src 'self' data:"
    page.route("**/e2e-self-test", lambda route: route.fulfill(
        status=200, body=html, headers={"content-type": "text/html", "content-security-policy": policy}))
    page.goto("/e2e-self-test")
    page.wait_for_timeout(200)
    assert watch.csp_violations, "an inline script under script-src 'self' must be reported"
    with pytest.raises(AssertionError, match="CSP violation"):
        watch.assert_clean()

    page2, watch2 = contexts.page(bypass_csp=True)
    page2.route("**/e2e-self-test", lambda route: route.fulfill(status=200, body=html, headers={"content-type": "text/html"}))
    page2.goto("/e2e-self-test")
    page2.wait_for_timeout(200)
    assert any("inline" in dialog for dialog in watch2.dialogs)
    with pytest.raises(AssertionError, match="dialog fired"):
        watch2.assert_clean()


def test_axe_finds_a_violation_when_there_is_one(live_server, contexts):
    page, _watch = contexts.page()
    html = '<!doctype html><html><title>t</title><body><main><img src="data:,"><input type="text"></main></body></html>'
    page.route("**/e2e-axe-self-test", lambda route: route.fulfill(
        status=200, body=html, headers={"content-type": "text/html", "content-security-policy": "script-src 'self'"}))
    page.goto("/e2e-axe-self-test")
    found = {violation["id"] for violation in axe_violations(page)}
    assert {"image-alt", "html-has-lang", "label"} <= found, found


def test_annual_report_html_from_the_command_line_is_accessible(world, contexts, tmp_path):
    """`procesregie report annual --format html` writes a standalone document (no CSP: it is a file)."""
    from django.core.management import call_command

    out = tmp_path / "jaarverslag.html"
    call_command("report", "annual", "--year", str(world.case.start_date.year), "--format", "html", "--out", str(out))
    page, watch = contexts.page()
    page.goto(out.as_uri())
    expect(page.get_by_text("Aanpak A").first).to_be_visible()
    watch.assert_clean()
    assert_accessible(page, "annual-report-cli-html")
