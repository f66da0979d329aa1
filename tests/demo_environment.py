"""The test suite runs as a demo installation: a pytest plugin, loaded by `-p` (pyproject.toml's addopts) before
pytest-django imports the settings, which a conftest.py is loaded too late for.

`PROCESREGIE_DEMO=true` installs the synthetic app, whose generator and demo commands the tests use; the
commands the tests start in a subprocess inherit it. Installations without it, production's among them, are
tested in `tests/synthetic/test_installation.py`; the demo's server in `tests/core/test_error_pages.py`.
"""

import os

os.environ["PROCESREGIE_DEMO"] = "true"
