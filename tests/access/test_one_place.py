"""Every decision on roles lives in `access` (and `accounts`, which assigns roles): a grep over the code.

The import-linter contract "Only access decides on roles" (pyproject.toml, run by `make test` and `make lint`)
refuses an import of `accounts.roles` elsewhere; this test also finds a role read that needs no import.
"""

import re
from pathlib import Path

import procesregie

SOURCE = Path(procesregie.__file__).parent
# Where roles may be read: where access is decided, where roles are assigned, and the demo generator.
ALLOWED_PACKAGES = {"access", "accounts", "synthetic"}
ROLE_READ = re.compile(r"\bhas_role\(|\brole_set\(|roles__role|\bRole\.|\bis_superuser\b|\bis_staff\b")
# Reads that record roles without deciding anything, each with its reason.
RECORDED = {
    ("audit/services.py", "role_set("): "the access log records the actor's roles (NEN 7513)",
}


def role_reads() -> list[str]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        relative = path.relative_to(SOURCE)
        if relative.parts[0] in ALLOWED_PACKAGES or "migrations" in relative.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            match = ROLE_READ.search(line)
            if match and (relative.as_posix(), match.group(0)) not in RECORDED:
                found.append(f"{relative}:{number}: {line.strip()}")
    return found


def test_no_role_decision_outside_access():
    assert role_reads() == []


def test_the_grep_sees_a_role_check(tmp_path, monkeypatch):
    """The test above can fail: a role check in an app is found."""
    app = tmp_path / "casework"
    app.mkdir()
    (app / "views.py").write_text("if request.user.has_role('procesregisseur'):\n    pass\n")
    monkeypatch.setattr(__import__(__name__, fromlist=["SOURCE"]), "SOURCE", tmp_path)
    assert role_reads() == ["casework/views.py:1: if request.user.has_role('procesregisseur'):"]
