"""A signal shows its stored subject only to who may see that person or system anyway (through a registration or a
case: `access.persons_visible_to`, `systems_visible_to`); everyone else sees the name and members as reported. A
signal attaches silently to a known person, so otherwise recording a consultation with someone's BSN would tell a
procesregisseur whose BSN it is, with the birth date, though that person's case is not theirs to see."""

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.casework.services import ContactPerson, PersonDetails, SystemDetails
from procesregie.reference.models import Unit
from procesregie.signals.models import Signal
from procesregie.signals.services import signal_report
from tests.factories import ApproachFactory, TableFactory

from .helpers import logged_in

pytestmark = pytest.mark.django_db


def consultation(world, **person) -> dict:
    return {"reported_by": world.users["participant"].organisation.pk, "reporter_name": "Bea", "reporter_phone": "",
            "reporter_email": "", "approach": world.case.registration.approach.pk, "question": "Vraag",
            "advice": "Advies", "outcome": "advies", "follow_up_on": "", "kind": "adviesgesprek",
            "date": timezone.localdate().isoformat(), "municipality": "", "given_name": "", "family_name": "",
            "birth_date": "", "bsn": "", **person}


def pages(client, signal) -> dict[str, str]:
    """Every page of the signal that names its subject, as the user reads it."""
    urls = {"detail": reverse("signals:detail", args=[signal.pk]), "handle": reverse("signals:handle", args=[signal.pk]),
            "convert": reverse("signals:convert", args=[signal.pk]), "list": reverse("signals:list")}
    return {name: client.get(url).content.decode() for name, url in urls.items()}


def hidden_person(world):
    """The person of another approach's case (not the regisseur's to see), given names no page could contain by
    chance (a generated "Eva" is in the page's "allowEval")."""
    target = world.other_case.registration.person
    target.given_name, target.family_name = "Zerlinda", "Quaestorius"
    target.save(update_fields=["given_name", "family_name"])
    return target


def test_a_consultation_with_the_bsn_of_someone_elses_case_shows_only_the_name_as_typed(world):
    target = hidden_person(world)
    client = logged_in(world.users["regisseur"])
    assert client.get(reverse("casework:case-detail", args=[world.other_case.pk])).status_code == 404
    response = client.post(reverse("signals:consultation"),
                           consultation(world, given_name="X", family_name="Onbekend", bsn=target.bsn), follow=True)
    assert "Het gesprek is vastgelegd." in response.content.decode()
    signal = Signal.objects.get(reported_name="X Onbekend")
    assert signal.person == target  # attached silently, as before: no duplicate person
    for name, page in {"answer": response.content.decode(), **pages(client, signal)}.items():
        assert "X Onbekend" in page, name
        for stored in (target.family_name, target.given_name, target.birth_date.isoformat(),
                       target.birth_date.strftime("%-d %B %Y"), target.ref):
            assert stored not in page, (name, stored)
    # Nor does the list's text search look at the stored name.
    listing = client.get(reverse("signals:list"), {"query": target.family_name}).content.decode()
    assert "0 meldingen gevonden." in listing


def test_a_person_the_regisseur_may_see_anyway_is_shown_as_stored(world):
    known = world.pending.person  # awaiting the regisseur's triage
    client = logged_in(world.users["regisseur"])
    client.post(reverse("signals:consultation"), consultation(world, family_name="Getypt", bsn=known.bsn))
    signal = Signal.objects.get(reported_name="Getypt")
    for name, page in pages(client, signal).items():
        assert str(known) in page, name
    detail = pages(client, signal)["detail"]
    assert "Naam zoals gemeld" in detail and known.birth_date.isoformat() in detail
    listing = client.get(reverse("signals:list"), {"query": known.family_name}).content.decode()
    assert signal.ref in listing


def test_a_system_shows_its_members_as_reported_to_who_may_not_see_them(world, place):
    target = hidden_person(world)
    approach = ApproachFactory(unit=Unit.SYSTEM, name="Aanpak S")
    TableFactory(approach=approach).procesregisseurs.add(world.users["regisseur"])
    signal = signal_report(
        actor=world.users["participant"], kind="melding", approach=approach, municipality=place, question="Zorg",
        reporter=ContactPerson(name="Agent", phone="0612345678"),
        system=SystemDetails(name="Systeem Getypt", members=(
            PersonDetails(given_name="Lid", family_name="Getypt", bsn=target.bsn, role="ouder"),)),
    )
    assert signal.system.memberships.get().person == target
    for user in ("regisseur", "participant"):
        body = logged_in(world.users[user]).get(reverse("signals:detail", args=[signal.pk])).content.decode()
        assert "Lid Getypt" in body and target.family_name not in body, user


def test_a_partner_who_registered_the_bsn_before_still_sees_only_what_they_typed(world, place):
    """The registration their organisation made is attached silently to the known person and shows them what they
    reported; a signal with the same BSN must not show that person's stored data either."""
    target = hidden_person(world)
    client = logged_in(world.users["participant"])
    registered = client.post(reverse("casework:registration-create-person"), {
        "given_name": "Eerst", "family_name": "Aangemeld", "birth_date": "", "bsn": target.bsn, "person_municipality": "",
        "approach": world.case.registration.approach.pk, "municipality": place.pk, "reason": "Zorgen.",
        "urgency": "normal", "contact_name": "Agent", "contact_phone": "0612345678", "contact_email": ""})
    assert registered.status_code == 302
    client.post(reverse("signals:report-person"), {
        "kind": "melding", "approach": world.case.registration.approach.pk, "municipality": place.pk,
        "question": "Zorgen.", "reporter_name": "Agent", "reporter_phone": "0612345678", "reporter_email": "",
        "given_name": "Later", "family_name": "Gemeld", "birth_date": "", "bsn": target.bsn})
    signal = Signal.objects.get(reported_name="Later Gemeld")
    assert signal.person == target
    body = client.get(reverse("signals:detail", args=[signal.pk])).content.decode()
    assert "Later Gemeld" in body and target.family_name not in body and target.birth_date.isoformat() not in body
