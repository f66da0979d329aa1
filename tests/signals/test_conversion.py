"""Turning a signal into a registration in one step: the data carried over, the link kept both ways, the normal triage
after it; and the registration page's "voortgekomen uit melding" for whoever may see that signal."""

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.audit.models import Action
from procesregie.casework.models import Registration, RegistrationStatus
from procesregie.casework.services import ContactPerson, PersonDetails, SystemDetails, registration_accept
from procesregie.core.errors import DomainError, NotFound
from procesregie.reference.models import Unit
from procesregie.signals.models import Signal, SignalKind, SignalOutcome
from procesregie.signals.services import signal_consultation_record, signal_convert, signal_handle, signal_report
from tests.factories import ApproachFactory, MunicipalityFactory, TableFactory

from .helpers import REPORTER, last_sequence, logged_in, new_entries, snapshot

pytestmark = pytest.mark.django_db


def test_a_signal_becomes_a_registration_with_its_data(world):
    signal = world.signal
    since = last_sequence()
    registration = signal_convert(actor=world.users["regisseur"], signal=signal, urgency="urgent")
    assert (registration.person, registration.approach, registration.municipality, registration.reported_by) == (
        signal.person, signal.approach, signal.municipality, signal.reported_by)
    assert (registration.reason, registration.reported_name, registration.urgency) == (
        signal.question, "Sanne Gesignaleerd", "urgent")
    assert (registration.contact_name, registration.contact_phone) == ("Synthetische Agent", "0301234567")
    assert registration.status == RegistrationStatus.PENDING and registration.registered_on == timezone.localdate()
    assert registration.created_by == world.users["regisseur"]
    stored = Signal.objects.get(pk=signal.pk)
    assert (stored.outcome, stored.registration, stored.handled_by) == (
        SignalOutcome.AANMELDING, registration, world.users["regisseur"])
    assert Registration.objects.get(pk=registration.pk).signal == stored  # the link back
    assert [(e.action, e.object_type, e.subject_key) for e in new_entries(since)] == [
        (Action.CREATE, "casework.registration", signal.person.subject_key),
        (Action.UPDATE, "signals.signal", signal.person.subject_key),
    ]


def test_the_registration_goes_through_the_normal_triage(world):
    registration = signal_convert(actor=world.users["regisseur"], signal=world.signal)
    case = registration_accept(actor=world.users["regisseur"], registration=registration,
                               decided_on=timezone.localdate(), criteria=["criterion_multi_problem"],
                               table=world.case.table)
    assert case.registration == registration and case.procesregisseur == world.users["regisseur"]


def test_a_system_signal_carries_its_members_as_reported(world, place):
    approach = ApproachFactory(unit=Unit.SYSTEM)
    TableFactory(approach=approach).procesregisseurs.add(world.users["regisseur"])
    signal = signal_report(actor=world.users["participant"], kind=SignalKind.MELDING, approach=approach,
                           municipality=place, question="Zorg", reporter=REPORTER,
                           system=SystemDetails(name="Systeem De Vries", members=(
                               PersonDetails(given_name="Jan", family_name="de Vries", role="ouder"),)))
    registration = signal_convert(actor=world.users["regisseur"], signal=signal)
    assert registration.system == signal.system
    assert registration.reported_members == [{"name": "Jan de Vries", "role": "ouder"}]


@pytest.mark.parametrize("persona", ["participant", "regisseur_elsewhere", "other_org", "manager", "privacy_officer",
                                     "functional_admin"])
def test_only_a_regisseur_of_the_approach_converts(world, persona):
    before = snapshot()
    with pytest.raises(NotFound):
        signal_convert(actor=world.users[persona], signal=world.signal)
    assert snapshot() == before


def test_a_signal_converts_once(world):
    signal_convert(actor=world.users["regisseur"], signal=world.signal)
    before = snapshot()
    with pytest.raises(DomainError, match="al een aanmelding gemaakt"):
        signal_convert(actor=world.users["regisseur"], signal=world.signal)
    with pytest.raises(DomainError, match="al een aanmelding gemaakt"):
        signal_handle(actor=world.users["regisseur"], signal=world.signal, advice="x", outcome=SignalOutcome.ADVIES)
    assert snapshot() == before


def test_an_anonymous_signal_does_not_convert(world):
    anonymous = signal_consultation_record(
        actor=world.users["regisseur"], approach=world.case.registration.approach,
        reported_by=world.users["participant"].organisation, question="Vraag", advice="Advies",
        reporter=ContactPerson(name="Bea"))
    before = snapshot()
    with pytest.raises(DomainError, match="Een anonieme melding kan geen aanmelding worden"):
        signal_convert(actor=world.users["regisseur"], signal=anonymous)
    assert snapshot() == before


def test_a_signal_without_municipality_asks_for_one(world):
    Signal.objects.filter(pk=world.signal.pk).update(municipality=None)
    world.signal.refresh_from_db()
    before = snapshot()
    with pytest.raises(DomainError, match="Kies de gemeente"):
        signal_convert(actor=world.users["regisseur"], signal=world.signal)
    assert snapshot() == before
    place = MunicipalityFactory()
    registration = signal_convert(actor=world.users["regisseur"], signal=world.signal, municipality=place)
    assert registration.municipality == place == Signal.objects.get(pk=world.signal.pk).municipality


def test_the_convert_page_makes_the_registration_and_goes_to_it(world):
    client = logged_in(world.users["regisseur"])
    page = client.get(reverse("signals:convert", args=[world.signal.pk])).content.decode()
    assert "Aanmelding maken" in page
    response = client.post(reverse("signals:convert", args=[world.signal.pk]),
                           {"municipality": world.signal.municipality_id, "urgency": "normal"})
    registration = Registration.objects.get(signal=world.signal)
    assert response.status_code == 302 and response["Location"] == reverse(
        "casework:registration-detail", args=[registration.pk])
    page = client.get(response["Location"]).content.decode()
    assert f"melding {world.signal.ref}" in page and reverse("signals:detail", args=[world.signal.pk]) in page
    assert "Triage uitvoeren" in page
    signal_page = client.get(reverse("signals:detail", args=[world.signal.pk])).content.decode()
    assert registration.ref in signal_page and "Aanmelding maken" not in signal_page


def test_the_registration_names_its_signal_only_to_who_may_see_it(world):
    registration = signal_convert(actor=world.users["regisseur"], signal=world.signal)
    url = reverse("casework:registration-detail", args=[registration.pk])
    assert world.signal.ref in logged_in(world.users["participant"]).get(url).content.decode()  # reported it
    # The municipality takes part in the case the registration becomes: it sees the registration, not the signal.
    case = registration_accept(actor=world.users["regisseur"], registration=registration,
                               decided_on=timezone.localdate(), criteria=["criterion_multi_problem"],
                               table=world.case.table, participants=[world.users["other_org"].organisation])
    assert case.participations.filter(organisation=world.users["other_org"].organisation).exists()
    response = logged_in(world.users["other_org"]).get(url)
    assert response.status_code == 200 and world.signal.ref not in response.content.decode()
    assert "Voortgekomen uit" not in response.content.decode()


def test_the_handle_page_refuses_the_outcome_aanmelding(world):
    client = logged_in(world.users["regisseur"])
    before = snapshot()
    response = client.post(reverse("signals:handle", args=[world.signal.pk]),
                           {"advice": "Advies", "outcome": "aanmelding", "follow_up_on": ""})
    assert response.status_code == 200 and "Kies een uitkomst uit de lijst." in response.content.decode()
    assert snapshot() == before
