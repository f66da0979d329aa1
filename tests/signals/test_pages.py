"""The signal pages as a partner and a procesregisseur use them: the report forms, the consultation form, handling,
the signal's page (what each of them sees, and the read logged per data subject)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from procesregie.audit.models import AccessLogEntry, Action, Outcome
from procesregie.reference.models import Unit
from procesregie.signals.models import Signal, SignalKind, SignalOutcome
from procesregie.subjects.models import SystemMember
from tests.factories import (
    ApproachFactory,
    OrganisationFactory,
    PersonFactory,
    RegistrationFactory,
    SystemFactory,
    TableFactory,
)

from .helpers import last_sequence, logged_in, snapshot

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def report_data(world, place, **values) -> dict:
    return {"kind": "melding", "approach": world.case.registration.approach.pk, "municipality": place.pk,
            "question": "Zorgen om de veiligheid.", "reporter_name": "Wijkagent Jansen", "reporter_phone": "",
            "reporter_email": "jansen@example.org", **values}


def test_the_report_form_suggests_the_user_as_the_professional(world):
    partner = world.users["participant"]
    body = logged_in(partner).get(reverse("signals:report-person")).content.decode()
    # Faker's names may hold an apostrophe ("van 't Riet"): the page escapes it
    assert f'value="{escape(partner.get_full_name())}"' in body and f'value="{escape(partner.email)}"' in body
    assert f"U meldt namens {escape(partner.organisation.name)}" in body


def test_a_partner_reports_a_person_through_the_form(world, place):
    response = logged_in(world.users["participant"]).post(
        reverse("signals:report-person"),
        report_data(world, place, given_name="Femke", family_name="Formulier", birth_date="2001-02-03", bsn=""),
        follow=True)
    signal = Signal.objects.exclude(pk=world.signal.pk).get()
    assert response.redirect_chain[-1][0] == reverse("signals:detail", args=[signal.pk])
    body = response.content.decode()
    assert "Uw melding is verzonden." in body and "Femke Formulier" in body and "open" in body
    assert (signal.reported_by, signal.reporter_email, signal.outcome) == (
        world.users["participant"].organisation, "jansen@example.org", "")


def test_a_partner_reports_a_system_through_the_form(world, place):
    approach = ApproachFactory(unit=Unit.SYSTEM, name="Aanpak Systeem")
    data = report_data(world, place, approach=approach.pk, name="Systeem Formulier")
    data.update({"lid-TOTAL_FORMS": "6", "lid-INITIAL_FORMS": "0", "lid-MIN_NUM_FORMS": "1", "lid-MAX_NUM_FORMS": "6",
                 "lid-0-given_name": "Ria", "lid-0-family_name": "Formulier", "lid-0-role": "ouder"})
    response = logged_in(world.users["participant"]).post(reverse("signals:report-system"), data, follow=True)
    signal = Signal.objects.exclude(pk=world.signal.pk).get()
    assert signal.system.name == "Systeem Formulier"
    body = response.content.decode()
    assert "Leden van het systeem, zoals u ze meldde" in body and "Ria Formulier" in body


def test_a_report_with_errors_shows_them_and_writes_nothing(world, place):
    before = snapshot()
    response = logged_in(world.users["participant"]).post(
        reverse("signals:report-person"),
        report_data(world, place, family_name="", bsn="123456789", reporter_email="", question=""))
    body = response.content.decode()
    assert response.status_code == 200 and "Er is een probleem" in body
    for message in ("Vul de achternaam in.", "11-proef", "Beschrijf de vraag of zorg.",
                    "Vul een telefoonnummer of e-mailadres van de professional in."):
        assert message in body
    assert snapshot() == before


def consultation_data(world, **values) -> dict:
    return {"reported_by": world.users["participant"].organisation.pk, "reporter_name": "Bea Beller",
            "reporter_phone": "", "reporter_email": "", "approach": world.case.registration.approach.pk,
            "question": "Wat kan ik doen?", "advice": "Neem contact op met het wijkteam.", "outcome": "advies",
            "follow_up_on": "", "kind": "adviesgesprek", "date": TODAY().isoformat(), "municipality": "",
            "given_name": "", "family_name": "", "birth_date": "", "bsn": "", **values}


def test_the_consultation_form_opens_with_its_defaults(world):
    for n in range(30):
        OrganisationFactory(name=f"Partner {n:02d} (synthetisch)")
    body = logged_in(world.users["regisseur"]).get(reverse("signals:consultation")).content.decode()
    assert "data-organisation-picker" in body and 'type="radio" name="reported_by"' in body
    assert f'value="{TODAY().isoformat()}"' in body  # the date: today
    assert re.search(r'name="kind" value="adviesgesprek"[^>]*checked', body)  # the kind: an adviesgesprek
    assert re.search(r'name="outcome" value="advies"[^>]*checked', body)  # the outcome: advice given
    # Only the approaches of the regisseur's tables.
    assert world.case.registration.approach.name in body and world.other_case.registration.approach.name not in body


def test_a_regisseur_records_a_phone_consultation_in_one_submission(world):
    response = logged_in(world.users["regisseur"]).post(
        reverse("signals:consultation"),
        consultation_data(world, follow_up_on=(TODAY() + datetime.timedelta(days=7)).isoformat()), follow=True)
    signal = Signal.objects.exclude(pk=world.signal.pk).get()
    assert (signal.kind, signal.outcome, signal.is_anonymous, signal.date) == (
        SignalKind.ADVIESGESPREK, SignalOutcome.ADVIES, True, TODAY())
    body = response.content.decode()
    assert "Het gesprek is vastgelegd." in body and "Neem contact op met het wijkteam." in body
    assert "Opvolgen op" in body


def test_a_regisseur_cannot_record_for_another_approach(world):
    before = snapshot()
    response = logged_in(world.users["regisseur"]).post(
        reverse("signals:consultation"), consultation_data(world, approach=world.other_case.registration.approach.pk))
    assert response.status_code == 200 and "Kies een aanpak van uw overlegtafels." in response.content.decode()
    assert snapshot() == before


def test_the_regisseur_handles_the_signal_from_its_page(world):
    client = logged_in(world.users["regisseur"])
    page = client.get(reverse("signals:detail", args=[world.signal.pk])).content.decode()
    assert reverse("signals:handle", args=[world.signal.pk]) in page
    assert reverse("signals:convert", args=[world.signal.pk]) in page
    response = client.post(reverse("signals:handle", args=[world.signal.pk]), {
        "advice": "Advies: bespreek het in het wijkoverleg.", "outcome": "advies",
        "follow_up_on": (TODAY() + datetime.timedelta(days=14)).isoformat()}, follow=True)
    assert "De afhandeling is opgeslagen." in response.content.decode()
    stored = Signal.objects.get(pk=world.signal.pk)
    assert stored.outcome == SignalOutcome.ADVIES and stored.follow_up_on == TODAY() + datetime.timedelta(days=14)


def test_the_partner_reads_the_advice_but_not_the_stored_data_or_the_follow_up(world):
    Signal.objects.filter(pk=world.signal.pk).update(
        outcome=SignalOutcome.ADVIES, advice="Advies aan de politie.", follow_up_on=TODAY())
    person = world.signal.person
    person.given_name, person.family_name = "Opgeslagen", "Anders"
    person.save()
    partner = logged_in(world.users["participant"]).get(reverse("signals:detail", args=[world.signal.pk]))
    body = partner.content.decode()
    assert "Sanne Gesignaleerd" in body and "Advies aan de politie." in body
    for hidden in ("Anders", person.bsn, "Opgevolgd", "Opvolgen op", "Geboortedatum",
                   reverse("signals:handle", args=[world.signal.pk])):
        assert hidden not in body
    # The regisseur who handles it sees the follow-up; the stored person only once they may see that person anyway
    # (here: a registration of the person awaiting their triage), until then the name as reported.
    regisseur = logged_in(world.users["regisseur"])
    body = regisseur.get(reverse("signals:detail", args=[world.signal.pk])).content.decode()
    assert "Sanne Gesignaleerd" in body and "Opvolgen op" in body
    assert "Anders" not in body and "Geboortedatum" not in body
    RegistrationFactory(approach=world.signal.approach, person=person)
    body = regisseur.get(reverse("signals:detail", args=[world.signal.pk])).content.decode()
    assert "Opgeslagen Anders" in body and "Sanne Gesignaleerd" in body and "Geboortedatum" in body


def test_reading_a_signal_is_logged_per_data_subject(world):
    since = last_sequence()
    logged_in(world.users["participant"]).get(reverse("signals:detail", args=[world.signal.pk]))
    entry = AccessLogEntry.objects.get(sequence__gt=since)
    assert (entry.action, entry.object_type, entry.object_id, entry.subject_key, entry.outcome,
            entry.purpose_approach) == (Action.READ, "signals.signal", str(world.signal.pk),
                                        world.signal.person.subject_key, Outcome.GRANTED,
                                        world.signal.approach.code)


def test_reading_a_system_signal_logs_the_system_and_each_member(world):
    approach = world.case.registration.approach
    system = SystemFactory()
    members = [PersonFactory(), PersonFactory()]
    for member in members:
        SystemMember.objects.create(system=system, person=member)
    signal = Signal.objects.create(ref="M-SYS01", approach=approach, date=TODAY(), kind=SignalKind.MELDING,
                                   reported_by=world.users["participant"].organisation, system=system,
                                   reported_name=system.name)
    RegistrationFactory(approach=approach, person=None, system=system)  # the regisseur may see the system anyway
    since = last_sequence()
    body = logged_in(world.users["regisseur"]).get(reverse("signals:detail", args=[signal.pk])).content.decode()
    assert all(escape(str(member)) in body for member in members)  # as HTML shows them ("van 't Hek")
    logged = set(AccessLogEntry.objects.filter(sequence__gt=since).values_list("subject_key", flat=True))
    assert logged == {system.subject_key, *(member.subject_key for member in members)}


# --- the report buttons: for ketenpartners (REPORT_SIGNAL), beside the registration buttons ---------------------------

REPORT_LINKS = [reverse("signals:report-person"), reverse("signals:report-system"), reverse("signals:report-anonymous")]


def test_the_partner_is_offered_the_reports_on_the_list_and_on_werk(world):
    client = logged_in(world.users["participant"])
    body = client.get(reverse("signals:list")).content.decode()
    assert all(f'href="{link}"' in body for link in REPORT_LINKS)
    home = client.get(reverse("worklists:home")).content.decode()
    assert "Melding doen" in home and "Anoniem advies vragen" in home
    assert f'href="{reverse("signals:report-person")}"' in home and f'href="{reverse("signals:report-anonymous")}"' in home


def test_the_regisseur_records_consultations_and_is_not_offered_the_partner_reports(world):
    client = logged_in(world.users["regisseur"])
    body = client.get(reverse("signals:list")).content.decode()
    assert "Adviesgesprek vastleggen" in body
    assert not [link for link in REPORT_LINKS if f'href="{link}"' in body]
    home = client.get(reverse("worklists:home")).content.decode()
    assert "Melding doen" not in home and f'href="{reverse("signals:report-anonymous")}"' not in home


@pytest.mark.parametrize("route", ["casework:registration-create-person", "casework:registration-create-system"])
def test_the_registration_forms_point_the_partner_to_a_signal(world, route):
    body = logged_in(world.users["participant"]).get(reverse(route)).content.decode()
    assert "Nog geen aanmelding?" in body and "Doe een melding of vraag advies" in body
    assert f'href="{reverse("signals:report-person")}"' in body
    regisseur = logged_in(world.users["regisseur"]).get(reverse(route)).content.decode()
    assert "Doe een melding of vraag advies" not in regisseur


# --- a consultation for an approach for systems ---------------------------------------------------------------------


@pytest.fixture
def system_approach(world):
    approach = ApproachFactory(unit=Unit.SYSTEM, name="MDA++ (synthetisch)")
    TableFactory(approach=approach).procesregisseurs.add(world.users["regisseur"])
    return approach


def _person_section(body: str) -> str:
    start = body.index('data-testid="about-a-person"')
    return body[body.rindex("<details", 0, start):body.index(">", start) + 1]


def test_with_several_approaches_the_consultation_starts_without_one(world, system_approach):
    body = logged_in(world.users["regisseur"]).get(reverse("signals:consultation")).content.decode()
    select = body[body.index('name="approach"'):body.index("</select>", body.index('name="approach"'))]
    assert re.search(r'<option value="" selected>Kies een aanpak</option>', select)
    assert f'value="{system_approach.pk}" data-unit="system"' in select and " hidden" not in _person_section(body)


def test_with_one_approach_the_consultation_has_it_chosen(world):
    body = logged_in(world.users["regisseur"]).get(reverse("signals:consultation")).content.decode()
    approach = world.case.registration.approach
    assert re.search(rf'<option value="{approach.pk}" selected data-unit="person">', body)
    assert "Kies een aanpak" not in body


def test_for_an_approach_for_systems_the_person_is_hidden_and_the_consultation_recorded_without(world, system_approach):
    client = logged_in(world.users["regisseur"])
    response = client.post(reverse("signals:consultation"), consultation_data(world, approach=system_approach.pk,
                                                                                question=""))
    body = response.content.decode()
    assert " hidden" in _person_section(body)
    assert re.search(r"<p [^>]*data-system-note>", body)  # the note is shown (not hidden)
    response = client.post(reverse("signals:consultation"), consultation_data(world, approach=system_approach.pk),
                           follow=True)
    assert "Het gesprek is vastgelegd." in response.content.decode()
    signal = Signal.objects.exclude(pk=world.signal.pk).get()
    assert signal.approach == system_approach and signal.is_anonymous


def test_a_person_for_an_approach_for_systems_says_what_to_do_and_writes_nothing(world, system_approach):
    before = snapshot()
    response = logged_in(world.users["regisseur"]).post(reverse("signals:consultation"), consultation_data(
        world, approach=system_approach.pk, given_name="Sanne", family_name="Systeemloos"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "MDA++ (synthetisch) is een aanpak voor systemen" in body and "Maak de velden van de persoon leeg" in body
    assert " hidden" not in _person_section(body)  # what was typed stays in view
    assert snapshot() == before


# --- handling and converting: a successful POST logs the change, not a read as well --------------------------------


@pytest.mark.parametrize("route, data, changed", [
    ("signals:handle", {"advice": "Advies.", "outcome": "advies", "follow_up_on": ""}, "signals.signal"),
    ("signals:convert", {"municipality": "", "urgency": "normal"}, "casework.registration"),
])
def test_a_successful_change_is_logged_as_the_change_only(world, route, data, changed):
    data = {**data, **({"municipality": world.signal.municipality_id} if route == "signals:convert" else {})}
    since = last_sequence()
    response = logged_in(world.users["regisseur"]).post(reverse(route, args=[world.signal.pk]), data)
    assert response.status_code == 302
    entries = AccessLogEntry.objects.filter(sequence__gt=since)
    assert not entries.filter(action=Action.READ, object_type="signals.signal").exists()
    assert entries.filter(action__in=[Action.UPDATE, Action.CREATE], object_type=changed).exists()


@pytest.mark.parametrize("route, data", [
    ("signals:handle", {"advice": "", "outcome": "advies"}),
    ("signals:convert", {"municipality": "", "urgency": "normal"}),
])
def test_a_refused_change_shows_the_signal_again_and_logs_that_read(world, route, data):
    since = last_sequence()
    response = logged_in(world.users["regisseur"]).post(reverse(route, args=[world.signal.pk]), data)
    assert response.status_code == 200 and "Sanne Gesignaleerd" in response.content.decode()
    reads = AccessLogEntry.objects.filter(sequence__gt=since, action=Action.READ, object_type="signals.signal")
    assert list(reads.values_list("subject_key", flat=True)) == [world.signal.person.subject_key]


# --- an adviesgesprek is called one, and who handled a signal is on its page ----------------------------------------


def test_an_adviesgesprek_is_called_one_in_titles_and_headings(world):
    Signal.objects.filter(pk=world.signal.pk).update(kind=SignalKind.ADVIESGESPREK)
    client = logged_in(world.users["regisseur"])
    ref = world.signal.ref
    for route, title in [("signals:detail", f"Adviesgesprek {ref}"), ("signals:handle", f"Adviesgesprek {ref} afhandelen"),
                         ("signals:convert", f"Aanmelding maken van adviesgesprek {ref}")]:
        body = client.get(reverse(route, args=[world.signal.pk])).content.decode()
        assert re.search(rf"<title>\s*{re.escape(title)}", body), route
        assert re.search(rf'<h1 class="utrecht-heading-1">{re.escape(title)}</h1>', body), route
        assert not re.search(r"<(title|h1|h2)[^>]*>\s*Melding\b", body), route


def test_the_signals_page_says_who_handled_it_and_when(world):
    regisseur = world.users["regisseur"]
    regisseur.first_name, regisseur.last_name = "Regina", "Regisseur"
    regisseur.save()
    logged_in(regisseur).post(reverse("signals:handle", args=[world.signal.pk]),
                              {"advice": "Advies.", "outcome": "advies", "follow_up_on": ""})
    handled_at = timezone.localtime(Signal.objects.get(pk=world.signal.pk).handled_at)
    for persona in ("regisseur", "participant"):
        body = logged_in(world.users[persona]).get(reverse("signals:detail", args=[world.signal.pk])).content.decode()
        handled = body[body.index('data-testid="handled"'):body.index("</dd>", body.index('data-testid="handled"'))]
        assert "door Regina Regisseur" in handled and handled_at.strftime("%H:%M") in handled, persona
