"""`procesregie demo-api-clients`: a working API client per demo partner system, printed once and in a private file."""

import base64
import json
import stat
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.urls import reverse

from procesregie.accounts.models import ApiClient, ApiScope

pytestmark = pytest.mark.django_db

TOKEN_URL = reverse("api:token")


@pytest.fixture
def var_dir(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    return tmp_path


def run(command: str) -> str:
    out = StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def clients_file(var_dir) -> dict:
    return json.loads((var_dir / "demo-api-clients.json").read_text())


def token(client_id: str, secret: str):
    basic = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return Client().post(TOKEN_URL, {"grant_type": "client_credentials"}, HTTP_AUTHORIZATION=f"Basic {basic}")


def test_each_demo_partner_system_gets_a_client_whose_printed_secret_gets_a_token(reference_data, var_dir):
    run("demo_users")
    output = run("demo_api_clients")
    path = var_dir / "demo-api-clients.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    written = clients_file(var_dir)
    assert written["token_url"] == "http://127.0.0.1:8000/api/v1/token/"
    entries = {entry["organisation"]: entry for entry in written["clients"]}
    assert {"politie-midden-nederland", "reclassering-nederland", "veilig-thuis", "gemeente-utrecht",
            "zvhru"} <= set(entries)
    assert ApiClient.objects.count() == len(written["clients"])

    for entry in written["clients"]:
        assert entry["client_id"] in output and entry["client_secret"] in output
        response = token(entry["client_id"], entry["client_secret"])
        assert response.status_code == 200, entry["name"]
        assert set(response.json()["scope"].split()) == set(entry["scopes"])
        client = ApiClient.objects.get(application__client_id=entry["client_id"])
        assert client.organisation.code == entry["organisation"] and client.created_by.username == "beheer.zvh"

    police = set(entries["politie-midden-nederland"]["scopes"])
    assert {ApiScope.REGISTRATIONS_WRITE, ApiScope.REGISTRATIONS_READ, ApiScope.HITNOHIT} <= police
    municipality = set(entries["gemeente-utrecht"]["scopes"])
    assert {ApiScope.REGISTRATIONS_WRITE, ApiScope.REGISTRATIONS_READ, ApiScope.REPORTS_READ} <= municipality
    assert entries["zvhru"]["scopes"] == [ApiScope.REPORTS_READ]  # the regional monitor: figures only


def test_a_second_run_keeps_the_clients_and_only_the_new_secrets_work(reference_data, var_dir):
    run("demo_users")
    run("demo_api_clients")
    first = clients_file(var_dir)["clients"]
    ApiClient.objects.filter(name__startswith="Regionale monitor").update(scopes=["hitnohit"])  # changed on the page
    run("demo_api_clients")
    second = clients_file(var_dir)["clients"]
    assert ApiClient.objects.count() == len(first) == len(second)
    for old, new in zip(first, second, strict=True):
        assert old["client_id"] == new["client_id"] and old["client_secret"] != new["client_secret"]
        assert token(old["client_id"], old["client_secret"]).status_code == 401
        assert token(new["client_id"], new["client_secret"]).status_code == 200
    assert ApiClient.objects.get(name__startswith="Regionale monitor").scopes == ["reports:read"]


def test_needs_the_demo_administrator(reference_data, var_dir):
    with pytest.raises(CommandError, match="demo-users"):
        run("demo_api_clients")
    assert not ApiClient.objects.exists() and not (var_dir / "demo-api-clients.json").exists()


def test_refuses_in_production(reference_data, var_dir):
    run("demo_users")
    with override_settings(PRODUCTION=True), pytest.raises(CommandError, match="productie"):
        run("demo_api_clients")
    assert not ApiClient.objects.exists()
