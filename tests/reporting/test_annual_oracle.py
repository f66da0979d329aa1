"""The report of a generated demo dataset against a second, naive implementation that reads the CSV files.

The oracle (annual_oracle.py) follows the spec's wording line by line over the interchange files, with none of
the report's code. Checked for every year of the dataset, plus the property
`end == caseload - outflow - transfer_out` for every approach.
"""

from pathlib import Path

import pytest
from django.core.management import call_command

from procesregie.reporting.annual import annual_report, annual_report_with_comparison, flow_comparison

from .annual_oracle import oracle

YEARS = (2021, 2022, 2023, 2024, 2025)  # the demo dataset covers 2022–2025; 2021 has nothing


@pytest.fixture
def demo(db, tmp_path) -> Path:
    directory = tmp_path / "demo"
    call_command("demo_data", "--out", str(directory), "--seed", "11", verbosity=0)
    call_command("import", str(directory), verbosity=0)
    return directory


@pytest.mark.slow
def test_report_equals_the_spec_read_literally(demo):
    for year in YEARS:
        report = annual_report(year=year)
        assert report == oracle(demo, year), year
        for code, block in report["approaches"].items():
            flow = block["flow"]
            assert flow["end"] == flow["caseload"] - flow["outflow"] - flow["transfer_out"], (year, code)
    busy = annual_report(year=2024)
    assert busy["totals"]["person"]["caseload"] > 100  # the comparison above was not between empty reports
    assert sum(b["discussions"]["count"] for b in busy["approaches"].values()) > 100
    assert any(b["domain_progress"] for b in busy["approaches"].values())
    assert any(b["flow"]["transfer_in"] for b in busy["approaches"].values())

    # The year-over-year comparison gives the flow blocks of the report of both years, alone or with the report.
    report, comparison = annual_report_with_comparison(year=2024)
    assert report == busy
    assert flow_comparison(year=2024) == comparison
    current, previous = busy, annual_report(year=2023)
    assert set(comparison) == set(current["approaches"])
    for code, flows in comparison.items():
        assert flows == {"current": current["approaches"][code]["flow"], "previous": previous["approaches"][code]["flow"]}
    assert any(flows["previous"] != flows["current"] for flows in comparison.values())
