"""Which participations count is decided in one place (`casework.participations`); everyone else asks it."""

from pathlib import Path

import procesregie

SOURCE = Path(procesregie.__file__).resolve().parent
# The definition itself (open, active, lapsed) and the constraint that keeps one open row per organisation and case.
RULE_FILES = {"casework/participations.py", "casework/models.py"}


def test_no_module_filters_on_removed_at_itself():
    """`removed_at__isnull=True` is `open()`: it still lists a partner whose `until` has passed, or who has not
    begun. Who takes part today is `Participation.objects.active()` (or `case.participations.active()`)."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        name = path.relative_to(SOURCE).as_posix()
        if name in RULE_FILES or "/migrations/" in name:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "removed_at__isnull" in line:
                found.append(f"{name}:{number}: {line.strip()}")
    assert found == []
