"""Fixtures for measurements: the access world of tests/personas.py and a few life domains in display order."""

import pytest

from ..factories import LifeDomainFactory
from ..personas import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def regisseur(world):
    return world.users["regisseur"]


@pytest.fixture
def domains(db):
    """Created out of display order on purpose: the form and the chart follow `position`."""
    return sorted(
        (LifeDomainFactory(code=code, name=name, position=position) for code, name, position in [
            ("middelengebruik", "Middelengebruik", 3), ("huisvesting", "Huisvesting", 1), ("financien", "Financiën", 2),
        ]),
        key=lambda domain: domain.position,
    )
