"""Fixtures of the retention tests: tests/personas.py's world and its privacy officer."""

import pytest

from tests.personas import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def officer(world):
    return world.users["privacy_officer"]
