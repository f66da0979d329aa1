"""A procesregisseur's week in the browser: their own caseload on /werk/, the case list filtered by keyboard alone and
downloaded (CSV and XLSX arrive), the notification list with its count in the menu, and search by date of birth.
axe-core checks every new or changed page.
"""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from procesregie.casework.models import Case, Participation
from procesregie.meetings.models import Meeting
from procesregie.plans.models import CaseIntervention
from tests import factories as f

from .browser import assert_accessible, login
from .test_keyboard import tab_to

pytestmark = pytest.mark.browser

DAY = datetime.timedelta(days=1)
LIST = reverse("casework:case-list")


@pytest.fixture
def week(world):
    """At table A: three open cases (world.case among them) and one closed case of the regisseur's own, a colleague's
    case, one without a procesregisseur; in one of the own cases, where the police takes part, an overdue intervention
    the police carries; a meeting at table A today."""
    today = timezone.localdate()
    me = world.users["regisseur"]
    table, approach = world.case.table, world.case.registration.approach
    colleague = f.UserFactory(username="collega-rs", first_name="Carla", last_name="Collega")

    def case(name, start, **fields):
        return f.CaseFactory(table=table, registration__approach=approach, start_date=start,
                             registration__registered_on=start - 7 * DAY, registration__triage_on=start,
                             registration__person__given_name="Week", registration__person__family_name=name, **fields)

    Case.objects.filter(pk=world.case.pk).update(procesregisseur=me, start_date=today - 200 * DAY)
    world.own_new = case("Eigennieuw", today - 40 * DAY, procesregisseur=me)
    world.own_old = case("Eigenoud", today - 900 * DAY, procesregisseur=me)
    world.own_closed = case("Eigendicht", today - 400 * DAY, procesregisseur=me, closed=True)
    world.colleagues = case("Vancollega", today - 60 * DAY, procesregisseur=colleague)
    world.unassigned = case("Zonderregie", today - 10 * DAY)
    person = world.own_new.registration.person
    person.birth_date = datetime.date(1994, 3, 12)
    person.save()
    Participation.objects.create(case=world.own_new, organisation=world.users["participant"].organisation)
    CaseIntervention.objects.create(case=world.own_new, intervention=f.InterventionFactory(name="Budgetcoaching"),
                                    organisation=world.users["participant"].organisation, agreed_on=today - 30 * DAY,
                                    due_date=today - 2 * DAY)
    world.meeting = Meeting.objects.create(ref="OV-WEEK", table=table, date=today, location="Zaal 3")
    return world


def test_the_regisseur_finds_filters_and_downloads_only_their_own_caseload(week, contexts):
    page, watch = contexts.page()
    login(page, week.users["regisseur"])

    # /werk/: my cases are the ones I direct, open; not my colleague's nor the unassigned one of my table.
    page.goto(reverse("worklists:home"))
    my_cases = page.locator("section[aria-labelledby=my-cases-heading]")
    for own in (week.case, week.own_new, week.own_old):
        expect(my_cases).to_contain_text(own.registration.ref)
    for other in (week.colleagues, week.unassigned, week.own_closed):
        expect(my_cases).not_to_contain_text(other.registration.ref)
    expect(my_cases).to_contain_text("3 casussen in regie")
    assert_accessible(page, "worklists-01-home")

    # The case list, filtered by keyboard alone: procesregisseur "Mijn casussen", status "in regie", oldest first.
    page.goto(LIST)
    assert_accessible(page, "worklists-02-case-list")
    tab_to(page, "Procesregisseur")
    page.keyboard.press("ArrowDown")  # "Mijn casussen"
    tab_to(page, "Status")
    page.keyboard.press("ArrowDown")  # "in regie"
    tab_to(page, "Sorteren op")
    page.keyboard.press("ArrowDown")  # "Startdatum, oudste eerst"
    tab_to(page, "Filteren")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"regisseur=mine.*status=in_regie.*sort=start_asc"))
    expect(page.locator("#case-count")).to_contain_text("3 casussen gevonden")
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text(week.own_old.registration.ref)
    expect(page.locator("tbody")).not_to_contain_text(week.colleagues.registration.ref)
    assert_accessible(page, "worklists-03-case-list-filtered")

    # The download: the same three cases arrive as CSV and as XLSX.
    with page.expect_download() as download:
        page.locator("#export-csv").click()
    assert download.value.suggested_filename.endswith(".csv")
    with open(download.value.path(), encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["Referentie"] for row in rows] == [
        week.own_old.registration.ref, week.case.registration.ref, week.own_new.registration.ref]
    assert {row["Procesregisseur"] for row in rows} == {week.users["regisseur"].get_full_name()}
    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        week.own_old.registration.ref, week.case.registration.ref, week.own_new.registration.ref]

    # A bad filter: the list says so and offers no download; the download itself refuses with the reason.
    page.goto(LIST + "?started_from=morgen&regisseur=mine")
    expect(page.locator("#filter-errors")).to_be_visible()
    expect(page.locator("#export-csv")).to_have_count(0)
    assert_accessible(page, "worklists-04-case-list-bad-filter")
    page.goto(reverse("worklists:case-export", args=["csv"]) + "?started_from=morgen")
    expect(page.locator("#export-errors")).to_contain_text("Gestart vanaf")
    assert_accessible(page, "worklists-05-export-refused")
    watch.assert_clean()


def test_the_notification_list_and_its_count(week, contexts):
    page, watch = contexts.page()
    login(page, week.users["regisseur"])
    page.goto(reverse("worklists:home"))
    # The count beside "Herinneringen" arrives after the page (htmx): overdue intervention, meeting, triage, and the
    # cases without a measurement for three months (world.case and own_old; own_new started 40 days ago).
    link = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=re.compile("^Herinneringen"))
    expect(link.locator(".procesregie-count")).to_have_text("5")
    expect(link).to_have_accessible_name(re.compile(r"Herinneringen\s*5 herinneringen"))
    link.click()
    expect(page.get_by_role("heading", name="Herinneringen", exact=True)).to_be_visible()
    expect(page.locator("#overdue-notifications")).to_contain_text("Budgetcoaching")
    expect(page.locator("#meeting-notifications")).to_contain_text("Zaal 3")
    expect(page.locator("#triage-notifications")).to_contain_text(week.pending.ref)
    measured = page.locator("#measurement-notifications")
    expect(measured).to_contain_text(week.own_old.registration.ref)
    expect(measured).not_to_contain_text(week.own_new.registration.ref)
    expect(page.locator("main")).not_to_contain_text(week.colleagues.registration.ref)
    assert_accessible(page, "worklists-06-notifications")

    # A partner (police, at table A): what its organisation carries, and the meeting; nothing to triage.
    partner_page, partner_watch = contexts.page()
    login(partner_page, week.users["participant"])
    partner_page.goto(reverse("reminders:list"))
    expect(partner_page.locator("#overdue-notifications")).to_contain_text("Budgetcoaching")
    expect(partner_page.locator("#triage-notifications")).to_have_count(0)
    assert_accessible(partner_page, "worklists-07-notifications-partner")
    watch.assert_clean()
    partner_watch.assert_clean()


def test_search_finds_a_date_of_birth(week, contexts):
    page, watch = contexts.page()
    login(page, week.users["regisseur"])
    page.goto(reverse("worklists:search"))
    page.get_by_label("Zoek een casus").fill("12-03-1994")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator("#search-count")).to_contain_text("1 casus gevonden")
    expect(page.locator("main table")).to_contain_text(week.own_new.registration.ref)
    assert_accessible(page, "worklists-08-search-birth-date")
    page.get_by_label("Zoek een casus").fill("1994-03-12")
    page.get_by_label("Zoek een casus").press("Enter")
    expect(page.locator("main table")).to_contain_text(week.own_new.registration.ref)
    watch.assert_clean()
