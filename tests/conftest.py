"""Shared fixtures: reference data loaded the way an installation loads it."""

import pytest
from django.core.management import call_command


@pytest.fixture
def reference_data(db):
    """The default reference data of the Utrecht region, loaded with the real command."""
    call_command("load_reference", verbosity=0)
