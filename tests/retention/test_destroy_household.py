"""Security review of issue 14, findings 1 and 3: a member goes with its household, and a destroyed subject leaves
no link or free text on any destruction list.

1. A person who belongs to a system that is kept (excluded by the privacy officer, or not yet due) is not due on
   their own: destroying them would leave their name in the system's registration and a nameless member in the
   household. They are due by their own dates once the system is destroyed.
3. Every destruction item of an erased subject, also on earlier lists (an exclusion with its reason), loses its link
   to the subject and its decision reason: a reason naming the subject must not outlive the subject.
"""


import pytest
from django.utils import timezone

from procesregie.retention.models import Decision, DestructionItem, Result
from procesregie.retention.services.destroying import destruction_carry_out
from procesregie.retention.services.proposing import destruction_list_propose
from procesregie.retention.services.reviewing import destruction_item_decide
from procesregie.subjects.models import Person, SystemMember
from tests import factories as f

from .review_helpers import LONG_AGO, destruction_list, due_person, item_for

pytestmark = pytest.mark.django_db


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def household():
    """Zorro X, declined long ago, member of 'Familie X', whose own registration (declined long ago) names him."""
    person = due_person(given_name="Zorro", family_name="X")
    registration = f.RegistrationFactory(
        declined=True, registered_on=LONG_AGO, person=None, system=f.SystemFactory(name="Familie X"),
        approach=f.ApproachFactory(system=True), reason="Vader Zorro X drinkt", reported_members=[{"name": "Zorro X"}],
    )
    SystemMember.objects.create(system=registration.system, person=person, role="vader")
    return person, registration


def items_of(the_list, **subject):
    return list(the_list.items.filter(**subject))


def decide_everything_else(officer, the_list, keep):
    """The world's own due subjects are approved; the test decides its own."""
    for item in the_list.items.exclude(pk__in=[item.pk for item in keep]).filter(decision=Decision.PENDING):
        destruction_item_decide(actor=officer, item=item, decision=Decision.APPROVED)


def test_a_member_of_an_excluded_household_is_not_destroyed_and_goes_after_the_household(officer):
    person, system_registration = household()
    system = system_registration.system
    today = timezone.localdate()

    first = destruction_list_propose(actor=officer, as_of=today)
    system_items = items_of(first, system=system)
    assert len(system_items) == 1
    assert items_of(first, person=person) == []  # goes with the household: not due on his own
    destruction_item_decide(actor=officer, item=system_items[0], decision=Decision.EXCLUDED,
                            reason="Het gezin wordt nog gevolgd")
    decide_everything_else(officer, first, system_items)
    destruction_carry_out(actor=officer)

    person = fresh(person)
    assert person.destroyed_on is None and (person.given_name, person.family_name) == ("Zorro", "X")
    assert fresh(system_registration).reported_members == [{"name": "Zorro X"}]
    assert SystemMember.objects.get(system=system).person.family_name == "X"  # no nameless member

    # The household is proposed again and destroyed: then he is due by his own (long past) dates.
    second = destruction_list_propose(actor=officer, as_of=today)
    assert items_of(second, person=person) == []
    (system_item,) = items_of(second, system=system)
    destruction_item_decide(actor=officer, item=system_item, decision=Decision.APPROVED)
    decide_everything_else(officer, second, [system_item])
    destruction_carry_out(actor=officer)
    assert fresh(system).destroyed_on == today
    assert fresh(person).destroyed_on is None  # he has a registration of his own: his own review decides
    third = destruction_list_propose(actor=officer, as_of=today)
    (person_item,) = items_of(third, person=person)
    destruction_item_decide(actor=officer, item=person_item, decision=Decision.APPROVED)
    decide_everything_else(officer, third, [person_item])
    destruction_carry_out(actor=officer)
    assert fresh(person).destroyed_on == today and fresh(person).family_name == ""


def test_an_approved_member_of_a_kept_household_is_lapsed_not_destroyed(officer):
    """An item made before (or by hand) for the member: the re-check finds him not due while the household is kept."""
    person, system_registration = household()
    the_list = destruction_list()
    item_for(the_list, system=system_registration.system, decision=Decision.EXCLUDED, decided_by=officer,
             decided_at=timezone.now(), decision_reason="Het gezin wordt nog gevolgd")
    item = item_for(the_list, person=person, decision=Decision.APPROVED, decided_by=officer, decided_at=timezone.now())
    outcome = destruction_carry_out(actor=officer)
    assert (outcome["destroyed"], outcome["lapsed"]) == (0, 1)
    assert fresh(item).result == Result.LAPSED
    assert fresh(person).family_name == "X"
    assert fresh(system_registration).reason == "Vader Zorro X drinkt"


def test_an_exclusion_on_an_earlier_list_loses_its_link_and_reason_when_the_subject_is_destroyed(officer):
    person = due_person(given_name="Zorro", family_name="Y")
    earlier = destruction_list(closed_at=timezone.now())
    excluded = item_for(earlier, person=person, decision=Decision.EXCLUDED, decided_by=officer,
                        decided_at=timezone.now(), decision_reason="Zorro Y woont nog bij zijn moeder")
    later = destruction_list()
    approved = item_for(later, person=person, decision=Decision.APPROVED, decided_by=officer,
                        decided_at=timezone.now(), decision_reason="Zorro Y mag weg")
    assert destruction_carry_out(actor=officer)["destroyed"] == 1
    assert fresh(person).destroyed_on is not None
    for item in (fresh(excluded), fresh(approved)):
        assert (item.person_id, item.decision_reason) == (None, "")
    assert fresh(excluded).decision == Decision.EXCLUDED  # the record of the decision stays, without whom or why
    assert not DestructionItem.objects.filter(decision_reason__icontains="Zorro").exists()


def test_a_member_taken_along_with_the_household_loses_the_links_of_their_earlier_items(officer):
    system = f.RegistrationFactory(declined=True, registered_on=LONG_AGO, person=None, system=f.SystemFactory(),
                                   approach=f.ApproachFactory(system=True)).system
    member = f.PersonFactory(given_name="Zorro", family_name="Z")
    SystemMember.objects.create(system=system, person=member, role="kind")
    earlier = destruction_list(closed_at=timezone.now())
    # Made while he still had a (now destroyed) registration of his own, excluded with a reason naming him.
    excluded = item_for(earlier, person=member, decision=Decision.EXCLUDED, decided_by=officer,
                        decided_at=timezone.now(), decision_reason="Zorro Z nog niet")
    item_for(destruction_list(), system=system, decision=Decision.APPROVED, decided_by=officer,
             decided_at=timezone.now())
    assert destruction_carry_out(actor=officer)["destroyed"] == 1
    assert Person.objects.get(pk=member.pk).destroyed_on is not None  # no tie of his own: taken along
    assert (fresh(excluded).person_id, fresh(excluded).decision_reason) == (None, "")


def test_items_of_an_anonymous_signal_lose_link_and_reason(officer):
    from procesregie.signals.models import Signal, SignalKind, SignalOutcome

    signal = Signal.objects.create(ref="ANON-1", approach=f.ApproachFactory(), date=LONG_AGO, kind=SignalKind.MELDING,
                                   reported_by=f.OrganisationFactory(), outcome=SignalOutcome.ADVIES)
    excluded = item_for(destruction_list(closed_at=timezone.now()), signal=signal, decision=Decision.EXCLUDED,
                        decided_by=officer, decided_at=timezone.now(), decision_reason="Melding over Zorro W")
    item_for(destruction_list(), signal=signal, phase="signal", decision=Decision.APPROVED, decided_by=officer,
             decided_at=timezone.now())
    assert destruction_carry_out(actor=officer)["destroyed"] == 1
    assert (fresh(excluded).signal_id, fresh(excluded).decision_reason) == (None, "")
