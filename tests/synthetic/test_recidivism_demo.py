"""The demo tells a plausible recidivism story (issue 15, item 5).

- `make demo` calibrates the region on the ZVHRU 2024 target with `--recidivism
  synthetic/data/demo-recidivism.json`: the outcomes report of every targeted approach and cohort year gives
  exactly the file's totals, Top X drops by 30-45 %, and the comparison group (registrations declined at triage) is
  there and drops less: the yardstick against regression to the mean.
- Without targets (the plain generator), the declined persons' registrations lie around their triage day and drop
  a little (regression to the mean), not to zero.
- Targets that cannot be met are refused, naming the cell and the figure.
"""

import datetime
import json
import random
from pathlib import Path

import pytest
from django.core.management import call_command

from procesregie.reporting.outcomes import outcomes_report
from procesregie.synthetic.calibrate import CalibrationError
from procesregie.synthetic.calibrate.demo_recidivism import (
    DEMO_TARGETS,
    Case,
    CellTarget,
    apply_recidivism_targets,
    load_recidivism_targets,
)
from procesregie.synthetic.calibrate.recidivism_check import DatasetRecidivism
from procesregie.synthetic.generator import generate_dataset
from procesregie.synthetic.people import Person
from procesregie.synthetic.region import load_region

REPO_ROOT = Path(__file__).resolve().parents[2]
ANNUAL_TARGET = REPO_ROOT.parent / "shared" / "reference" / "zvhru-2024-targets-v2.json"
MAKEFILE = REPO_ROOT / "Makefile"
DEMO_SEED = 2024
AS_OF = datetime.date(2026, 6, 30)
TOP_X = ("topx-oost", "topx-west", "topx-jeugd", "topx-volwassenen")


def _year(year: int, as_of: datetime.date = AS_OF) -> dict:
    return outcomes_report(first=datetime.date(year, 1, 1), last=datetime.date(year, 12, 31), as_of=as_of)["approaches"]


@pytest.mark.django_db
def test_the_demo_meets_its_recidivism_targets_and_tells_a_plausible_story(tmp_path):
    assert ANNUAL_TARGET.is_file(), f"the shared target {ANNUAL_TARGET} is missing"
    call_command("demo_data", calibrate=str(ANNUAL_TARGET), recidivism=str(DEMO_TARGETS), seed=DEMO_SEED,
                 as_of=AS_OF.isoformat(), out=str(tmp_path), verbosity=0)
    call_command("import", str(tmp_path), verbosity=0)
    targets = json.loads(DEMO_TARGETS.read_text(encoding="utf-8"))["approaches"]
    reports = {year: _year(year) for year in (2022, 2023, 2024)}

    problems = []
    for code, block in targets.items():
        for year, cell in block["cohorts"].items():
            figures = reports[int(year)][code]["recidivism"]
            for group, wanted, got in (("cohort", cell, figures), ("comparison", cell.get("comparison"),
                                                                   figures["comparison"])):
                if wanted is None:
                    continue
                pair = (got["registrations_before"], got["registrations_after"])
                if pair != (wanted["registrations_before"], wanted["registrations_after"]):
                    problems.append(f"{code} {year} {group}: target {wanted}, report {pair}")
    assert not problems, "\n".join(problems)

    for year, report in reports.items():
        for code in (*TOP_X, "topx"):
            figures = report[code]["recidivism"]
            assert figures["n"] > 0 and -45 <= figures["change_pct"] <= -30, (code, year, figures["change_pct"])
            comparison = figures["comparison"]
            if year >= 2023:  # the declined registrations of the calibrated year and the one before
                assert comparison["n"] > 0, (code, year)
                assert comparison["change_pct"] > figures["change_pct"], (code, year)
        for code, block in targets.items():
            comparison = report[code]["recidivism"]["comparison"]
            if str(year) in block["cohorts"] and comparison["registrations_before"]:
                assert comparison["change_pct"] > report[code]["recidivism"]["change_pct"], (code, year)
    # Top X as a whole (a parent over its teams' distinct persons), as the 2016 report measured it.
    topx = reports[2024]["topx"]["recidivism"]
    assert -45 <= topx["change_pct"] <= -30 < -20 <= topx["comparison"]["change_pct"] < 0

    # The continuation to as_of: a trajectory that started after the last day is first discussed after its start,
    # and the persons first met then have police registrations around their first discussion or triage day.
    data = DatasetRecidivism(tmp_path)
    last = datetime.date(2024, 12, 31)
    later = [case for case in data.cases if case["triage_on"] > last.isoformat()]
    assert any(case["start_date"] for case in later) and any(case["triage_decision"] == "declined" for case in later)
    for case in later:
        if case["start_date"] and case["case_ref"] in data.discussed:
            assert data.discussed[case["case_ref"]] >= datetime.date.fromisoformat(case["start_date"]), case
    fresh = [case for case in later if not any(other["subject_ref"] == case["subject_ref"]
                                               and other["triage_on"] and other["triage_on"] <= last.isoformat()
                                               for other in data.cases)]
    assert sum(bool(data.police.get(person)) for case in fresh for person in data.persons(case["subject_ref"])) >= 3


def test_make_demo_applies_the_demo_targets():
    makefile = MAKEFILE.read_text(encoding="utf-8")
    assert "DEMO_RECIDIVISM ?= src/procesregie/synthetic/data/demo-recidivism.json" in makefile
    assert "--calibrate $(DEMO_TARGET) --recidivism $(DEMO_RECIDIVISM)" in makefile
    assert (REPO_ROOT / "src/procesregie/synthetic/data/demo-recidivism.json").resolve() == DEMO_TARGETS.resolve()
    cells = load_recidivism_targets(DEMO_TARGETS, load_region())
    changes = [100 * (cell.after - cell.before) / cell.before for cell in cells
               if cell.group == "cohort" and cell.approach in TOP_X]
    assert changes and all(-45 <= change <= -30 for change in changes)


def test_declined_registrations_are_the_yardstick_in_the_plain_demo(tmp_path):
    """Declined persons: registrations around the triage day that drop a little (regression to the mean; some of
    them come back in another approach), far less than the cohort's, and not to nothing."""
    generate_dataset(tmp_path, seed=7, end_year=2023, years=4)
    data = DatasetRecidivism(tmp_path)
    totals = {"before": 0, "after": 0, "comparison_before": 0, "comparison_after": 0, "comparison_n": 0}
    for code in ("topx", "topx-ogg", "levensloop", "mda", "radicalisering-stad", "radicalisering-oost",
                 "radicalisering-west"):
        figures = data.figures(code, datetime.date(2020, 1, 1), datetime.date(2022, 12, 31),
                               datetime.date(2023, 12, 31))
        totals["before"] += figures["registrations_before"]
        totals["after"] += figures["registrations_after"]
        totals["comparison_n"] += figures["comparison"]["n"]
        totals["comparison_before"] += figures["comparison"]["registrations_before"]
        totals["comparison_after"] += figures["comparison"]["registrations_after"]
    cohort = 100 * (totals["after"] / totals["before"] - 1)
    comparison = 100 * (totals["comparison_after"] / totals["comparison_before"] - 1)
    assert totals["comparison_n"] >= 50 and totals["comparison_before"] >= 100, totals
    assert -30 <= comparison <= 0, totals
    assert -45 <= cohort <= -30 and cohort < comparison - 15, totals


# --- refusals --------------------------------------------------------------------------------------------

DAY = datetime.timedelta(days=1)


def _person(ref: str) -> Person:
    return Person(ref, "Anna", "Jansen", datetime.date(1990, 1, 1), "GM0344", False)


def _cases():
    shared, own = _person("P1"), _person("P2")
    first = datetime.date(2022, 3, 1)
    return [
        Case("topx-oost", (shared,), True, None, first, None),
        Case("topx-west", (shared,), True, None, first + DAY * 20, None),
        Case("topx-oost", (own,), True, None, first + DAY * 40, None),
    ]


POLICE = [("P1", datetime.date(2022, 1, 10), "misdrijf"), ("P1", datetime.date(2022, 2, 1), "overtreding"),
          ("P1", datetime.date(2022, 6, 1), "misdrijf")]


def _apply(cells, cases=None, until=datetime.date(2024, 1, 1)):
    return apply_recidivism_targets(cells, cases or _cases(), POLICE, last_year=2022, until=until,
                                    rng=random.Random(1))


def test_shared_persons_are_counted_first_and_the_own_persons_carry_the_rest():
    rows = _apply([CellTarget("topx-oost", 2022, "cohort", 9, 4), CellTarget("topx-west", 2022, "cohort", 2, 1)])
    assert [row for row in rows if row[0] == "P1"] == POLICE  # shared: kept as they were
    own = [row for row in rows if row[0] == "P2"]
    day = datetime.date(2022, 4, 10)
    assert sum(day - 365 * DAY <= row[1] < day for row in own) == 9 - 2
    assert sum(day < row[1] <= day + 365 * DAY for row in own) == 4 - 1


@pytest.mark.parametrize(("cells", "message"), [
    ([CellTarget("topx-oost", 2022, "cohort", 1, 4), CellTarget("topx-west", 2022, "cohort", 2, 1)],
     "topx-oost.cohorts.2022.registrations_before (1): the 1 persons it shares with other targets already have 2"),
    ([CellTarget("topx-oost", 2022, "cohort", 9, 4), CellTarget("topx-west", 2022, "cohort", 5, 1)],
     "topx-west.cohorts.2022.registrations_before (5): the 1 persons it shares with other targets have 2, and it "
     "has no person of its own to carry the other 3"),
    ([CellTarget("topx-oost", 2023, "cohort", 1, 1)], "topx-oost.cohorts.2023: after the calibrated year 2022"),
])
def test_targets_the_persons_cannot_absorb_are_refused(cells, message):
    with pytest.raises(CalibrationError) as refusal:
        _apply(cells)
    assert str(refusal.value) == message


def test_a_cohort_without_a_full_year_of_data_is_refused():
    with pytest.raises(CalibrationError, match=r"topx-oost.cohorts.2022: its year of follow-up ends after 2023-06-30"):
        _apply([CellTarget("topx-oost", 2022, "cohort", 1, 1)], until=datetime.date(2023, 6, 30))


@pytest.mark.parametrize(("document", "message"), [
    ({"approaches": {"topx": {"cohorts": {}}}}, "approaches.topx: recidivism targets are per leaf approach"),
    ({"approaches": {"topx-oost": {"cohorts": {"2023": {"registrations_before": 3}}}}},
     "topx-oost.cohorts.2023.registrations_after: missing"),
    ({"approaches": {"topx-oost": {"cohorts": {"2023": {"registrations_before": 3, "registrations_after": -1}}}}},
     "topx-oost.cohorts.2023.registrations_after: must be a whole number >= 0, not -1"),
    ({"approaches": {"topx-oost": {"persons": 3}}}, "topx-oost.persons: unknown key (known: cohorts)"),
])
def test_a_malformed_targets_file_is_refused(tmp_path, document, message):
    path = tmp_path / "targets.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CalibrationError) as refusal:
        load_recidivism_targets(path, load_region())
    assert message in str(refusal.value)
