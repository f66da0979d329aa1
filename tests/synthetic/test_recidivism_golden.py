"""The golden case of the outcomes report (issue 15): a dataset calibrated on the 2016 figures of the
Veiligheidshuis Regio Utrecht (shared/reference/vhru-2016-recidivism.json, outside the repository: 283 Top X
persons first discussed before 2016-01-01, 2 of them deceased, 281 compared with 1,943 police registrations in the
year before their first discussion and 1,185 in the year after: -39 %), imported and reported, gives back every
figure of the target exactly. The target is required: without it the test fails rather than skips.
"""

import csv
import datetime
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from procesregie.reporting.outcomes import outcomes_report
from tests.reporting.test_golden import mismatches  # the annual golden's comparison, which names every figure

REPO_ROOT = Path(__file__).resolve().parents[2]
TARGET = REPO_ROOT.parent / "shared" / "reference" / "vhru-2016-recidivism.json"
SEED = 2016


@pytest.mark.django_db
def test_calibrated_dataset_reproduces_the_2016_recidivism_figures(tmp_path):
    assert TARGET.is_file(), f"the shared target {TARGET} is missing: the golden test needs ../shared next to the repository"
    target = json.loads(TARGET.read_text(encoding="utf-8"))
    call_command("demo_data", calibrate=str(TARGET), seed=SEED, out=str(tmp_path), verbosity=0)
    call_command("import", str(tmp_path), verbosity=0)

    report = outcomes_report(
        first=datetime.date(2011, 1, 1), last=datetime.date(2015, 12, 31), as_of=datetime.date(2017, 1, 15)
    )

    problems = mismatches(target, report)
    assert not problems, f"{len(problems)} figures differ:\n" + "\n".join(problems)
    topx = report["approaches"]["topx"]["recidivism"]
    assert (topx["n"], topx["excluded_deceased"], topx["not_eligible"]) == (281, 2, 0)
    assert (topx["registrations_before"], topx["registrations_after"]) == (1943, 1185)
    assert topx["change_pct"] == -39.0
    # Spread over the window and over Top X's teams, not all in one place.
    first_days = {int(row["date"][:4]) for row in _rows(tmp_path, "discussions.csv")}
    assert {2011, 2012, 2013, 2014, 2015} <= first_days
    children = {code for code in ("topx-oost", "topx-west", "topx-stad")
                if report["approaches"][code]["recidivism"]["n"]}
    assert len(children) == 3


def _rows(directory: Path, name: str) -> list[dict]:
    with (directory / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))
