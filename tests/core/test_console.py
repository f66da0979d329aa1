"""The `procesregie` console: a command runs with the garbage collector on, and what Django's start-up made is
left out of its collections (frozen), so that a report or an import does not walk every module and class again."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CONSOLE = Path(sys.executable).parent / "procesregie"
PROBE = "import gc, json; print(json.dumps({'enabled': gc.isenabled(), 'frozen': gc.get_freeze_count()}))"


@pytest.mark.skipif(not CONSOLE.exists(), reason="the procesregie console script is not installed")
def test_a_command_runs_with_the_collector_on_and_the_start_up_frozen():
    completed = subprocess.run([str(CONSOLE), "shell", "--no-imports", "-c", PROBE], capture_output=True, text=True,
                               env={**os.environ, "DATABASE_URL": "sqlite:///:memory:"}, check=False, timeout=120)
    assert completed.returncode == 0, completed.stderr
    state = json.loads(completed.stdout.strip().splitlines()[-1])
    assert state["enabled"], "the collector stayed off: a long import would keep every cycle it makes"
    # Django and the project's apps: well over a hundred thousand objects (modules, classes, functions).
    assert state["frozen"] > 50_000, state
