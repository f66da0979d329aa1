"""Issue 13 §1 and §2 in the browser (Debian's chromium): signals (meldingen and adviesgesprekken).

- A partner starts a signal from /werk/ ("Melding doen"), reports it about a person through the form (the
  professional suggested from their account) and sees it as they reported it; the anonymous form says it holds no
  personal data and refuses a BSN in the text.
- The procesregisseur finds what waits for them (the count beside "Meldingen", the line on /werk/, "Wacht op
  afhandeling" above "Op te volgen"), marks a follow-up done ("Opgevolgd"), records a phone advice in one short form
  (the organisation chosen in the searchable picker, anonymous by default; for an approach for systems the person's
  fields go away), turns the partner's signal into a registration in one step and triages it; the registration says
  which signal it came from.
- Another organisation cannot find the signal: 404 on its address, absent from its list and from the search.
- axe-core finds no WCAG 2.1 A/AA violation on any new page; the CSP is never broken.
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from procesregie.casework.models import Registration, RegistrationStatus
from procesregie.reference.models import Unit
from procesregie.signals.models import Signal, SignalKind, SignalOutcome
from tests import factories as f

from .browser import assert_accessible, login

pytestmark = pytest.mark.browser
TODAY = timezone.localdate


def test_a_partner_reports_a_signal_and_asks_anonymous_advice(world, contexts):
    f.MunicipalityFactory(name="Gemeente Synthetisch")
    partner = world.users["participant"]
    page, watch = contexts.page()
    login(page, partner)

    page.goto(reverse("worklists:home"))
    expect(page.get_by_role("link", name="Anoniem advies vragen")).to_be_visible()
    assert_accessible(page, "signals-werk-partner")
    page.get_by_role("link", name="Melding doen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Melding over een persoon")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=re.compile("^Meldingen")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meldingen en adviesgesprekken")
    expect(page.get_by_test_id("waiting")).to_have_count(0)  # a partner handles nothing
    assert_accessible(page, "signals-list-partner")
    page.get_by_role("link", name="Melding over een persoon").click()
    assert page.evaluate("() => document.querySelectorAll(':invalid, [aria-invalid=\"true\"]').length") == 0
    expect(page.get_by_label("Naam professional")).to_have_value(partner.get_full_name())
    assert_accessible(page, "signals-report-person")
    page.get_by_label("Voornaam").fill("Fenna")
    page.get_by_label("Achternaam").fill("Zorgwekkend")
    page.get_by_label("Geboortedatum").fill("2004-05-06")
    page.get_by_label(re.compile(r"^Aanpak")).select_option(label=world.case.registration.approach.name)
    page.get_by_label(re.compile(r"^Gemeente")).select_option(label="Gemeente Synthetisch")
    page.get_by_label("Vraag of zorg").fill("Zij verzuimt en er zijn zorgen over haar vrienden.")
    page.get_by_label("Telefoon professional").fill("06 1234 5678")
    page.get_by_role("button", name="Melding verzenden").click()

    expect(page.get_by_text("Uw melding is verzonden.")).to_be_visible()
    expect(page.get_by_test_id("subject")).to_have_text("Fenna Zorgwekkend")
    expect(page.get_by_test_id("outcome")).to_have_text("open")
    signal = Signal.objects.get(reported_name="Fenna Zorgwekkend")
    assert (signal.reported_by, signal.kind, signal.outcome) == (partner.organisation, SignalKind.MELDING, "")
    assert_accessible(page, "signals-detail-partner")

    page.goto(reverse("signals:report-system"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Melding over een systeem")
    assert_accessible(page, "signals-report-system")
    page.get_by_role("link", name="Anoniem advies").click()
    expect(page.get_by_test_id("no-personal-data")).to_contain_text("Deze melding bevat geen persoonsgegevens")
    assert_accessible(page, "signals-report-anonymous")
    page.get_by_label(re.compile(r"^Aanpak")).select_option(label=world.case.registration.approach.name)
    page.get_by_label(re.compile(r"^Gemeente")).select_option(label="Gemeente Synthetisch")
    page.get_by_label("Vraag of zorg").fill("Een leerling met BSN 111 222 333 radicaliseert; wat kan ik doen?")
    page.get_by_label("Telefoon professional").fill("06 1234 5678")
    page.get_by_role("button", name="Melding verzenden").click()
    expect(page.get_by_text("Er staat een BSN in deze tekst.").first).to_be_visible()
    assert Signal.objects.count() == 2  # the world's and Fenna's: nothing written
    assert_accessible(page, "signals-report-anonymous-refused")
    page.get_by_label("Vraag of zorg").fill("Een leerling radicaliseert; wat kan ik doen?")
    page.get_by_role("button", name="Melding verzenden").click()
    expect(page.get_by_text("Uw melding is verzonden.")).to_be_visible()
    expect(page.get_by_test_id("anonymous")).to_be_visible()
    assert Signal.objects.filter(person__isnull=True, system__isnull=True).count() == 1
    watch.assert_clean()


def test_the_regisseur_records_advice_converts_a_signal_and_triages_it(world, contexts):
    for n in range(30):  # the house's many partners
        f.OrganisationFactory(code=f"partner-{n}", name=f"Partner {n:02d} (synthetisch)")
    systems = f.ApproachFactory(code="mda-synthetisch", name="MDA++ (synthetisch)", unit=Unit.SYSTEM)
    f.TableFactory(code="tafel-mda", approach=systems).procesregisseurs.add(world.users["regisseur"])
    Signal.objects.create(ref="M-T00009", approach=world.case.registration.approach, date=TODAY() - datetime.timedelta(days=9),
                          kind=SignalKind.ADVIESGESPREK, reported_by=world.users["other_org"].organisation,
                          outcome=SignalOutcome.ADVIES, advice="Eerder advies", follow_up_on=TODAY() - datetime.timedelta(days=2))
    page, watch = contexts.page()
    login(page, world.users["regisseur"])

    # --- what waits: the count in the menu, the line on /werk/, the queue above the follow-ups -----------------------
    page.goto(reverse("worklists:home"))
    expect(page.locator("#signal-work")).to_contain_text("1 melding wacht, 1 op te volgen.")
    menu_item = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=re.compile("^Meldingen"))
    expect(menu_item).to_have_accessible_name(re.compile(r"Meldingen\s*2 meldingen wachten of zijn op te volgen"))
    expect(page.get_by_role("link", name="Melding doen")).to_have_count(0)  # the partner's report: not theirs
    assert_accessible(page, "signals-werk-regisseur")
    page.get_by_role("link", name="Naar de meldingen").click()
    expect(page.get_by_test_id("waiting")).to_contain_text(world.signal.ref)
    expect(page.get_by_test_id("follow-ups")).to_contain_text("M-T00009")  # its follow-up day has passed
    expect(page.get_by_role("link", name="Melding over een persoon")).to_have_count(0)
    assert_accessible(page, "signals-list-regisseur")
    page.get_by_test_id("follow-ups").get_by_role("button", name="Opgevolgd").click()
    expect(page.get_by_text("M-T00009 is opgevolgd.")).to_be_visible()
    expect(page.get_by_test_id("follow-ups")).to_have_count(0)
    assert Signal.objects.get(ref="M-T00009").follow_up_on is None

    # --- a phone advice in one short form --------------------------------------------------------------------------
    page.get_by_role("link", name="Adviesgesprek vastleggen").click()
    assert_accessible(page, "signals-consultation")
    approach = page.get_by_label(re.compile(r"^Aanpak"))
    expect(approach).to_have_value("")  # two approaches: none chosen for the user
    approach.select_option(label="MDA++ (synthetisch)")
    expect(page.get_by_test_id("about-a-person")).to_be_hidden()
    expect(page.get_by_text("Deze aanpak is voor systemen")).to_be_visible()
    assert_accessible(page, "signals-consultation-system-approach")
    approach.select_option(label=world.case.registration.approach.name)
    expect(page.get_by_test_id("about-a-person")).to_be_visible()
    expect(page.get_by_text("Deze aanpak is voor systemen")).to_be_hidden()
    page.get_by_label("Zoek een organisatie").fill("partner 07")
    expect(page.get_by_text("1 organisatie gevonden")).to_be_visible()
    page.get_by_label("Partner 07 (synthetisch)").check()
    expect(page.get_by_text("Gekozen: Partner 07 (synthetisch)")).to_be_visible()
    assert_accessible(page, "signals-consultation-picker")
    page.get_by_label("Naam professional").fill("Bea Beller")
    page.get_by_label(re.compile(r"^Vraag \(verplicht\)")).fill("Een jongere laat zorgelijke uitingen zien. Wat nu?")
    page.get_by_label("Gegeven advies").fill("Ga in gesprek, betrek de ouders en bel terug na een week.")
    page.get_by_label("Opvolgen op (niet verplicht)").fill((TODAY() + datetime.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Gesprek vastleggen").click()
    expect(page.get_by_text("Het gesprek is vastgelegd.")).to_be_visible()
    expect(page.get_by_test_id("anonymous")).to_be_visible()
    advice = Signal.objects.get(reporter_name="Bea Beller")
    assert (advice.kind, advice.outcome, advice.date, advice.reported_by.name, advice.is_anonymous) == (
        SignalKind.ADVIESGESPREK, SignalOutcome.ADVIES, TODAY(), "Partner 07 (synthetisch)", True)
    assert_accessible(page, "signals-detail-regisseur-advice")

    # --- the partner's open signal: handled, then a registration in one step ----------------------------------------
    page.goto(reverse("signals:detail", args=[world.signal.pk]))
    expect(page.get_by_test_id("subject")).to_have_text("Sanne Gesignaleerd")
    page.get_by_role("link", name="Melding afhandelen").click()
    assert_accessible(page, "signals-handle")
    page.get_by_role("button", name="Afhandeling opslaan").click()  # without advice
    expect(page.get_by_text("Beschrijf het gegeven advies.").first).to_be_visible()
    assert_accessible(page, "signals-handle-refused")
    page.get_by_label("Gegeven advies").fill("Dit vraagt om procesregie: aanmelden.")
    page.get_by_label("Doorverwezen").check()
    page.get_by_role("button", name="Afhandeling opslaan").click()
    expect(page.get_by_text("De afhandeling is opgeslagen.")).to_be_visible()

    page.get_by_role("link", name="Aanmelding maken").click()
    assert_accessible(page, "signals-convert")
    page.get_by_label("Spoed").check()
    page.get_by_role("button", name="Aanmelding maken").click()
    expect(page.get_by_text("Van de melding is een aanmelding gemaakt.")).to_be_visible()
    registration = Registration.objects.get(signal=world.signal)
    assert (registration.status, registration.urgency, registration.reported_by) == (
        RegistrationStatus.PENDING, "urgent", world.signal.reported_by)
    expect(page.get_by_test_id("signal-origin")).to_have_text(f"melding {world.signal.ref}")
    assert_accessible(page, "signals-registration-from-signal")

    # --- the normal triage -----------------------------------------------------------------------------------------
    page.get_by_role("link", name="Triage uitvoeren").click()
    page.get_by_label("Multiproblematiek").check()
    page.get_by_label("Accepteren").check()
    page.get_by_label("Overlegtafel").select_option(str(world.case.table_id))
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.get_by_text("De aanmelding is geaccepteerd; de casus is gestart.")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ACCEPTED and registration.case.table == world.case.table

    page.goto(reverse("signals:detail", args=[world.signal.pk]))
    expect(page.get_by_test_id("outcome")).to_have_text("aanmelding")
    expect(page.get_by_test_id("registration")).to_have_text(registration.ref)
    expect(page.get_by_role("link", name="Aanmelding maken")).to_have_count(0)
    watch.assert_clean()


def test_another_organisation_cannot_find_the_signal(world, contexts):
    page, watch = contexts.page()
    login(page, world.users["other_org"])

    response = page.goto(reverse("signals:detail", args=[world.signal.pk]))
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text("Gesignaleerd")
    page.goto(reverse("signals:list"))
    expect(page.locator("#signal-count")).to_contain_text("0 meldingen gevonden.")
    page.get_by_label("Zoeken op referentie of naam").fill("signaleerd")
    page.get_by_role("button", name="Filteren").click()
    expect(page.locator("#signal-count")).to_contain_text("0 meldingen gevonden.")
    expect(page.locator("main")).not_to_contain_text(world.signal.ref)
    assert_accessible(page, "signals-list-other-organisation")
    page.goto(reverse("worklists:search") + "?q=signaleerd")
    expect(page.locator("main")).not_to_contain_text("Sanne")
    for route in ("signals:handle", "signals:convert"):
        assert page.goto(reverse(route, args=[world.signal.pk])).status == 404
    watch.assert_clean()
