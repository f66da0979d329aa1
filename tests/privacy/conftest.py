import pytest

from ..personas import build_world


@pytest.fixture
def world():
    """tests/personas.py's world: one persona per role and per relation to a case."""
    return build_world()
