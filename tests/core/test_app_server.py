"""gunicorn with the production settings (config/gunicorn.py): a worker starts with what the master loaded frozen,
out of its garbage collector's way (a full collection otherwise walked all of it, holding a request up to 100 ms)."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answer(url: str, process: subprocess.Popen, seconds: float = 60) -> dict:
    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited with {process.returncode}:\n{process.stdout.read()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return json.loads(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed")
def test_a_worker_starts_with_the_masters_objects_frozen(tmp_path):
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "PROCESREGIE_ENV": "development",
           "DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "PROCESREGIE_VAR_DIR": str(tmp_path)}
    process = subprocess.Popen(
        [str(GUNICORN), "-c", "python:procesregie.config.gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "tests.core.server_probe:application"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        state = _answer(f"http://127.0.0.1:{port}/", process)
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert state["enabled"], state
    # Django and the project, loaded by the master before the fork: well over a hundred thousand objects.
    assert state["frozen"] > 50_000, state
