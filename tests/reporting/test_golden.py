"""The golden test: a dataset calibrated on the published ZVHRU 2024 figures, imported and reported, gives
back every figure of the target (shared/reference/zvhru-2024-targets-v2.json, outside the repository: version 2,
with Radicalisering Stad's 163 signals), and the report of that dataset equals the independent oracle's
(annual_oracle.py).

The calibrator builds and checks its data with the report's own definitions (`flow_of`, `whole_months`,
`DURATION_BUCKETS`), so target == report alone cannot catch a wrong definition: the oracle, which shares none
of that code, can. All mismatches with the target are collected first, so a failure lists every figure that is
off at once. The target is required: without it the test fails rather than skips.
"""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from procesregie.reporting.annual import annual_report

from .annual_oracle import oracle, read

REPO_ROOT = Path(__file__).resolve().parents[2]
TARGET = REPO_ROOT.parent / "shared" / "reference" / "zvhru-2024-targets-v2.json"
SEED = 2024
SKIPPED = {"name", "parent", "duration_scheme", "unit", "_source", "reference"}


def mismatches(target, report, path="", label="target"):
    """'approaches.topx-west.flow.start: target 32, report 31' for every figure of the target that the report
    does not have. Count maps are compared on the keys the target lists; a key the report leaves out is 0."""
    found = []
    for key, value in target.items():
        if key in SKIPPED:
            continue
        here = f"{path}.{key}" if path else key
        actual = report.get(key) if isinstance(report, dict) else None
        if isinstance(value, dict):
            found += mismatches(value, actual if isinstance(actual, dict) else {}, here, label)
        else:
            if actual is None and isinstance(value, int):
                actual = 0
            if actual != value:
                found.append(f"{here}: {label} {value}, report {actual}")
    return found


@pytest.mark.django_db
def test_calibrated_dataset_reproduces_the_published_figures(tmp_path):
    assert TARGET.is_file(), f"the shared target {TARGET} is missing: the golden test needs ../shared next to the repository"
    target = json.loads(TARGET.read_text(encoding="utf-8"))
    call_command("demo_data", calibrate=str(TARGET), seed=SEED, out=str(tmp_path), verbosity=0)
    call_command("import", str(tmp_path), verbosity=0)

    report = annual_report(year=target["year"])

    problems = mismatches(target, report)
    assert not problems, f"{len(problems)} figures differ:\n" + "\n".join(problems)

    # The oracle, every year of the dataset: the target year has no internal transfers (the target says
    # transfer_out 0), the earlier years do, so `outflow` and `transfer_out` are told apart there.
    first_year = min(int(row["registered_on"][:4]) for row in read(tmp_path, "cases.csv"))
    transfers_out = 0
    for year in range(first_year, target["year"] + 1):
        report = annual_report(year=year)
        independent = oracle(tmp_path, year)
        differences = mismatches(independent, report, label="oracle")
        assert not differences, f"{year}: {len(differences)} figures differ from the oracle's:\n" + "\n".join(differences)
        assert report == independent, year
        transfers_out += sum(block["flow"]["transfer_out"] for block in report["approaches"].values())
    assert transfers_out > 0  # the comparison above did meet internal transfers


def test_the_comparison_names_every_mismatch():
    target = {"year": 2024, "approaches": {"a": {"name": "A", "flow": {"start": 3, "end": 2}, "durations": {"lt_1y": 1}}}}
    report = {"year": 2024, "approaches": {"a": {"flow": {"start": 3, "end": 1}, "durations": {}}}}
    assert mismatches(target, report) == [
        "approaches.a.flow.end: target 2, report 1", "approaches.a.durations.lt_1y: target 1, report 0",
    ]
