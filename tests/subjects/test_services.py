"""Services that register persons, systems and members."""

import datetime

import pytest
from django.utils import timezone

from procesregie.core.errors import DomainError
from procesregie.subjects.models import Person, System, SystemMember
from procesregie.subjects.services import person_create, system_create, system_member_add
from tests.factories import MunicipalityFactory, PersonFactory, SystemFactory, UserFactory, synthetic_bsn

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything these services can write, to prove that a refused request changed nothing."""
    return [list(model.objects.order_by("pk").values()) for model in (Person, System, SystemMember)]


@pytest.fixture
def actor():
    return UserFactory()


def test_person_create_stores_normalised_bsn_and_generates_ref(actor):
    municipality = MunicipalityFactory()
    person = person_create(
        actor=actor,
        bsn="1112.22.333",
        given_name=" Anna ",
        family_name="de Vries",
        birth_date=datetime.date(1990, 5, 17),
        municipality=municipality,
    )
    person = Person.objects.get(pk=person.pk)
    assert person.bsn == "111222333"
    assert (person.given_name, person.family_name) == ("Anna", "de Vries")
    assert person.birth_date == datetime.date(1990, 5, 17)
    assert person.municipality == municipality
    assert person.ref.startswith("P-") and len(person.ref) > 4


def test_generated_refs_differ(actor):
    refs = {person_create(actor=actor, given_name="A", family_name=f"B{i}").ref for i in range(20)}
    assert len(refs) == 20


def test_given_ref_is_kept_and_must_be_unique(actor):
    assert person_create(actor=actor, ref="dataset-7", given_name="A", family_name="B").ref == "dataset-7"
    before = snapshot()
    with pytest.raises(DomainError, match="referentie is al in gebruik"):
        person_create(actor=actor, ref="dataset-7", given_name="C", family_name="D")
    assert snapshot() == before


@pytest.mark.parametrize("bsn", [None, "", "   "])
def test_bsn_is_optional(actor, bsn):
    first = person_create(actor=actor, bsn=bsn, given_name="A", family_name="B")
    second = person_create(actor=actor, bsn=bsn, given_name="C", family_name="D")
    assert Person.objects.get(pk=first.pk).bsn is None
    assert Person.objects.get(pk=second.pk).bsn is None


@pytest.mark.parametrize("bsn", ["111222334", "000000000", "12345", "11122233a"])
def test_invalid_bsn_is_refused_and_nothing_stored(actor, bsn):
    before = snapshot()
    with pytest.raises(DomainError, match="BSN"):
        person_create(actor=actor, bsn=bsn, given_name="A", family_name="B")
    assert snapshot() == before


@pytest.mark.parametrize("spelling", ["{}", "{0:.4}.{1}", "{0:.4} {1}"])
def test_duplicate_bsn_is_refused_without_revealing_the_other_person(actor, spelling):
    bsn = synthetic_bsn()
    other = PersonFactory(bsn=bsn, given_name="Geheime", family_name="Bestaande")
    before = snapshot()
    with pytest.raises(DomainError) as excinfo:
        person_create(actor=actor, bsn=spelling.format(bsn, bsn[4:]), given_name="A", family_name="B")
    message = str(excinfo.value)
    assert message == "Dit BSN is al geregistreerd."
    for secret in (other.ref, other.given_name, other.family_name, str(other.pk), str(other.subject_key)):
        assert secret not in message
    assert snapshot() == before


def test_person_needs_a_name(actor):
    before = snapshot()
    with pytest.raises(DomainError, match="naam"):
        person_create(actor=actor, given_name=" ", family_name="")
    assert snapshot() == before
    assert person_create(actor=actor, given_name="", family_name="Jansen").family_name == "Jansen"


def test_birth_date_in_the_future_is_refused(actor):
    before = snapshot()
    with pytest.raises(DomainError, match="toekomst"):
        person_create(
            actor=actor, given_name="A", family_name="B", birth_date=timezone.localdate() + datetime.timedelta(days=1)
        )
    assert snapshot() == before


def test_system_create_with_members(actor):
    parent, child = PersonFactory(), PersonFactory()
    system = system_create(actor=actor, name="Huishouden Jansen", members=[parent, child])
    assert system.ref.startswith("S-")
    assert set(System.objects.get(pk=system.pk).members.all()) == {parent, child}


def test_system_create_refuses_a_member_twice_and_stores_nothing(actor):
    person = PersonFactory()
    before = snapshot()
    with pytest.raises(DomainError, match="al lid"):
        system_create(actor=actor, name="Huishouden", members=[person, person])
    assert snapshot() == before


def test_system_needs_a_name(actor):
    before = snapshot()
    with pytest.raises(DomainError, match="naam"):
        system_create(actor=actor, name="  ")
    assert snapshot() == before


def test_system_ref_given_and_duplicate(actor):
    system_create(actor=actor, ref="sys-1", name="Een")
    before = snapshot()
    with pytest.raises(DomainError, match="referentie"):
        system_create(actor=actor, ref="sys-1", name="Twee")
    assert snapshot() == before


def test_system_member_add_with_role_and_no_duplicates(actor):
    system, person = SystemFactory(), PersonFactory()
    member = system_member_add(actor=actor, system=system, person=person, role=" kind ")
    assert SystemMember.objects.get(pk=member.pk).role == "kind"
    before = snapshot()
    with pytest.raises(DomainError, match="al lid"):
        system_member_add(actor=actor, system=system, person=person, role="ouder")
    assert snapshot() == before


def test_a_person_may_be_member_of_several_systems(actor):
    person = PersonFactory()
    for system in (SystemFactory(), SystemFactory()):
        system_member_add(actor=actor, system=system, person=person)
    assert person.systems.count() == 2
