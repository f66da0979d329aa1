"""Fixtures of the signal tests: the personas' world (tests/personas.py, with its `signal`) and a municipality."""

import pytest

from tests.factories import MunicipalityFactory
from tests.personas import build_world


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def place():
    return MunicipalityFactory(name="Gemeente Synthetisch")
