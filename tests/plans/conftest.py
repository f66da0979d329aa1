"""Fixtures for the plan of action: the access world of tests/personas.py, with life domains and a catalogue."""

import datetime

import pytest
from django.utils import timezone

from procesregie.audit.models import AccessLogEntry
from procesregie.plans.models import CaseIntervention

from ..factories import InterventionFactory, LifeDomainFactory
from ..personas import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def regisseur(world):
    return world.users["regisseur"]


@pytest.fixture
def partner(world):
    """A ketenpartner of the police, which takes part in `world.case`."""
    return world.users["participant"]


@pytest.fixture
def domains(db):
    return [LifeDomainFactory(code=code, name=name, position=position) for position, (code, name) in enumerate(
        [("huisvesting", "Huisvesting"), ("financien", "Financiën"), ("middelengebruik", "Middelengebruik")]
    )]


def agreed(case, organisation, **fields) -> CaseIntervention:
    """An intervention agreed directly in the database (the arrangement of a test, not the behaviour under test)."""
    fields.setdefault("agreed_on", timezone.localdate() - datetime.timedelta(days=30))
    return CaseIntervention.objects.create(
        case=case, intervention=fields.pop("intervention", None) or InterventionFactory(), organisation=organisation,
        **fields,
    )


def last_sequence() -> int:
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    return entry.sequence if entry else 0


def entries_since(sequence: int) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(sequence__gt=sequence).order_by("sequence"))
