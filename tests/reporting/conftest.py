"""The reporting tests' world: tests/personas.py's, with the report page's rendering cache emptied first."""

import pytest
from django.core.cache import cache

from ..personas import build_world


@pytest.fixture
def world():
    cache.clear()
    return build_world()
