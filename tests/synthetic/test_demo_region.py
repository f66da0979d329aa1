"""The demo region as `make demo` builds it (demo-data, import, demo-users): every demo login finds real work on
day one, and the rest of the staff waits for an invitation."""

import json

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from procesregie.access.rules import cases_visible_to
from procesregie.accounts.models import User
from procesregie.casework.models import Case, CaseStatus
from procesregie.meetings.models import Discussion
from procesregie.reference.models import Table
from procesregie.synthetic.personas import DEMO_USERS

pytestmark = pytest.mark.django_db

PARTNERS = [demo.username for demo in DEMO_USERS if "ketenpartner" in demo.roles]


@pytest.fixture
def region(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    call_command("load_reference", verbosity=0)
    call_command("demo_data", "--seed", "11", "--end-year", "2025", "--out", str(tmp_path / "dataset"), verbosity=0)
    call_command("import", str(tmp_path / "dataset"), verbosity=0)
    call_command("demo_users", verbosity=0)
    return json.loads((tmp_path / "demo-credentials.json").read_text())["users"]


def test_every_demo_login_finds_work_and_the_other_staff_wait_for_an_invitation(region):
    assert {entry["username"] for entry in region} == {demo.username for demo in DEMO_USERS}
    for demo in DEMO_USERS:
        user = User.objects.get(username=demo.username)
        assert user.is_active and user.has_usable_password(), demo.username
        assert user.email == f"{demo.username}@example.org", "reminders reach the demo logins (console mail)"
        assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
        assert user.organisation.code == demo.organisation
        assert sorted(user.role_set()) == sorted(str(role) for role in demo.roles)

    regisseur = User.objects.get(username="procesregisseur.zvh")
    own = Case.objects.filter(procesregisseur=regisseur, status=CaseStatus.IN_REGIE)
    assert 20 <= own.count() <= 35, "a caseload of their own, not every case of the region"
    tables = Table.objects.filter(procesregisseurs=regisseur)
    assert 1 <= tables.count() < Table.objects.count()
    assert set(own.values_list("table", flat=True)) <= set(tables.values_list("pk", flat=True))
    visible = cases_visible_to(regisseur)
    assert visible.filter(pk__in=own).count() == own.count() and visible.count() < Case.objects.count()

    for username in PARTNERS:
        partner = User.objects.get(username=username)
        open_cases = cases_visible_to(partner).filter(status=CaseStatus.IN_REGIE)
        assert open_cases.count() >= 5, username
        at_own_tables = open_cases.filter(table__members=partner.organisation)
        discussed = Discussion.objects.filter(case__in=at_own_tables).values("case").distinct()
        assert discussed.count() >= 5, f"{username}: cases discussed at a table of their organisation"

    others = User.objects.exclude(username__in=[demo.username for demo in DEMO_USERS])
    assert others.filter(tables__isnull=False).exists() and others.filter(organisation__kind="politie").exists()
    assert not others.filter(is_active=True).exists(), "the imported staff wait for an invitation"
    assert not any(user.has_usable_password() for user in others)


def test_running_demo_users_again_keeps_the_caseload_of_the_dataset(region):
    regisseur = User.objects.get(username="procesregisseur.zvh")
    before = set(regisseur.tables.values_list("code", flat=True))
    call_command("demo_users", verbosity=0)
    assert set(regisseur.tables.values_list("code", flat=True)) == before
