"""The synthetic app (demo datasets, demo logins) is installed only in a demo installation (PROCESREGIE_DEMO=true),
never in production; the product runs without the demo's dependency Faker."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

DEMO_COMMANDS = {"demo_data", "demo_users", "demo_totp"}

# In the settings' environment: which app provides each management command, whether the synthetic app is
# installed; every command module and the URLconf imported, as a server or `procesregie` would.
PROBE = """
import json, django
from django.apps import apps
from django.core.management import get_commands, load_command_class
django.setup()
import procesregie.config.urls
commands = {name: app for name, app in get_commands().items() if app.startswith("procesregie")}
for name, app in commands.items():
    load_command_class(app, name)
print(json.dumps({"commands": commands, "synthetic": apps.is_installed("procesregie.synthetic")}))
"""


def probe(tmp_path: Path, **environment: str) -> dict:
    env = {key: value for key, value in os.environ.items()
           if key not in {"PROCESREGIE_DEMO", "PROCESREGIE_ENV", "DJANGO_DEBUG"}}
    env.update(DJANGO_SETTINGS_MODULE="procesregie.config.settings", PROCESREGIE_VAR_DIR=str(tmp_path), **environment)
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def without_faker(tmp_path) -> dict[str, str]:
    """A Python path on which `import faker` fails, as on a server installed from requirements.lock."""
    stub = tmp_path / "no-faker" / "faker"
    stub.mkdir(parents=True)
    (stub / "__init__.py").write_text('raise ImportError("Faker is a demo dependency (requirements-demo.lock)")\n')
    return {"PYTHONPATH": os.pathsep.join(filter(None, [str(stub.parent), os.environ.get("PYTHONPATH")]))}


@pytest.mark.parametrize("environment", [
    pytest.param({}, id="development"),
    pytest.param({"PROCESREGIE_ENV": "production", "DJANGO_SECRET_KEY": "s" * 50, "PROCESREGIE_DEMO": "true"},
                 id="production, even with PROCESREGIE_DEMO"),
])
def test_outside_a_demo_there_is_no_synthetic_app_and_no_demo_command(tmp_path, without_faker, environment):
    found = probe(tmp_path, **without_faker, **environment)
    assert found["synthetic"] is False
    assert not DEMO_COMMANDS & found["commands"].keys()
    assert not [app for app in found["commands"].values() if "synthetic" in app]
    assert {"import", "export", "report", "audit", "reset_mfa"} <= found["commands"].keys(), "the product's own"


def test_a_demo_installation_has_the_demo_commands_from_the_synthetic_app(tmp_path):
    found = probe(tmp_path, PROCESREGIE_DEMO="true")
    assert found["synthetic"] is True
    assert {name: found["commands"].get(name) for name in DEMO_COMMANDS} == dict.fromkeys(
        DEMO_COMMANDS, "procesregie.synthetic")


CONSOLE = Path(sys.executable).parent / "procesregie"


@pytest.mark.parametrize(("environment", "known"), [
    pytest.param({}, True, id="development"),
    pytest.param({"PROCESREGIE_ENV": "production", "DJANGO_SECRET_KEY": "s" * 50}, False, id="production"),
])
def test_naming_a_demo_command_asks_for_a_demo_installation_except_in_production(tmp_path, environment, known):
    """`procesregie demo-totp USERNAME`, as `make demo` prints it, works in a plain shell; never in production."""
    env = {key: value for key, value in os.environ.items() if key not in {"PROCESREGIE_DEMO", "PROCESREGIE_ENV"}}
    env.update(PROCESREGIE_VAR_DIR=str(tmp_path), **environment)
    for command in ("demo-data", "demo-totp"):
        result = subprocess.run([str(CONSOLE), command, "--help"], env=env, capture_output=True, text=True,
                                timeout=120)
        assert (result.returncode == 0) is known, result.stderr
        assert ("Unknown command" in result.stderr) is not known
