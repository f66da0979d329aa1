"""A signal about a person who is already known attaches to them silently: a partner can never learn from the form,
the answer or the signal's page that a BSN or a name is known here. The procesregisseur who handles it sees the
stored person; the match is logged as a read of that data subject."""

import difflib
import re

import pytest
from django.urls import reverse

from procesregie.audit.models import AccessLogEntry, Action
from procesregie.signals.models import Signal
from procesregie.subjects.models import Person

from .helpers import last_sequence, logged_in

pytestmark = pytest.mark.django_db


def form(world, place, **person) -> dict:
    return {"kind": "melding", "approach": world.case.registration.approach.pk, "municipality": place.pk,
            "question": "Zorgen om de veiligheid.", "reporter_name": "Wijkagent Jansen", "reporter_phone": "0612345678",
            "reporter_email": "", "given_name": "", "family_name": "", "birth_date": "", "bsn": "", **person}


def answer(response) -> str:
    """What the partner sees after submitting: the message on the page the answer sends them to."""
    return response.content.decode()


def test_a_known_bsn_attaches_silently_and_the_partner_sees_only_what_they_typed(world, place):
    known = world.other_case.registration.person  # in a case of approach B, which the police does not take part in
    client = logged_in(world.users["participant"])
    since = last_sequence()
    response = client.post(reverse("signals:report-person"),
                           form(world, place, given_name="Zorgvolle", family_name="Naam", bsn=known.bsn), follow=True)
    signal = Signal.objects.exclude(pk=world.signal.pk).get()
    assert signal.person == known and Person.objects.filter(bsn=known.bsn).count() == 1
    page = answer(response)
    assert "Uw melding is verzonden." in page and "Zorgvolle Naam" in page
    for stored in (known.family_name, known.given_name, known.ref, known.birth_date.isoformat()):
        assert stored not in page
    assert "bekend" not in page.lower()
    # The match was logged as a read of the known person, by the partner.
    assert AccessLogEntry.objects.filter(sequence__gt=since, action=Action.READ, subject_key=known.subject_key,
                                         actor_username=world.users["participant"].username).exists()
    # The list shows the name as reported, and a search on the stored name finds nothing.
    listing = client.get(reverse("signals:list"), {"query": known.family_name}).content.decode()
    assert "0 meldingen gevonden." in listing


def test_the_answer_for_a_known_and_an_unknown_person_is_the_same(world, place):
    client = logged_in(world.users["participant"])
    known = world.other_case.registration.person
    one = client.post(reverse("signals:report-person"), form(world, place, family_name="Eerstenaam", bsn=known.bsn))
    first = client.get(one["Location"]).content.decode()
    other = client.post(reverse("signals:report-person"), form(world, place, family_name="Tweedenaam"))
    second = client.get(other["Location"]).content.decode()
    assert one.status_code == other.status_code == 302
    strip = [(first, "Eerstenaam"), (second, "Tweedenaam")]
    pages = [page.replace(name, "NAAM") for page, name in strip]
    refs = Signal.objects.exclude(pk=world.signal.pk).order_by("pk").values_list("ref", "pk")
    for (ref, pk), index in zip(refs, range(2), strict=True):
        pages[index] = pages[index].replace(ref, "REF").replace(f"/meldingen/{pk}/", "/meldingen/PK/")
    pages = [re.sub(r"[A-Za-z0-9]{40,}", "TOKEN", page) for page in pages]  # the CSRF tokens
    diff = [line for line in difflib.unified_diff(pages[0].splitlines(), pages[1].splitlines(), lineterm='', n=0) if line[:1] in '+-']
    assert diff == [], '\n'.join(diff)


def test_a_known_name_and_birth_date_attach_as_well(world, place):
    known = world.other_case.registration.person
    # An ASCII name: the match ignores case, and SQLite's iexact ignores it only for ASCII letters (a random name
    # with Ë or Ç, typed in capitals, matched on PostgreSQL and not on SQLite).
    known.given_name, known.family_name = "Willemijn", "Anderzaak"
    known.save()
    logged_in(world.users["participant"]).post(reverse("signals:report-person"), form(
        world, place, given_name=known.given_name.upper(), family_name=known.family_name,
        birth_date=known.birth_date.isoformat()))
    assert Signal.objects.exclude(pk=world.signal.pk).get().person == known


def test_the_regisseur_who_handles_it_sees_the_stored_person(world, place):
    known = world.pending.person
    logged_in(world.users["participant"]).post(reverse("signals:report-person"),
                                               form(world, place, family_name="Anders", bsn=known.bsn))
    signal = Signal.objects.exclude(pk=world.signal.pk).get()
    page = logged_in(world.users["regisseur"]).get(reverse("signals:detail", args=[signal.pk])).content.decode()
    assert str(known) in page and "Naam zoals gemeld" in page and "Anders" in page
