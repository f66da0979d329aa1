"""Destruction lists for the review's tests, written directly with the models (the arrangement of a test, not the
behaviour under test): a declined registration of 2015 makes its person past every default retention date."""

import datetime

from django.utils import timezone

from procesregie.retention.models import DestructionItem, DestructionList, ItemKind, Phase
from procesregie.retention.policy import policy_in_force
from tests import factories as f

LONG_AGO = datetime.date(2015, 1, 1)


def due_person(**person):
    """A person whose only registration was declined in January 2015: due under any default policy."""
    registration = f.RegistrationFactory(declined=True, registered_on=LONG_AGO, **{
        f"person__{key}": value for key, value in person.items()})
    return registration.person


def destruction_list(as_of=None, **fields) -> DestructionList:
    return DestructionList.objects.create(as_of=as_of or timezone.localdate(), policy=policy_in_force().as_json(),
                                          **fields)


def item_for(destruction_list: DestructionList, *, person=None, system=None, signal=None, kind=None,
             phase=Phase.DECLINED_REGISTRATION, approach_code="", **fields) -> DestructionItem:
    kind = kind or (ItemKind.PERSON if person else ItemKind.SYSTEM if system else ItemKind.SIGNAL if signal
                    else ItemKind.ACCESS_LOG)
    rule = policy_in_force().rule_for(phase).as_json()
    fields.setdefault("due_on", LONG_AGO + datetime.timedelta(days=400))
    fields.setdefault("policy", [rule])
    return DestructionItem.objects.create(destruction_list=destruction_list, kind=kind, person=person, system=system,
                                          signal=signal, phase=phase, approach_code=approach_code, **fields)
