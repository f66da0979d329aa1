"""Issue 12 §5 in the browser (Debian's chromium): an eight-year case stays readable, the measurement form works by
keyboard alone, and the annual report opens on a year with figures.

- The regisseur opens a long case: the long parts are folded, the working parts open; a contents link opens a
  folded part; a summary opens and closes with the keyboard; the timeline shows its newest page and "Oudere
  gebeurtenissen" (htmx) brings the next page with the focus on its heading; the print view shows everything.
- The measurement form by keyboard only: each radio button stands before its own label (on screen, not only in
  the document), one row per life domain with a note; saved, the chart has its legend and says who scored.
- axe-core finds no WCAG 2.1 A/AA violation on any of these pages and states; the CSP is never broken.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from procesregie.casework.models import Registration
from procesregie.monitoring.models import Measurement
from tests.casepage.long_case import LONG, grow

from .browser import assert_accessible, login
from .test_keyboard import assert_focus_visible, focused, settled, tab_to

pytestmark = pytest.mark.browser

MAX_TABS = 200


def tab_to_summary(page: Page, text: str) -> dict:
    """Tab until a <summary> whose text starts with `text` has the focus (the contents links come first)."""
    settled(page)
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        now = focused(page)
        if now and now["tag"] == "summary" and now["text"].startswith(text):
            return assert_focus_visible(page)
    raise AssertionError(f"no summary {text!r} reached with {MAX_TABS} Tab presses")


_BOXES = """(options) => options.map((option) => [option.querySelector("input"), option.querySelector("label")].map(
  (element) => { const r = element.getBoundingClientRect(); return {x: r.x, y: r.y, width: r.width, height: r.height}; }))"""


def part(page: Page, key: str):
    return page.locator(f"details#deel-{key}")


def timeline_dates(page: Page) -> list[str]:
    return page.locator("#timeline li time").evaluate_all("(nodes) => nodes.map((n) => n.getAttribute('datetime'))")


def test_a_long_case_reads_in_parts_and_pages_by_keyboard(world, contexts):
    regisseur = world.users["regisseur"]
    case = grow(world.case, regisseur, LONG)
    page, watch = contexts.page()
    login(page, regisseur)
    page.goto(reverse("casework:case-detail", args=[case.pk]))

    # Folded: registration, participants (14) and discussions (88); open: plan, measurements, timeline.
    for key, is_open in [("aanmelding", False), ("deelnemers", False), ("besprekingen", False), ("plan", True),
                         ("metingen", True), ("tijdlijn", True)]:
        expect(part(page, key)).to_have_attribute("open", "") if is_open else expect(part(page, key)).not_to_have_attribute("open", "")
    expect(part(page, "besprekingen").get_by_role("heading", name="Besprekingen")).to_be_hidden()
    assert_accessible(page, "week-casepage-long-case")
    page_height = page.evaluate("() => document.documentElement.scrollHeight")

    # A summary opens and closes its part with the keyboard (Enter), its focus visible.
    tab_to_summary(page, "Deelnemers")
    page.keyboard.press("Enter")
    expect(part(page, "deelnemers")).to_have_attribute("open", "")
    expect(part(page, "deelnemers").get_by_role("heading", name="Deelnemers")).to_be_visible()
    page.keyboard.press("Enter")
    expect(part(page, "deelnemers")).not_to_have_attribute("open", "")

    # A contents link to a folded part opens it.
    page.keyboard.press("Shift+Tab")
    page.locator(".procesregie-case-contents").get_by_role("link", name="Besprekingen").focus()
    page.keyboard.press("Enter")
    expect(part(page, "besprekingen")).to_have_attribute("open", "")
    expect(part(page, "besprekingen").get_by_role("heading", name="Besprekingen")).to_be_visible()
    assert_accessible(page, "week-casepage-discussions-open")

    # The timeline: its newest 25 events, then older ones by keyboard; the focus lands on the timeline's heading.
    newest = timeline_dates(page)
    assert len(newest) == 25 and newest == sorted(newest, reverse=True)
    expect(page.locator("#timeline-heading")).to_contain_text("pagina 1 van")
    expect(page.locator("#timeline").get_by_role("link", name="Nieuwere gebeurtenissen")).to_have_count(0)
    # The contents link takes the keyboard past the 88 open discussions, to the timeline.
    page.locator(".procesregie-case-contents").get_by_role("link", name="Tijdlijn").focus()
    page.keyboard.press("Enter")
    tab_to(page, "Oudere gebeurtenissen")
    page.keyboard.press("Enter")
    settled(page)
    expect(page.locator("#timeline-heading")).to_contain_text("pagina 2 van")
    expect(page.locator("#timeline-heading")).to_be_focused()
    older = timeline_dates(page)
    assert len(older) == 25 and max(older) <= min(newest)
    assert "tijdlijn=" not in page.url  # no page load: htmx swapped the section
    assert_accessible(page, "week-casepage-timeline-page-2")
    tab_to(page, "Nieuwere gebeurtenissen")
    page.keyboard.press("Enter")
    settled(page)
    expect(page.locator("#timeline-heading")).to_contain_text("pagina 1 van")
    assert timeline_dates(page) == newest

    # The folded page is far shorter than the print view, which holds everything.
    page.goto(reverse("casework:case-print", args=[case.pk]))
    expect(page.get_by_role("heading", level=2, name="Besprekingen")).to_be_visible()
    assert page.locator("main details.procesregie-case-part").count() == 0 and page.locator("main form").count() == 0
    assert page.locator("#timeline li").count() > 6 * 25
    assert page.evaluate("() => document.documentElement.scrollHeight") > 3 * page_height
    assert_accessible(page, "week-casepage-print")
    page.emulate_media(media="print")
    expect(page.locator("header.utrecht-page-header")).to_be_hidden()
    expect(page.get_by_role("heading", level=2, name="Tijdlijn")).to_be_visible()
    watch.assert_clean()


def test_the_measurement_form_by_keyboard_one_row_per_domain(chain_world, contexts):
    world = chain_world
    regisseur = world.users["regisseur"]
    page, watch = contexts.page()
    login(page, regisseur)
    page.goto(reverse("casework:case-detail", args=[world.case.pk]))
    section = page.locator("#metingen")

    tab_to(page, "Meting vastleggen")
    page.keyboard.press("Enter")
    expect(section.get_by_label("Datum van de meting")).to_be_focused()
    rows = section.locator("fieldset.procesregie-measurement-row")
    expect(rows).to_have_count(2)
    assert section.locator("fieldset.procesregie-measurement-row legend").all_inner_texts() == ["Huisvesting", "Financiën"]

    # On screen each radio button stands just before its own label, nearer to it than to any other option.
    for row in range(rows.count()):
        boxes = rows.nth(row).locator(".utrecht-form-field--radio").evaluate_all(_BOXES)  # in one go: no scroll between
        for index, (button, label) in enumerate(boxes):
            own_gap = label["x"] - (button["x"] + button["width"])
            assert 0 <= own_gap <= 12 and abs(label["y"] + label["height"] / 2 - button["y"] - button["height"] / 2) < 8
            if index + 1 < len(boxes) and boxes[index + 1][0]["y"] == button["y"]:  # the next option on this line
                assert boxes[index + 1][0]["x"] - (label["x"] + label["width"]) > 2 * own_gap, (row, index)
        assert rows.nth(row).get_by_label(re.compile("^Notitie")).is_visible()
    assert_accessible(page, "week-casepage-measurement-form")

    # Kind: Tab into the group, Space chooses "nulmeting". Huisvesting: arrows from "niet gemeten" to "2", a note.
    tab_to(page, "nulmeting")
    page.keyboard.press("Space")
    tab_to(page, "niet gemeten")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(rows.nth(0).get_by_role("radio", name="2 niet zelfredzaam")).to_be_checked()
    page.keyboard.press("Tab")
    expect(rows.nth(0).get_by_label(re.compile("^Notitie"))).to_be_focused()
    page.keyboard.type("Woning in gevaar door huurachterstand")
    tab_to(page, "Opslaan")
    page.keyboard.press("Enter")
    expect(section.get_by_role("status").filter(has_text="De meting is vastgelegd.")).to_be_focused()

    (stored,) = Measurement.objects.filter(case=world.case)
    assert (stored.domain.code, stored.level, stored.note, stored.recorded_by) == (
        "huisvesting", 2, "Woning in gevaar door huurachterstand", regisseur)
    name = regisseur.get_full_name() or regisseur.username
    expect(section.locator("tbody tr").first.locator(".procesregie-measurements__by")).to_have_text(name)
    alt = section.locator("figure img").get_attribute("alt")
    assert f"Gescoord door {name}" in alt
    section.locator("summary", has_text="notitie bij de metingen").click()
    expect(section.get_by_text("Woning in gevaar door huurachterstand")).to_be_visible()
    assert_accessible(page, "week-casepage-measurement-saved")
    watch.assert_clean()


def test_the_annual_report_opens_on_the_latest_year_with_registrations(world, contexts):
    latest = max(Registration.objects.values_list("registered_on", flat=True)).year
    page, watch = contexts.page()
    login(page, world.users["manager"])
    page.goto(reverse("reporting:annual-report"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Jaarverslag {latest}")
    assert_accessible(page, "week-casepage-annual-report")
    watch.assert_clean()
