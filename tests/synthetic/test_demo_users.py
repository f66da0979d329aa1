"""`procesregie demo-users`: working demo logins, a private credentials file, never in production."""

import json
import stat
from base64 import b32decode
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from procesregie.accounts.models import User
from procesregie.accounts.roles import Role
from procesregie.reference.models import Table
from tests.accounts.helpers import LOGIN_URL, VERIFY_URL, code_step, current_totp_code, password_step
from tests.factories import TableFactory

pytestmark = pytest.mark.django_db

CASES_URL = reverse("casework:case-list")


@pytest.fixture
def var_dir(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    return tmp_path


def run_demo_users() -> str:
    out = StringIO()
    call_command("demo_users", stdout=out)
    return out.getvalue()


def credentials(var_dir) -> list[dict]:
    return json.loads((var_dir / "demo-credentials.json").read_text())["users"]


def test_writes_one_private_entry_per_user_and_each_can_log_in(reference_data, var_dir):
    output = run_demo_users()
    path = var_dir / "demo-credentials.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    entries = credentials(var_dir)
    # one per role, and the private and the incidental WGS participant's ketenpartner (docs/decisions/0020)
    assert len(entries) == len({entry["username"] for entry in entries}) == User.objects.count() == 10

    for entry in entries:
        assert entry["username"] in output and entry["password"] in output
        user = User.objects.get(username=entry["username"])
        assert user.organisation.code == entry["organisation"]
        assert sorted(user.role_set()) == sorted(entry["roles"])
        assert len(entry["recovery_codes"]) == 10

        client = Client()
        assert password_step(client, entry["username"], entry["password"]).url == VERIFY_URL
        response = code_step(client, current_totp_code(b32decode(entry["totp_secret"])))
        assert response.status_code == 302, entry["username"]
        assert client.get(CASES_URL).status_code == 200, entry["username"]


def test_covers_every_role_in_at_least_two_organisations(reference_data, var_dir):
    run_demo_users()
    entries = credentials(var_dir)
    assert {role for entry in entries for role in entry["roles"]} == set(Role.values)
    assert len({entry["organisation"] for entry in entries}) >= 2
    assert {"zvhru", "politie-midden-nederland", "reclassering-nederland", "gemeente-utrecht"} <= {
        entry["organisation"] for entry in entries
    }


def test_recovery_codes_in_the_file_work(reference_data, var_dir):
    run_demo_users()
    entry = credentials(var_dir)[0]
    client = Client()
    password_step(client, entry["username"], entry["password"])
    assert code_step(client, entry["recovery_codes"][0]).status_code == 302
    assert client.get(CASES_URL).status_code == 200


def test_running_twice_keeps_one_set_of_users_with_fresh_credentials(reference_data, var_dir):
    run_demo_users()
    first = {entry["username"]: entry for entry in credentials(var_dir)}
    (var_dir / "demo-credentials.json").chmod(0o644)
    run_demo_users()
    second = {entry["username"]: entry for entry in credentials(var_dir)}

    assert first.keys() == second.keys()
    assert User.objects.count() == 10
    assert TOTPDevice.objects.count() == 10 and StaticToken.objects.count() == 100
    assert stat.S_IMODE((var_dir / "demo-credentials.json").stat().st_mode) == 0o600
    username = next(iter(first))
    assert password_step(Client(), username, first[username]["password"]).status_code == 200  # old one is void
    assert password_step(Client(), username, second[username]["password"]).url == VERIFY_URL


def test_procesregisseur_staffs_the_tables_that_exist(reference_data, var_dir):
    added = {TableFactory(), TableFactory()}
    run_demo_users()
    regisseur = User.objects.get(username="procesregisseur.zvh")
    assert set(regisseur.tables.all()) == set(Table.objects.all()) >= added
    assert not User.objects.get(username="ketenpartner.politie").tables.exists()


def test_refuses_in_production(reference_data, var_dir):
    with override_settings(PRODUCTION=True), pytest.raises(CommandError, match="productie"):
        run_demo_users()
    assert not (var_dir / "demo-credentials.json").exists()
    assert not User.objects.exists()


def test_says_which_organisations_are_missing(var_dir):
    with pytest.raises(CommandError, match="zvhru.*load-reference"):
        run_demo_users()
    assert not User.objects.exists()


def test_demo_totp_prints_the_current_code(reference_data, var_dir):
    run_demo_users()
    entry = credentials(var_dir)[0]
    out = StringIO()
    call_command("demo_totp", entry["username"], stdout=out)
    assert out.getvalue().strip() == current_totp_code(b32decode(entry["totp_secret"]))
    with override_settings(PRODUCTION=True), pytest.raises(CommandError):
        call_command("demo_totp", entry["username"])


def test_demo_users_log_in_through_the_login_page_not_around_it(reference_data, var_dir):
    run_demo_users()
    entry = credentials(var_dir)[0]
    client = Client()
    assert client.get(CASES_URL).url.startswith(LOGIN_URL)
    password_step(client, entry["username"], entry["password"])
    assert client.get(CASES_URL).url.startswith(VERIFY_URL)
