"""`procesregie report annual`: the formats, small-count suppression and the refusals (never a traceback)."""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from procesregie.reporting.annual import annual_report
from procesregie.reporting.formats import FORMATS, long_rows

from .annual_data import Dataset
from .test_rendering_html import parse

CONSOLE = Path(sys.executable).parent / "procesregie"


@pytest.fixture
def loaded(db, tmp_path):
    data = Dataset()
    data.case("a", "topx-west", "2023-01-01", municipality="GM0356")
    data.case("b", "topx-west", "2024-02-01", "2024-09-01", "positief", municipality="GM0356")
    data.case("c", "topx-west", "2024-03-01", municipality="GM0356")
    for n in range(6):
        data.case(f"o{n}", "topx-ogg", "2023-01-01")
    data.measurement("b", "2024-02-02", "nulmeting", "huisvesting", 2)
    data.measurement("b", "2024-09-01", "eindmeting", "huisvesting", 4)
    data.system("gezin", ["ouder", "kind"])
    data.case("m", "mda-stad", "2024-05-01", subject="gezin")
    data.signal("s1", "topx-west", "2024-02-01", outcome="aanmelding", case="c")
    data.signal("s2", "topx-west", "2023-05-01", "adviesgesprek", reported_by="rvdk")
    data.escalation("b", "2024-03-01", "2024-04-01", "afspraak_gemaakt")
    data.load(tmp_path / "dataset")


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_is_the_computed_report(loaded):
    out, err = run("annual", "--year", "2024", "--format", "json")
    assert json.loads(out) == annual_report(year=2024)
    assert out.startswith('{\n "report": "annual",\n "version": 2,\n "year": 2024,')
    assert err == ""


def test_json_is_the_default_and_stable(loaded):
    assert run("annual", "--year", "2024")[0] == run("annual", "--year", "2024", "--format", "json")[0]


def test_csv_long_table(loaded):
    out, _ = run("annual", "--year", "2024", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["approach", "table", "key", "subkey", "value"]
    assert ["topx-west", "flow", "start", "", "1"] in rows
    assert ["topx-west", "flow", "caseload", "", "3"] in rows
    assert ["topx-west", "by_municipality", "GM0356", "plus", "2"] in rows
    assert ["topx-west", "domain_progress", "huisvesting", "+2", "1"] in rows
    assert ["topx-west", "declined", "", "", "0"] in rows
    assert ["mda", "persons_involved", "", "", "2"] in rows
    assert ["", "totals", "person", "caseload", "9"] in rows
    assert ["topx-west", "signals", "count", "", "1"] in rows
    assert ["topx-west", "signals", "by_kind", "melding", "1"] in rows
    assert ["topx-west", "signals", "by_reporter_kind", "politie", "1"] in rows
    assert ["topx", "signals", "to_registration", "", "1"] in rows
    assert ["topx-ogg", "signals", "count", "", "0"] in rows
    assert ["topx", "escalations", "resolved", "", "1"] in rows
    assert ["topx-west", "escalations", "by_outcome", "afspraak_gemaakt", "1"] in rows
    assert len(rows) == 1 + len(list(long_rows(annual_report(year=2024))))


def test_csv_suppresses_small_counts(loaded):
    out, err = run("annual", "--year", "2024", "--format", "csv", "--suppress-below", "5")
    rows = list(csv.reader(io.StringIO(out)))
    assert ["topx-west", "flow", "caseload", "", "<5"] in rows
    assert ["topx-west", "flow", "transfer_in", "", "0"] in rows  # zero is not a small count
    assert ["topx-west", "signals", "by_kind", "melding", "<5"] in rows
    assert ["topx", "escalations", "count", "", "<5"] in rows
    # At or above N: unchanged, or "afg." where it would reveal a small count through a sum (secondary suppression).
    assert ["topx-ogg", "flow", "start", "", "6"] in rows or ["topx-ogg", "flow", "start", "", "afg."] in rows
    assert ["topx-west", "unit", "", "", "person"] in rows
    assert not any(row[4].isdigit() and 0 < int(row[4]) < 5 for row in rows[1:])
    assert err == ""


def test_json_ignores_suppression_and_says_so(loaded):
    out, err = run("annual", "--year", "2024", "--format", "json", "--suppress-below", "5")
    assert json.loads(out) == annual_report(year=2024)
    assert "--suppress-below is ignored for json" in err


def test_out_writes_the_file(loaded, tmp_path):
    target = tmp_path / "jaarverslag.csv"
    out, _ = run("annual", "--year", "2024", "--format", "csv", "--out", str(target))
    assert out == ""
    assert target.read_bytes() == FORMATS["csv"](annual_report(year=2024), None)


def test_unwritable_out_is_a_clear_error(loaded, tmp_path):
    with pytest.raises(CommandError, match="cannot write"):
        run("annual", "--year", "2024", "--out", str(tmp_path / "missing" / "report.json"))


@pytest.mark.parametrize("args", [
    ["annual", "--year", "2024", "--format", "docx"],
    ["annual", "--year", "twenty"],
    ["annual", "--year", "24000"],
    ["annual", "--year", "0"],
    ["annual"],
    ["monthly", "--year", "2024"],
    [],
    ["annual", "--year", "2024", "--format", "csv", "--suppress-below", "0"],
])
def test_bad_arguments_are_refused(db, args):
    with pytest.raises(CommandError):
        run(*args)


def test_csv_cells_that_look_like_formulas_are_escaped():
    report = {"approaches": {"x": {"unit": "person", "by_district": {"=HYPERLINK(1)": {"start": 1}},
                                   "domain_progress": {"huisvesting": {"-2": 3}}}}, "totals": {}}
    text = FORMATS["csv"](report, None).decode()
    assert "x,by_district,'=HYPERLINK(1),start,1" in text
    assert "x,domain_progress,huisvesting,-2,3" in text


@pytest.mark.skipif(not CONSOLE.exists(), reason="the procesregie console script is not installed")
@pytest.mark.parametrize("args", [["--year", "2024", "--format", "docx"], ["--year", "nope"]])
def test_console_refuses_without_a_traceback(args):
    completed = subprocess.run([str(CONSOLE), "report", "annual", *args], capture_output=True, text=True,
                               env={**os.environ, "DATABASE_URL": "sqlite:///:memory:"}, check=False)
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert "usage: procesregie report annual" in completed.stderr


def test_html_shows_last_years_flow_beside_this_years(loaded):
    """The publication formats get the comparison from the command (from the report's own queries)."""
    out, _ = run("annual", "--year", "2024", "--format", "html")
    flow = parse(out).tables["aanpak-topx-west-stroom"]
    assert flow["header"] == ["Stroom", "2024", "2023", "Verschil"]
    assert flow["rows"]["Totaal in regie (caseload)"][:2] == ["3", "1"]
    signals = out.split('id="aanpak-topx-west-meldingen"')[1].split("</section>")[0]
    assert 'Totaal in 2023</dt><dd class="procesregie-report__fact-value">1</dd>' in signals  # last year's signal
