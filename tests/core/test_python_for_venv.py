"""The interpreter .venv is made with (scripts/python-for-venv, the Makefile's PYTHON): a Python 3.11 that can make a
virtualenv, the distribution's optimised build where there is one (docs/decisions/0009, "The interpreter")."""

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEBIAN_PYTHON = Path("/usr/bin/python3.11")


def chosen():
    return subprocess.run([str(ROOT / "scripts/python-for-venv")], capture_output=True, text=True,
                          check=True).stdout.strip()


def usable(python):
    return subprocess.run([python, "-c", "import ensurepip, venv"], capture_output=True).returncode == 0


def test_the_choice_is_a_python_3_11_that_can_make_a_virtualenv():
    python = shutil.which(chosen())
    version = subprocess.run([python, "-c", "import sys; print(sys.version_info[:2])"], capture_output=True,
                             text=True, check=True).stdout.strip()
    assert version == "(3, 11)" and usable(python)


def test_the_distributions_python_is_chosen_when_it_can_make_a_virtualenv():
    expected = str(DEBIAN_PYTHON) if DEBIAN_PYTHON.exists() and usable(str(DEBIAN_PYTHON)) else "python3"
    assert chosen() == expected


def test_the_makefile_makes_the_virtualenv_with_that_choice():
    # -n: print the commands without running them; -B: as if nothing had been made yet
    commands = subprocess.run(["make", "-n", "-B", ".venv/.installed-stamp"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout
    assert f"{chosen()} -m venv --clear .venv" in commands.splitlines()
