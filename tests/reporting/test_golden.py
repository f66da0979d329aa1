"""The golden test: a dataset calibrated on the published ZVHRU 2024 figures, imported and reported, gives
back every figure of the target (shared/reference/zvhru-2024-targets.json, outside the repository).

All mismatches are collected first, so a failure lists every figure that is off at once.
"""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from procesregie.reporting.annual import annual_report

REPO_ROOT = Path(__file__).resolve().parents[2]
TARGET = REPO_ROOT.parent / "shared" / "reference" / "zvhru-2024-targets.json"
SEED = 2024
SKIPPED = {"name", "parent", "duration_scheme", "unit", "_source", "reference"}


def mismatches(target, report, path=""):
    """'approaches.topx-west.flow.start: target 32, report 31' for every figure of the target that the report
    does not have. Count maps are compared on the keys the target lists; a key the report leaves out is 0."""
    found = []
    for key, value in target.items():
        if key in SKIPPED:
            continue
        here = f"{path}.{key}" if path else key
        actual = report.get(key) if isinstance(report, dict) else None
        if isinstance(value, dict):
            found += mismatches(value, actual if isinstance(actual, dict) else {}, here)
        else:
            if actual is None and isinstance(value, int):
                actual = 0
            if actual != value:
                found.append(f"{here}: target {value}, report {actual}")
    return found


@pytest.mark.django_db
def test_calibrated_dataset_reproduces_the_published_figures(tmp_path):
    if not TARGET.exists():
        pytest.skip(f"the shared target {TARGET} is not present next to the repository")
    target = json.loads(TARGET.read_text(encoding="utf-8"))
    call_command("demo_data", calibrate=str(TARGET), seed=SEED, out=str(tmp_path), verbosity=0)
    call_command("import", str(tmp_path), verbosity=0)

    report = annual_report(year=target["year"])

    problems = mismatches(target, report)
    assert not problems, f"{len(problems)} figures differ:\n" + "\n".join(problems)
    assert mismatches(target, report) == []


def test_the_comparison_names_every_mismatch():
    target = {"year": 2024, "approaches": {"a": {"name": "A", "flow": {"start": 3, "end": 2}, "durations": {"lt_1y": 1}}}}
    report = {"year": 2024, "approaches": {"a": {"flow": {"start": 3, "end": 1}, "durations": {}}}}
    assert mismatches(target, report) == [
        "approaches.a.flow.end: target 2, report 1", "approaches.a.durations.lt_1y: target 1, report 0",
    ]
