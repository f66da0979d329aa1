"""The privacy officer's decisions on a destruction list (retention.services.reviewing): approve, exclude with a
reason, approve every pending item; who may; what is refused; what is logged."""

import pytest

from procesregie.audit.models import AccessLogEntry, Action
from procesregie.core.errors import DomainError, NotFound
from procesregie.retention.models import Decision, DestructionItem, Result
from procesregie.retention.services.reviewing import destruction_item_decide, destruction_list_approve_all
from tests import factories as f

from .review_helpers import destruction_list, item_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed():
    the_list = destruction_list()
    return the_list, [item_for(the_list, person=f.PersonFactory()) for _ in range(3)]


def fresh(item) -> DestructionItem:
    return DestructionItem.objects.get(pk=item.pk)


def test_the_officer_approves_and_excludes_with_a_reason_and_each_decision_is_logged(officer, listed):
    _list, (first, second, _third) = listed
    before = AccessLogEntry.objects.count()
    destruction_item_decide(actor=officer, item=first, decision=Decision.APPROVED)
    destruction_item_decide(actor=officer, item=second, decision=Decision.EXCLUDED,
                            reason="Lopend verzoek van de rechtbank.")
    first, second = fresh(first), fresh(second)
    assert (first.decision, first.decided_by, first.decided_at is not None) == (Decision.APPROVED, officer, True)
    assert (second.decision, second.decision_reason) == (Decision.EXCLUDED, "Lopend verzoek van de rechtbank.")
    entries = list(AccessLogEntry.objects.order_by("sequence")[before:])
    assert [(e.action, e.object_type, e.object_id, e.subject_key) for e in entries] == [
        (Action.UPDATE, "retention.destructionitem", str(first.pk), first.person.subject_key),
        (Action.UPDATE, "retention.destructionitem", str(second.pk), second.person.subject_key),
    ]


@pytest.mark.parametrize("reason, message", [
    ("", "Geef de reden"),
    ("   ", "Geef de reden"),
    ("BSN 111222333 wil het later nog zien", "BSN"),
])
def test_an_exclusion_without_a_reason_or_with_a_bsn_is_refused_and_changes_nothing(officer, listed, reason, message):
    _list, (item, *_rest) = listed
    before = AccessLogEntry.objects.count()
    with pytest.raises(DomainError, match=message):
        destruction_item_decide(actor=officer, item=item, decision=Decision.EXCLUDED, reason=reason)
    assert fresh(item).decision == Decision.PENDING
    assert AccessLogEntry.objects.count() == before


def test_an_unknown_decision_is_refused(officer, listed):
    _list, (item, *_rest) = listed
    for decision in (Decision.PENDING, "destroy", ""):
        with pytest.raises(DomainError, match="Kies goedkeuren of uitzonderen"):
            destruction_item_decide(actor=officer, item=item, decision=decision, reason="x")
    assert fresh(item).decision == Decision.PENDING


@pytest.mark.parametrize("persona", ["regisseur", "manager", "functional_admin", "participant", "anonymous"])
def test_nobody_but_the_privacy_officer_decides(world, listed, persona):
    the_list, (item, *_rest) = listed
    actor = world.users[persona]
    with pytest.raises(NotFound):
        destruction_item_decide(actor=actor, item=item, decision=Decision.APPROVED)
    with pytest.raises(NotFound):
        destruction_list_approve_all(actor=actor, destruction_list=the_list, reason="alles gecontroleerd")
    assert not DestructionItem.objects.exclude(decision=Decision.PENDING).exists()


def test_a_decision_can_change_until_the_item_is_carried_out(officer, listed):
    _list, (item, *_rest) = listed
    destruction_item_decide(actor=officer, item=item, decision=Decision.APPROVED)
    destruction_item_decide(actor=officer, item=item, decision=Decision.EXCLUDED, reason="Toch bewaren.")
    destruction_item_decide(actor=officer, item=item, decision=Decision.APPROVED)
    DestructionItem.objects.filter(pk=item.pk).update(result=Result.DESTROYED, person=None)
    with pytest.raises(DomainError, match="al uitgevoerd"):
        destruction_item_decide(actor=officer, item=item, decision=Decision.EXCLUDED, reason="Te laat.")
    assert fresh(item).decision == Decision.APPROVED


def test_a_closed_list_takes_no_decisions(officer, listed):
    the_list, (item, *_rest) = listed
    destruction_item_decide(actor=officer, item=item, decision=Decision.EXCLUDED, reason="Bewaren.")
    the_list.closed_at = the_list.created_at
    the_list.save()
    with pytest.raises(DomainError, match="afgerond"):
        destruction_item_decide(actor=officer, item=item, decision=Decision.APPROVED)
    assert fresh(item).decision == Decision.EXCLUDED


def test_approve_all_approves_the_pending_items_only_and_a_second_time_nothing(officer, listed):
    the_list, (first, second, third) = listed
    destruction_item_decide(actor=officer, item=first, decision=Decision.EXCLUDED, reason="Bewaren: lopende zaak.")
    before = AccessLogEntry.objects.count()
    assert destruction_list_approve_all(actor=officer, destruction_list=the_list,
                                        reason="Alles gecontroleerd.") == 2
    assert fresh(first).decision == Decision.EXCLUDED
    for item in (second, third):
        item = fresh(item)
        assert (item.decision, item.decision_reason, item.decided_by) == (Decision.APPROVED, "Alles gecontroleerd.",
                                                                         officer)
    logged = AccessLogEntry.objects.order_by("sequence")[before:]
    assert {entry.subject_key for entry in logged} == {second.person.subject_key, third.person.subject_key}
    assert all(entry.action == Action.UPDATE for entry in logged)
    after = AccessLogEntry.objects.count()
    assert destruction_list_approve_all(actor=officer, destruction_list=the_list, reason="Nog eens.") == 0
    assert AccessLogEntry.objects.count() == after


@pytest.mark.parametrize("reason", ["", "BSN 111222333"])
def test_approve_all_needs_a_reason_without_a_bsn(officer, listed, reason):
    the_list, items = listed
    with pytest.raises(DomainError):
        destruction_list_approve_all(actor=officer, destruction_list=the_list, reason=reason)
    assert all(fresh(item).decision == Decision.PENDING for item in items)


def test_approve_all_leaves_other_lists_alone(officer, listed):
    the_list, _items = listed
    other = destruction_list()
    elsewhere = item_for(other, person=f.PersonFactory())
    destruction_list_approve_all(actor=officer, destruction_list=the_list, reason="Gecontroleerd.")
    assert fresh(elsewhere).decision == Decision.PENDING
