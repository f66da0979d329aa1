"""The signal services: reporting, recording a consultation, handling; what they write and what they log."""

import datetime

import pytest
from django.utils import timezone

from procesregie.audit.models import Action, Outcome
from procesregie.casework.services import ContactPerson, PersonDetails, SystemDetails
from procesregie.core.errors import DomainError, NotFound
from procesregie.reference.models import Unit
from procesregie.signals.models import Signal, SignalKind, SignalOutcome
from procesregie.signals.services import (
    signal_consultation_record,
    signal_convert,
    signal_follow_up_done,
    signal_handle,
    signal_report,
)
from procesregie.subjects.models import Person
from tests.days import days, on_the_day
from tests.factories import ApproachFactory, synthetic_bsn

from .helpers import REPORTER, last_sequence, new_entries, snapshot

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def report(world, place, *, actor=None, **overrides):
    values = {
        "actor": actor or world.users["participant"], "kind": SignalKind.MELDING, "approach": world.case.registration.approach,
        "municipality": place, "question": "Zorgen over de thuissituatie.", "reporter": REPORTER,
        "person": PersonDetails(given_name="Nina", family_name="Nieuwsignaal", birth_date=datetime.date(1990, 1, 2)),
    }
    return signal_report(**{**values, **overrides})


def consult(world, **overrides):
    values = {
        "actor": world.users["regisseur"], "approach": world.case.registration.approach,
        "reported_by": world.users["participant"].organisation, "question": "Hoe pak ik dit aan?",
        "advice": "Bel de wijkagent en meld opnieuw als het escaleert.", "reporter": ContactPerson(name="Bea Beller"),
    }
    return signal_consultation_record(**{**values, **overrides})


def test_a_partner_reports_a_person_on_behalf_of_their_organisation(world, place):
    since = last_sequence()
    signal = report(world, place)
    assert (signal.kind, signal.reported_by, signal.date, signal.outcome) == (
        SignalKind.MELDING, world.users["participant"].organisation, TODAY(), "")
    assert signal.ref.startswith("M-") and signal.reported_name == "Nina Nieuwsignaal"
    assert (signal.reporter_name, signal.reporter_phone) == ("Wijkagent Jansen", "06 1234 5678")
    assert (signal.person.family_name, signal.person.birth_date) == ("Nieuwsignaal", datetime.date(1990, 1, 2))
    assert signal.created_by == world.users["participant"] and signal.handled_by is None
    entries = new_entries(since)
    # The new person, then the signal about them: both written by the partner, with the approach as purpose.
    assert [(e.action, e.object_type, e.subject_key) for e in entries] == [
        (Action.CREATE, "subjects.person", signal.person.subject_key),
        (Action.CREATE, "signals.signal", signal.person.subject_key),
    ]
    assert entries[-1].actor_username == world.users["participant"].username
    assert entries[-1].purpose_approach == signal.approach.code


def test_a_partner_reports_a_system_with_its_members(world, place):
    approach = ApproachFactory(unit=Unit.SYSTEM)
    system = SystemDetails(name="Systeem Jansen", members=(
        PersonDetails(given_name="Piet", family_name="Jansen", role="ouder"),
        PersonDetails(given_name="Kees", family_name="Jansen", role="kind"),
    ))
    since = last_sequence()
    signal = report(world, place, approach=approach, person=None, system=system)
    assert signal.system.name == "Systeem Jansen" and signal.person is None
    assert signal.reported_members == [{"name": "Piet Jansen", "role": "ouder"}, {"name": "Kees Jansen", "role": "kind"}]
    assert sorted(signal.system.memberships.values_list("person__given_name", "role")) == [
        ("Kees", "kind"), ("Piet", "ouder")]
    keys = {signal.system.subject_key, *signal.system.memberships.values_list("person__subject_key", flat=True)}
    logged = [e for e in new_entries(since) if e.object_type == "signals.signal"]
    assert {e.subject_key for e in logged} == keys and all(e.action == Action.CREATE for e in logged)


def test_an_anonymous_report_holds_no_personal_data_and_is_logged_without_a_subject(world, place):
    since = last_sequence()
    signal = report(world, place, person=None, kind=SignalKind.ADVIESGESPREK)
    assert signal.is_anonymous and signal.reported_name == "" and signal.reported_members == []
    entries = new_entries(since)
    assert [(e.action, e.object_type, e.object_id, e.subject_key) for e in entries] == [
        (Action.CREATE, "signals.signal", str(signal.pk), None)]


@pytest.mark.parametrize("persona", ["manager", "privacy_officer", "functional_admin", "colleague"])
def test_who_may_not_register_may_not_report(world, place, persona):
    before = snapshot()
    with pytest.raises(NotFound):
        report(world, place, actor=world.users[persona])
    assert snapshot() == before


@pytest.mark.parametrize("overrides, message", [
    ({"question": "  "}, "Beschrijf de vraag of zorg."),
    ({"municipality": None}, "Kies de gemeente."),
    ({"kind": "roddel"}, "Kies de soort: melding of adviesgesprek."),
    ({"reporter": ContactPerson(name="", phone="0612345678")}, "Vul de naam van de professional in."),
    ({"reporter": ContactPerson(name="Bea")}, "Vul een telefoonnummer of e-mailadres van de professional in."),
    ({"reporter": ContactPerson(name="Bea", phone="bel me")}, "Vul een geldig telefoonnummer in."),
    ({"person": PersonDetails(given_name="", family_name="")}, "Vul ten minste een voornaam of een achternaam in."),
    ({"person": PersonDetails(given_name="A", family_name="B", bsn="123456789")}, "11-proef"),
    ({"person": PersonDetails(given_name="A", family_name="B", birth_date=days(1))},
     "De geboortedatum ligt in de toekomst."),
])
def test_a_bad_report_is_refused_with_a_clear_error_and_changes_nothing(world, place, overrides, message):
    before, since = snapshot(), last_sequence()
    with pytest.raises(DomainError, match=message):
        report(world, place, **on_the_day(overrides))
    assert snapshot() == before and new_entries(since) == []


def test_a_person_signal_for_a_system_approach_is_refused(world, place):
    before = snapshot()
    with pytest.raises(DomainError, match="bedoeld voor een systeem"):
        report(world, place, approach=ApproachFactory(unit=Unit.SYSTEM))
    assert snapshot() == before


def test_a_regisseur_records_a_consultation_in_one_call(world):
    since = last_sequence()
    signal = consult(world, follow_up_on=TODAY() + datetime.timedelta(days=14))
    assert (signal.kind, signal.date, signal.outcome) == (SignalKind.ADVIESGESPREK, TODAY(), SignalOutcome.ADVIES)
    assert signal.is_anonymous and signal.reporter_name == "Bea Beller" and signal.municipality is None
    assert (signal.handled_by, signal.created_by) == (world.users["regisseur"], world.users["regisseur"])
    assert signal.handled_at is not None and signal.follow_up_on == TODAY() + datetime.timedelta(days=14)
    assert [(e.action, e.object_type, e.subject_key) for e in new_entries(since)] == [
        (Action.CREATE, "signals.signal", None)]


def test_a_consultation_about_a_person(world):
    signal = consult(world, person=PersonDetails(given_name="Otto", family_name="Opgebeld"))
    assert signal.person.family_name == "Opgebeld" and signal.reported_name == "Otto Opgebeld"


@pytest.mark.parametrize("persona", ["participant", "manager", "privacy_officer", "functional_admin"])
def test_only_a_regisseur_records_a_consultation(world, persona):
    before = snapshot()
    with pytest.raises(NotFound):
        consult(world, actor=world.users[persona])
    assert snapshot() == before


@pytest.mark.parametrize("overrides, message", [
    ({"outcome": SignalOutcome.AANMELDING}, "Aanmelding maken"),
    ({"outcome": ""}, "Kies de uitkomst."),
    ({"advice": ""}, "Beschrijf het gegeven advies."),
    ({"reported_by": None}, "Kies de organisatie van de professional."),
    ({"date": days(1)}, "ligt in de toekomst"),
    ({"follow_up_on": days(-1)}, "vóór de datum van de melding"),
    ({"reporter": ContactPerson(name="")}, "Vul de naam van de professional in."),
])
def test_a_bad_consultation_is_refused_and_changes_nothing(world, overrides, message):
    before = snapshot()
    with pytest.raises(DomainError, match=message):
        consult(world, **on_the_day(overrides))
    assert snapshot() == before


def test_a_regisseur_records_consultations_only_for_the_approaches_of_their_tables(world):
    before = snapshot()
    with pytest.raises(DomainError, match="Kies een aanpak van uw overlegtafels."):
        consult(world, approach=world.other_case.registration.approach)
    assert snapshot() == before
    assert consult(world, actor=world.users["regisseur_elsewhere"], approach=world.other_case.registration.approach)


def test_the_regisseur_handles_an_open_signal(world):
    since = last_sequence()
    handled = signal_handle(actor=world.users["regisseur"], signal=world.signal, advice="Doorverwezen naar het wijkteam.",
                            outcome=SignalOutcome.DOORVERWEZEN, follow_up_on=TODAY() + datetime.timedelta(days=7))
    stored = Signal.objects.get(pk=world.signal.pk)
    assert handled.outcome == stored.outcome == SignalOutcome.DOORVERWEZEN
    assert (stored.advice, stored.handled_by) == ("Doorverwezen naar het wijkteam.", world.users["regisseur"])
    entries = new_entries(since)
    assert [(e.action, e.object_type, e.subject_key, e.outcome) for e in entries] == [
        (Action.UPDATE, "signals.signal", world.signal.person.subject_key, Outcome.GRANTED)]
    # Handled again: a follow-up is done, the date cleared.
    signal_handle(actor=world.users["regisseur"], signal=world.signal, advice="Opgevolgd: het gaat beter.",
                  outcome=SignalOutcome.ADVIES, follow_up_on=None)
    assert Signal.objects.get(pk=world.signal.pk).follow_up_on is None


@pytest.mark.parametrize("persona", ["participant", "regisseur_elsewhere", "other_org", "manager", "privacy_officer",
                                     "functional_admin", "colleague", "removed"])
def test_only_a_regisseur_of_the_approach_handles_a_signal(world, persona):
    before = snapshot()
    with pytest.raises(NotFound):
        signal_handle(actor=world.users[persona], signal=world.signal, advice="x", outcome=SignalOutcome.ADVIES)
    assert snapshot() == before


@pytest.mark.parametrize("overrides, message", [
    ({"outcome": SignalOutcome.AANMELDING}, "Aanmelding maken"),
    ({"outcome": "misschien"}, "Kies de uitkomst."),
    ({"advice": "<b></b>"}, "Beschrijf het gegeven advies."),
    ({"follow_up_on": days(-400)}, "vóór de datum van de melding"),
])
def test_a_bad_handling_is_refused_and_changes_nothing(world, overrides, message):
    before = snapshot()
    values = {"advice": "Advies", "outcome": SignalOutcome.ADVIES, **on_the_day(overrides)}
    with pytest.raises(DomainError, match=message):
        signal_handle(actor=world.users["regisseur"], signal=world.signal, **values)
    assert snapshot() == before


def test_free_text_is_stored_as_plain_text(world, place):
    signal = report(world, place, question="<script>alert(1)</script>Zorg <b>groot</b>")
    assert signal.question == "Zorg groot"


def test_a_known_bsn_is_not_created_twice(world, place):
    bsn = synthetic_bsn()
    first = report(world, place, person=PersonDetails(given_name="Bo", family_name="Bekend", bsn=bsn))
    second = report(world, place, person=PersonDetails(given_name="B.", family_name="Anders", bsn=bsn))
    assert first.person == second.person and Person.objects.filter(bsn=bsn).count() == 1
    assert second.reported_name == "B. Anders"


# --- a follow-up done ---------------------------------------------------------------------------------------------


def _handled_with_follow_up(world, **values):
    Signal.objects.filter(pk=world.signal.pk).update(outcome=SignalOutcome.DOORVERWEZEN, advice="Naar het wijkteam.",
                                                     follow_up_on=TODAY(), **values)
    world.signal.refresh_from_db()
    return world.signal


def test_a_follow_up_done_clears_the_date_keeps_the_advice_and_is_logged(world):
    signal = _handled_with_follow_up(world)
    since = last_sequence()
    done = signal_follow_up_done(actor=world.users["regisseur"], signal=signal)
    assert (done.follow_up_on, done.outcome, done.advice) == (None, SignalOutcome.DOORVERWEZEN, "Naar het wijkteam.")
    assert done.handled_by == world.users["regisseur"] and done.handled_at is not None
    assert [(e.action, e.object_type, e.object_id, e.subject_key, e.purpose_approach) for e in new_entries(since)] == [
        (Action.UPDATE, "signals.signal", str(signal.pk), signal.person.subject_key, signal.approach.code)]


@pytest.mark.parametrize("state, message", [
    ({"outcome": ""}, "nog niet afgehandeld"),
    ({"follow_up_on": None}, "niets meer om op te volgen"),
])
def test_a_follow_up_done_is_refused_when_there_is_none_and_changes_nothing(world, state, message):
    signal = _handled_with_follow_up(world)
    Signal.objects.filter(pk=signal.pk).update(**state)
    before, since = snapshot(), last_sequence()
    with pytest.raises(DomainError, match=message):
        signal_follow_up_done(actor=world.users["regisseur"], signal=signal)
    assert snapshot() == before and new_entries(since) == []


def test_a_converted_signal_has_no_follow_up_to_finish(world):
    signal = _handled_with_follow_up(world)
    signal_convert(actor=world.users["regisseur"], signal=signal)
    Signal.objects.filter(pk=signal.pk).update(follow_up_on=TODAY())  # as an import could leave it
    before = snapshot()
    with pytest.raises(DomainError, match="al een aanmelding"):
        signal_follow_up_done(actor=world.users["regisseur"], signal=signal)
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["regisseur_elsewhere", "participant", "manager", "privacy_officer"])
def test_only_a_regisseur_of_the_approach_finishes_a_follow_up(world, persona):
    signal = _handled_with_follow_up(world)
    before = snapshot()
    with pytest.raises(NotFound):
        signal_follow_up_done(actor=world.users[persona], signal=signal)
    assert snapshot() == before
