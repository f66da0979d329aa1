"""Whose stored data (name, birth date, a system's members) a page may show a user (`access.cases.persons_shown_to`,
`systems_shown_to`): the subjects of the cases they see and of the registrations they triage. Not the subject of a
registration their organisation only made: that was attached silently to a known person and shows what they typed."""

import pytest

from procesregie.access.cases import persons_shown_to, persons_visible_to, systems_shown_to
from procesregie.subjects.models import SystemMember
from tests.factories import PersonFactory, RegistrationFactory, SystemFactory

from ..personas import build_world

pytestmark = pytest.mark.django_db

PERSONAS = ["regisseur", "regisseur_elsewhere", "participant", "removed", "other_org", "colleague", "manager",
            "privacy_officer", "functional_admin", "anonymous"]


@pytest.fixture
def world():
    return build_world()


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_sees_which_person_as_stored(world, persona):
    user = world.users[persona]
    shown = set(persons_shown_to(user))
    assert (world.case.registration.person in shown) is (persona in {"regisseur", "participant"})
    assert (world.other_case.registration.person in shown) is (persona in {"regisseur_elsewhere", "other_org"})
    # The pending registration: triaged by the regisseur of approach A; made by the municipality, which sees it (and
    # its subject, `persons_visible_to`) only as it reported it.
    assert (world.pending.person in shown) is (persona == "regisseur")
    assert (world.pending.person in set(persons_visible_to(user))) is (persona in {"regisseur", "other_org"})
    assert world.signal.person not in shown  # a signal's person, without a registration: nobody's as stored


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_system_and_its_members_go_together(world, persona):
    system = SystemFactory()
    member = PersonFactory()
    SystemMember.objects.create(system=system, person=member)
    RegistrationFactory(approach=world.case.registration.approach, person=None, system=system,
                        reported_by=world.users["other_org"].organisation)
    user = world.users[persona]
    assert (system in set(systems_shown_to(user))) is (persona == "regisseur")
    assert (member in set(persons_shown_to(user))) is (persona == "regisseur")
