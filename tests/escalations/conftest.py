"""Fixtures for escalations: the access world of tests/personas.py (its `escalation`: open, on `case`, raised by the
police) and helpers to read the access log."""

import datetime

import pytest
from django.utils import timezone

from procesregie.accounts.roles import Role
from procesregie.audit.models import AccessLogEntry
from procesregie.escalations.models import Escalation, EscalationReason
from procesregie.plans.models import CaseIntervention

from ..factories import InterventionFactory
from ..personas import build_world, make_user


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def partner(world):
    """A ketenpartner of the police, which takes part in `world.case`."""
    return world.users["participant"]


@pytest.fixture
def regisseur(world):
    return world.users["regisseur"]


@pytest.fixture
def manager(world):
    return world.users["manager"]


@pytest.fixture
def second_manager(world):
    """Another manager of the house (the police's `colleague` holds the role too, but not at the house)."""
    return make_user("manager-2", world.users["manager"].organisation, Role.MANAGER)


def escalated(case, *, days_ago: int = 0, organisation=None, **fields) -> Escalation:
    """An escalation written directly (the arrangement of a test, not the behaviour under test)."""
    fields.setdefault("reason", EscalationReason.OTHER)
    fields.setdefault("explanation", "Synthetische toelichting")
    return Escalation.objects.create(
        case=case, raised_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        raised_by_organisation=organisation, **fields,
    )


def agreed(case, organisation) -> CaseIntervention:
    return CaseIntervention.objects.create(case=case, intervention=InterventionFactory(), organisation=organisation,
                                           agreed_on=timezone.localdate())


def last_sequence() -> int:
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    return entry.sequence if entry else 0


def entries_since(sequence: int) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(sequence__gt=sequence).order_by("sequence"))
