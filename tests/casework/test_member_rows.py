"""Two member rows of a system, in a registration or a signal: refused only when they are the same *as typed* (the
same BSN twice, or the same name and birth date twice), at the row. Two rows typed differently that match the same
known person are not refused when the reporter may not see that person: the answer would tell them that both rows are
one known person ("is this BSN this name and birth date?"). That person becomes a member once; the members as reported
keep both rows."""

import datetime

import pytest
from django.urls import reverse

from procesregie.casework.models import Registration
from procesregie.casework.services import PersonDetails
from procesregie.casework.services.members import BSN, NAME, typed_twice
from procesregie.reference.models import Unit
from procesregie.signals.models import Signal
from procesregie.subjects.models import Person, System
from tests.factories import ApproachFactory, MunicipalityFactory
from tests.personas import build_world

from .helpers import logged_in, snapshot
from .test_registration_flow import CONTACT

pytestmark = pytest.mark.django_db

REGISTER = reverse("casework:registration-create-system")
REPORT = reverse("signals:report-system")
TYPED_TWICE = ("Dit BSN staat al bij een ander lid.", "Deze naam en geboortedatum staan al bij een ander lid.")


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def forms(world):
    """The two system forms (a registration, a signal) with their fixed fields; members are added per test."""
    approach, place = ApproachFactory(unit=Unit.SYSTEM, name="Aanpak S"), MunicipalityFactory()
    common = {"name": "Systeem Getypt", "approach": approach.pk, "municipality": place.pk,
              "lid-TOTAL_FORMS": "6", "lid-INITIAL_FORMS": "0", "lid-MIN_NUM_FORMS": "1", "lid-MAX_NUM_FORMS": "6"}
    return {
        REGISTER: {**common, "reason": "Zorgen.", "system_municipality": "", **CONTACT},
        REPORT: {**common, "kind": "melding", "question": "Zorgen.", "reporter_name": "W", "reporter_phone": "0612345678",
                 "reporter_email": ""},
    }


def with_members(data: dict, members: list[dict]) -> dict:
    data = dict(data)
    for index, member in enumerate(members):
        for key in ("given_name", "family_name", "birth_date", "bsn", "role"):
            data[f"lid-{index}-{key}"] = member.get(key, "")
    return data


def as_typed(person, **changes) -> dict:
    return {"given_name": person.given_name, "family_name": person.family_name,
            "birth_date": person.birth_date.isoformat(), **changes}


def unknown() -> dict:
    return {"given_name": "Niet", "family_name": "Bestaand", "birth_date": "1990-01-01"}


@pytest.mark.parametrize("url", [REGISTER, REPORT])
def test_the_same_row_typed_twice_is_refused_alike_for_a_known_and_an_unknown_person(world, forms, url):
    target = world.other_case.registration.person  # the police takes no part in approach B's case
    client = logged_in(world.users["participant"])
    before = snapshot()
    known = client.post(url, with_members(forms[url], [as_typed(target), as_typed(target, role="kind")]))
    other = client.post(url, with_members(forms[url], [unknown(), dict(unknown(), role="kind")]))
    for response in (known, other):
        assert response.status_code == 200 and TYPED_TWICE[1] in response.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize("url", [REGISTER, REPORT])
def test_two_rows_typed_differently_that_match_one_hidden_person_are_attached_once(world, forms, url):
    target = world.other_case.registration.person  # neither the police nor probation takes part in its case
    by_bsn = {"given_name": "A", "family_name": "B", "bsn": target.bsn, "role": "ouder"}
    hit = logged_in(world.users["participant"]).post(
        url, with_members(forms[url], [by_bsn, as_typed(target, role="kind")]))
    miss = logged_in(world.users["removed"]).post(  # a registration makes its subject the reporter's to be asked about
        url, with_members(forms[url], [by_bsn, as_typed(target, birth_date="1950-05-05", role="kind")]))
    assert hit.status_code == miss.status_code == 302  # the same answer: nothing tells the rows are one person
    first = System.objects.filter(name="Systeem Getypt").order_by("pk").first()
    assert [(m.person, m.role) for m in first.memberships.all()] == [(target, "ouder")]
    assert Person.objects.filter(bsn=target.bsn).count() == 1
    reported = (Registration.objects.get(system=first) if url == REGISTER else Signal.objects.get(system=first))
    assert reported.reported_members == [{"name": "A B", "role": "ouder"}, {"name": str(target), "role": "kind"}]


def test_rows_that_match_a_person_the_reporter_may_see_are_still_told(world, forms):
    seen = world.case.registration.person  # the police takes part in this case
    client = logged_in(world.users["participant"])
    rows = [{"given_name": "A", "family_name": "B", "bsn": seen.bsn}, as_typed(seen)]
    before = snapshot()
    asked = client.post(REGISTER, with_members(forms[REGISTER], rows))
    assert asked.status_code == 200 and "Deze persoon is al bekend." in asked.content.decode()
    confirmed = client.post(REGISTER, with_members({**forms[REGISTER], "confirm_known": "on"}, rows))
    assert confirmed.status_code == 200
    assert "Dezelfde persoon staat twee keer in het systeem." in confirmed.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(("rows", "expected"), [
    ([("Jan", "Jansen", "1990-01-01", "111222333"), ("Piet", "Jansen", None, "111222333")], {1: BSN}),
    ([("Jan", "Jansen", "1990-01-01", None), ("jan ", " JANSEN", "1990-01-01", None)], {1: NAME}),
    ([("Jan", "Jansen", "1990-01-01", "111222333"), ("Jan", "Jansen", "1990-01-01", None)], {1: NAME}),
    ([("Jan", "Jansen", "1990-01-01", "111222333"), ("Jan", "Jansen", "1990-01-01", "123456782")], {}),  # two BSNs
    ([("Jan", "Jansen", None, None), ("Jan", "Jansen", None, None)], {}),  # no birth date: may be two people
    ([("Jan", "Jansen", "1990-01-01", None), ("Jan", "Jansen", "1990-01-02", None)], {}),
])
def test_typed_twice_compares_only_what_was_typed(rows, expected):
    entries = [PersonDetails(given_name=g, family_name=f, bsn=b,
                             birth_date=datetime.date.fromisoformat(d) if d else None) for g, f, d, b in rows]
    assert typed_twice(entries) == expected

