"""The report of a generated demo dataset against a second, naive implementation that reads the CSV files.

The oracle (annual_oracle.py) follows the spec's wording line by line over the interchange files, with none of
the report's code. Checked for every year of the dataset, plus the property
`end == caseload - outflow - transfer_out` for every approach.
"""

import datetime
import random
from pathlib import Path

import pytest
from django.core.management import call_command

from procesregie.reporting.annual import annual_report, annual_report_with_comparison, flow_comparison

from .annual_data import append_signals_csv, insert_escalations
from .annual_oracle import oracle, read

YEARS = (2021, 2022, 2023, 2024, 2025)  # the demo dataset covers 2022–2025; 2021 has nothing
OUTCOMES = ("", "advies", "doorverwezen", "geen_actie", "aanmelding")
ESCALATION_OUTCOMES = ("afspraak_gemaakt", "bestuurlijk_opgeschaald", "ingetrokken", "niet_opgelost")


def some_day(rng: random.Random) -> datetime.date:
    """A day from 2021 to 2025, one in four on a year boundary (31 December or 1 January)."""
    year = rng.choice(YEARS)
    if rng.random() < 0.25:
        return rng.choice([datetime.date(year, 1, 1), datetime.date(year, 12, 31)])
    return datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))


def signals_and_escalations(directory: Path) -> tuple[list[dict], list[dict]]:
    """Signals in every approach (some leading to a registration) and escalations on the dataset's trajectories,
    over the years of the dataset and on its year boundaries."""
    rng = random.Random(13)
    approaches = [row["code"] for row in read(directory, "approaches.csv")]
    organisations = [row["code"] for row in read(directory, "organisations.csv")]
    cases = read(directory, "cases.csv")
    taken = {row["case_ref"] for row in read(directory, "signals.csv")}
    free = [row["case_ref"] for row in cases if row["case_ref"] not in taken]
    rng.shuffle(free)
    signals = []
    subject_of = {row["case_ref"]: row["subject_ref"] for row in cases}
    for n in range(400):
        outcome = rng.choice(OUTCOMES)
        case_ref = free.pop() if outcome == "aanmelding" else ""
        signals.append({
            "signal_ref": f"oracle-{n}", "approach": rng.choice(approaches), "date": some_day(rng).isoformat(),
            "kind": rng.choice(("melding", "adviesgesprek")), "reported_by": rng.choice(organisations),
            "municipality": "", "subject_ref": subject_of.get(case_ref, ""), "outcome": outcome,
            "case_ref": case_ref,  # a signal that led to a registration is about its subject (the import says so)
        })
    escalations = []
    for case in rng.sample([row for row in cases if row["start_date"]], 150):
        raised = some_day(rng)
        resolved = raised + datetime.timedelta(days=rng.choice((0, 1, 20, 200))) if rng.random() < 0.7 else None
        escalations.append({"case_ref": case["case_ref"], "raised_on": raised.isoformat(),
                            "resolved_on": resolved.isoformat() if resolved else "",
                            "outcome": rng.choice(ESCALATION_OUTCOMES) if resolved else ""})
    return signals, escalations


@pytest.fixture
def demo(db, tmp_path) -> tuple[Path, list[dict]]:
    """The demo dataset with more signals in its signals.csv, imported, and escalations on its cases."""
    directory = tmp_path / "demo"
    call_command("demo_data", "--out", str(directory), "--seed", "11", verbosity=0)
    signals, escalations = signals_and_escalations(directory)
    append_signals_csv(directory, signals)
    call_command("import", str(directory), verbosity=0)
    insert_escalations(escalations)
    return directory, escalations


@pytest.mark.slow
def test_report_equals_the_spec_read_literally(demo):
    demo, escalations = demo
    for year in YEARS:
        report = annual_report(year=year)
        assert report == oracle(demo, year, escalations), year
        for code, block in report["approaches"].items():
            flow = block["flow"]
            assert flow["end"] == flow["caseload"] - flow["outflow"] - flow["transfer_out"], (year, code)
    busy = annual_report(year=2024)
    assert busy["totals"]["person"]["caseload"] > 100  # the comparison above was not between empty reports
    assert sum(b["discussions"]["count"] for b in busy["approaches"].values()) > 100
    assert any(b["domain_progress"] for b in busy["approaches"].values())
    assert any(b["flow"]["transfer_in"] for b in busy["approaches"].values())
    assert sum(b["signals"]["to_registration"] for b in busy["approaches"].values()) > 5
    assert any(b["escalations"]["resolved"] < b["escalations"]["count"] for b in busy["approaches"].values())

    # The year-over-year comparison gives the flow blocks of the report of both years, alone or with the report.
    report, comparison = annual_report_with_comparison(year=2024)
    assert report == busy
    assert flow_comparison(year=2024) == comparison
    current, previous = busy, annual_report(year=2023)
    assert set(comparison) == set(current["approaches"])
    for code, years in comparison.items():
        this, last = current["approaches"][code], previous["approaches"][code]
        assert years == {
            "current": this["flow"], "previous": last["flow"],
            "signals": {"current": this["signals"]["count"], "previous": last["signals"]["count"]},
            "escalations": {"current": this["escalations"]["count"], "previous": last["escalations"]["count"]},
        }
    assert any(years["previous"] != years["current"] for years in comparison.values())
    assert any(years["signals"]["previous"] != years["signals"]["current"] for years in comparison.values())
