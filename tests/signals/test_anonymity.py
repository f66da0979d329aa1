"""An anonymous advice holds no personal data: the form says so, and a BSN anywhere in its free text is refused, by
the form and by the services, and nothing is written."""

import pytest
from django.urls import reverse

from procesregie.casework.services import ContactPerson, PersonDetails
from procesregie.core.errors import DomainError
from procesregie.signals.models import Signal, SignalKind, SignalOutcome
from procesregie.signals.services import signal_consultation_record, signal_handle, signal_report
from tests.factories import synthetic_bsn

from .helpers import REPORTER, logged_in, snapshot

pytestmark = pytest.mark.django_db

VALID_BSN = "111222333"  # passes the 11-proef (synthetic)


def test_the_anonymous_form_says_it_holds_no_personal_data(world):
    body = logged_in(world.users["participant"]).get(reverse("signals:report-anonymous")).content.decode()
    assert "Deze melding bevat geen persoonsgegevens" in body
    assert 'name="bsn"' not in body and 'name="family_name"' not in body


@pytest.mark.parametrize("field", ["question", "reporter_name", "reporter_phone"])
def test_the_anonymous_form_refuses_a_bsn_in_any_free_text(world, place, field):
    data = {"kind": "adviesgesprek", "approach": world.case.registration.approach.pk, "municipality": place.pk,
            "question": "Hoe ga ik om met een dreigende situatie?", "reporter_name": "Bea", "reporter_phone": "0612345678",
            "reporter_email": ""}
    data[field] = f"{data[field]} {VALID_BSN}" if field != "reporter_phone" else "111 222 333"
    before = snapshot()
    response = logged_in(world.users["participant"]).post(reverse("signals:report-anonymous"), data)
    assert response.status_code == 200
    assert "Er staat een BSN in deze tekst." in response.content.decode()
    assert snapshot() == before


def test_the_anonymous_form_takes_a_question_without_one(world, place):
    data = {"kind": "adviesgesprek", "approach": world.case.registration.approach.pk, "municipality": place.pk,
            "question": "Hoe ga ik om met een dreigende situatie? Bel 030 123 4567.", "reporter_name": "Bea",
            "reporter_phone": "0612345678", "reporter_email": ""}
    response = logged_in(world.users["participant"]).post(reverse("signals:report-anonymous"), data)
    signal = Signal.objects.exclude(pk=world.signal.pk).get()
    assert response.status_code == 302 and signal.is_anonymous and signal.kind == SignalKind.ADVIESGESPREK


def test_the_service_refuses_a_bsn_in_an_anonymous_report(world, place):
    before = snapshot()
    with pytest.raises(DomainError, match="Er staat een BSN in de tekst."):
        signal_report(actor=world.users["participant"], kind=SignalKind.ADVIESGESPREK,
                      approach=world.case.registration.approach, municipality=place,
                      question=f"Het gaat om BSN {VALID_BSN}", reporter=REPORTER)
    with pytest.raises(DomainError, match="Er staat een BSN in de tekst."):
        signal_report(actor=world.users["participant"], kind=SignalKind.ADVIESGESPREK,
                      approach=world.case.registration.approach, municipality=place, question="Vraag",
                      reporter=ContactPerson(name="Bea", email=f"{VALID_BSN}@example.org"))
    assert snapshot() == before


def test_the_service_refuses_a_bsn_in_an_anonymous_consultation(world):
    before = snapshot()
    with pytest.raises(DomainError, match="Er staat een BSN in de tekst."):
        signal_consultation_record(actor=world.users["regisseur"], approach=world.case.registration.approach,
                                   reported_by=world.users["participant"].organisation, question="Vraag",
                                   advice=f"Controleer {VALID_BSN} bij de gemeente.", reporter=ContactPerson(name="Bea"))
    assert snapshot() == before


def test_handling_an_anonymous_signal_refuses_a_bsn_in_the_advice(world):
    anonymous = signal_consultation_record(
        actor=world.users["regisseur"], approach=world.case.registration.approach,
        reported_by=world.users["participant"].organisation, question="Vraag", advice="Advies",
        reporter=ContactPerson(name="Bea"))
    before = snapshot()
    with pytest.raises(DomainError, match="Er staat een BSN in de tekst."):
        signal_handle(actor=world.users["regisseur"], signal=anonymous, advice=f"Het is {VALID_BSN}",
                      outcome=SignalOutcome.ADVIES)
    response = logged_in(world.users["regisseur"]).post(
        reverse("signals:handle", args=[anonymous.pk]), {"advice": f"Het is {VALID_BSN}", "outcome": "advies"})
    assert "Er staat een BSN in deze tekst." in response.content.decode()
    assert snapshot() == before


def test_a_signal_about_a_person_may_name_the_bsn(world, place):
    """The refusal is about anonymous signals: one about a person has the BSN in its own field anyway."""
    bsn = synthetic_bsn()
    signal = signal_report(actor=world.users["participant"], kind=SignalKind.MELDING,
                           approach=world.case.registration.approach, municipality=place,
                           question=f"Zorgen; BSN {bsn}", reporter=REPORTER,
                           person=PersonDetails(given_name="Ada", family_name="Aangemeld", bsn=bsn))
    assert bsn in signal.question


def test_the_consultation_form_is_anonymous_unless_a_person_is_filled_in(world):
    client = logged_in(world.users["regisseur"])
    data = {"reported_by": world.users["participant"].organisation.pk, "reporter_name": "Bea", "reporter_phone": "",
            "reporter_email": "", "approach": world.case.registration.approach.pk, "question": "Vraag",
            "advice": f"Advies over {VALID_BSN}", "outcome": "advies", "follow_up_on": "", "kind": "adviesgesprek",
            "date": world.signal.date.isoformat(), "municipality": "", "given_name": "", "family_name": "",
            "birth_date": "", "bsn": ""}
    before = snapshot()
    assert "Er staat een BSN in deze tekst." in client.post(reverse("signals:consultation"), data).content.decode()
    assert snapshot() == before
    data.update(advice="Advies", family_name="Persoonlijk")
    assert client.post(reverse("signals:consultation"), data).status_code == 302
    assert Signal.objects.get(reported_name="Persoonlijk").person.family_name == "Persoonlijk"
