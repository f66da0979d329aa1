"""A signal's date before 2000 and a birth date before 1900 (a year 0001 is a typing error) are refused with a clear
message, at the field and in the services, and nothing is written; casework's registration keeps its own rule. The
signal's page names the registration it became only to who may see that registration."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.casework.services import ContactPerson, PersonDetails, SystemDetails
from procesregie.core.errors import DomainError
from procesregie.signals.models import Signal, SignalOutcome
from procesregie.signals.services import signal_consultation_record, signal_report

from ..casework.test_registration_flow import person_data
from ..factories import ApproachFactory
from .helpers import REPORTER, logged_in, snapshot

pytestmark = pytest.mark.django_db

SIGNAL_TOO_EARLY = "De datum van de melding ligt vóór 2000."
BIRTH_TOO_EARLY = "De geboortedatum ligt vóór 1900."


def consultation(world, **values) -> dict:
    return {"reported_by": world.users["participant"].organisation.pk, "reporter_name": "Bea", "reporter_phone": "",
            "reporter_email": "", "approach": world.case.registration.approach.pk, "question": "Vraag",
            "advice": "Advies", "outcome": "advies", "follow_up_on": "", "kind": "adviesgesprek",
            "date": timezone.localdate().isoformat(), "municipality": "", "given_name": "", "family_name": "",
            "birth_date": "", "bsn": "", **values}


@pytest.mark.parametrize(("values", "message"), [
    ({"date": "0001-01-01"}, SIGNAL_TOO_EARLY),
    ({"date": "1999-12-31"}, SIGNAL_TOO_EARLY),
    ({"family_name": "Oud", "birth_date": "0001-01-01"}, BIRTH_TOO_EARLY),
    ({"family_name": "Oud", "birth_date": "1899-12-31"}, BIRTH_TOO_EARLY),
])
def test_the_consultation_refuses_dates_that_are_typing_errors(world, values, message):
    before = snapshot()
    response = logged_in(world.users["regisseur"]).post(reverse("signals:consultation"), consultation(world, **values))
    body = response.content.decode()
    assert response.status_code == 200 and message in body and 'aria-invalid="true"' in body
    assert snapshot() == before


def test_the_earliest_dates_taken(world):
    client = logged_in(world.users["regisseur"])
    response = client.post(reverse("signals:consultation"), consultation(
        world, date="2000-01-01", family_name="Oudste", birth_date="1900-01-01"))
    assert response.status_code == 302
    signal = Signal.objects.get(reported_name="Oudste")
    assert (signal.date, signal.person.birth_date) == (datetime.date(2000, 1, 1), datetime.date(1900, 1, 1))


def test_a_partners_report_refuses_a_birth_date_before_1900(world, place):
    before = snapshot()
    response = logged_in(world.users["participant"]).post(reverse("signals:report-person"), {
        "kind": "melding", "approach": world.case.registration.approach.pk, "municipality": place.pk,
        "question": "Zorgen.", "reporter_name": "Agent", "reporter_phone": "0612345678", "reporter_email": "",
        "given_name": "", "family_name": "Oud", "birth_date": "1850-06-01", "bsn": ""})
    assert response.status_code == 200 and BIRTH_TOO_EARLY in response.content.decode()
    assert snapshot() == before


def test_the_services_refuse_them_too(world, place):
    regisseur, partner = world.users["regisseur"], world.users["participant"]
    before = snapshot()
    with pytest.raises(DomainError, match=SIGNAL_TOO_EARLY):
        signal_consultation_record(actor=regisseur, approach=world.case.registration.approach,
                                   reported_by=partner.organisation, question="V", advice="A",
                                   date=datetime.date(1, 1, 1), reporter=ContactPerson(name="Bea"))
    old = PersonDetails(given_name="", family_name="Oud", birth_date=datetime.date(1, 1, 1))
    with pytest.raises(DomainError, match=BIRTH_TOO_EARLY):
        signal_report(actor=partner, kind="melding", approach=world.case.registration.approach, municipality=place,
                      question="Zorgen", reporter=REPORTER, person=old)
    system_approach = ApproachFactory(system=True)
    with pytest.raises(DomainError, match=BIRTH_TOO_EARLY):
        signal_report(actor=partner, kind="melding", approach=system_approach, municipality=place, question="Zorgen",
                      reporter=REPORTER, system=SystemDetails(name="Systeem Oud", members=(old,)))
    assert snapshot() == before


def test_casework_registration_keeps_its_own_birth_date_rule(world, place):
    response = logged_in(world.users["participant"]).post(
        reverse("casework:registration-create-person"), person_data(world, place, birth_date="1899-12-31"))
    assert response.status_code == 302


def test_the_registration_is_named_only_to_who_may_see_it(world):
    elsewhere = world.neighbour_case.registration  # approach A, at the table where the regisseur does not work
    Signal.objects.filter(pk=world.signal.pk).update(registration=elsewhere, outcome=SignalOutcome.AANMELDING)
    client = logged_in(world.users["regisseur"])
    body = client.get(reverse("signals:detail", args=[world.signal.pk])).content.decode()
    assert "aanmelding" in body and elsewhere.ref not in body and 'data-testid="registration"' not in body
    Signal.objects.filter(pk=world.signal.pk).update(registration=world.pending)  # awaiting their triage
    body = client.get(reverse("signals:detail", args=[world.signal.pk])).content.decode()
    assert f'href="{reverse("casework:registration-detail", args=[world.pending.pk])}">{world.pending.ref}</a>' in body
