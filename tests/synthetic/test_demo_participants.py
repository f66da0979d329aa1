"""Demo partners take part in open cases they registered, so their login shows a working application."""

import pytest
from django.core.management import call_command

from procesregie.access.rules import cases_visible_to
from procesregie.accounts.models import User
from procesregie.audit.models import AccessLogEntry

pytestmark = pytest.mark.django_db


def test_demo_partners_see_cases_after_demo_participants(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    call_command("load_reference", verbosity=0)
    call_command("demo_data", "--seed", "3", "--out", str(tmp_path / "ds"), verbosity=0)
    call_command("import", str(tmp_path / "ds"), verbosity=0)
    call_command("demo_users", verbosity=0)
    partner = User.objects.get(username="ketenpartner.politie")
    assert not cases_visible_to(partner).exists()
    call_command("demo_participants", verbosity=0)
    visible = cases_visible_to(partner)
    assert visible.exists()
    assert set(visible.values_list("registration__reported_by__code", flat=True)) == {"politie-midden-nederland"}
    assert AccessLogEntry.objects.filter(actor_username="procesregisseur.zvh", action="create").exists()


def test_refused_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(Exception, match="demo installations only"):
        call_command("demo_participants")
