"""`procesregie report outcomes` and `report annual --with-outcomes`: every format, and every refusal clear, with a
non-zero exit status and no file written (nor a half-written one left behind)."""

import csv
import datetime
import io
import json
import os
import stat
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from procesregie.reporting.management.commands import report as command
from procesregie.reporting.outcome_formats import OUTCOME_FORMATS
from procesregie.reporting.outcomes import annual_chapter_window, outcomes_report
from procesregie.reporting.rendering import labels_from_reference

from .outcomes_data import OutcomesDataset

CONSOLE = Path(sys.executable).parent / "procesregie"
WINDOW = ["--from", "2023-01-01", "--to", "2023-12-31", "--as-of", "2025-01-01"]
FIRST, LAST, AS_OF = datetime.date(2023, 1, 1), datetime.date(2023, 12, 31), datetime.date(2025, 1, 1)


@pytest.fixture
def loaded(db, tmp_path):
    """A small house with a cohort of 2023 in Top X West (before and after), a declined registration (comparison),
    a household in MDA++, a domain measured at start and end, and an overdue intervention."""
    data = OutcomesDataset()
    data.discussed("a", "topx-west", "2023-03-01", subject="p-a", start="2023-02-01", end="2023-11-30")
    data.police("p-a", "2022-06-01", "2022-09-01", "2023-01-15", "2023-08-01")
    data.discussed("b", "topx-jeugd", "2023-05-01", subject="p-b", start="2023-04-01")
    data.police("p-b", "2022-12-01", kind="overtreding")
    data.case("c", "topx-west", None, decision="declined", triage_on="2023-06-01", subject="p-c")
    data.police("p-c", "2023-01-01", "2023-07-01")
    data.system("gezin", ["ouder", "kind"])
    data.discussed("m", "mda-stad", "2023-09-01", subject="gezin", start="2023-08-01")
    data.police("ouder", "2023-02-01")
    data.measurement("a", "2023-02-02", "nulmeting", "huisvesting", 2)
    data.measurement("a", "2023-11-30", "eindmeting", "huisvesting", 4)
    data.agreed("a", "2023-03-01", "running", due="2023-06-01")
    data.agreed("b", "2023-05-01", "done", organisation="reclassering")
    data.load(tmp_path / "dataset")


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_is_the_computed_report(loaded):
    out, err = run("outcomes", *WINDOW)
    document = json.loads(out)
    assert document == json.loads(json.dumps(outcomes_report(first=FIRST, last=LAST, as_of=AS_OF)))
    assert out.startswith('{\n "report": "outcomes",\n "version": 1,\n "from": "2023-01-01",')
    west = document["approaches"]["topx-west"]["recidivism"]
    assert (west["n"], west["registrations_before"], west["registrations_after"]) == (1, 3, 1)
    assert west["comparison"]["n"] == 1  # the declined registration
    assert document["approaches"]["mda"]["recidivism"]["n"] == 2  # both members of the household
    assert err == ""


def test_as_of_is_today_by_default(loaded):
    out, _ = run("outcomes", "--from", "2023-01-01", "--to", "2023-12-31", "--format", "json")
    assert json.loads(out)["as_of"] == timezone.localdate().isoformat()


@pytest.mark.parametrize("fmt", ["json", "csv", "html"])
def test_a_text_format_is_printed(loaded, fmt):
    out, _ = run("outcomes", *WINDOW, "--format", fmt)
    assert out.encode("utf-8") == OUTCOME_FORMATS[fmt](
        outcomes_report(first=FIRST, last=LAST, as_of=AS_OF), None, labels_from_reference())


def read_back(fmt: str, path: Path):
    """What a reader of the file sees: rows, text, pages or cells."""
    content = path.read_bytes()
    if fmt == "json":
        return json.loads(content)["approaches"]["topx-west"]["recidivism"]["registrations_before"]
    if fmt == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8"))))[0]
    if fmt == "html":
        return content.decode("utf-8")[:200].lower().startswith("<!doctype html") and "Resultaten" in content.decode()
    if fmt == "pdf":
        return content[:5] == b"%PDF-" and content.rstrip().endswith(b"%%EOF")
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return bool(workbook.sheetnames) and zipfile.is_zipfile(path)


@pytest.mark.parametrize(("fmt", "expected"), [
    ("json", 3), ("csv", ["approach", "table", "key", "subkey", "value"]), ("html", True), ("pdf", True),
    ("xlsx", True),
])
def test_every_format_writes_its_file(loaded, tmp_path, fmt, expected):
    target = tmp_path / f"resultaten.{fmt}"
    out, err = run("outcomes", *WINDOW, "--format", fmt, "--out", str(target), "--suppress-below", "2")
    assert out == ""
    assert read_back(fmt, target) == expected
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []  # no temporary file left
    assert ("ignored for json" in err) == (fmt == "json")


def test_csv_and_html_are_suppressed_on_request(loaded):
    out, _ = run("outcomes", *WINDOW, "--format", "csv", "--suppress-below", "5")
    rows = list(csv.reader(io.StringIO(out)))
    assert ["topx-west", "recidivism", "n", "", "<5"] in rows
    assert not any(row[4].isdigit() and 0 < int(row[4]) < 5 for row in rows[1:] if row[1] != "window")


def test_json_ignores_suppression_and_says_so(loaded):
    out, err = run("outcomes", *WINDOW, "--suppress-below", "5")
    assert json.loads(out)["approaches"]["topx-west"]["recidivism"]["n"] == 1
    assert "--suppress-below is ignored for json" in err


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "2023-02-30", "--to", "2023-12-31"], "not a date"),
    (["--from", "2023/01/01", "--to", "2023-12-31"], "not a date"),
    (["--from", "20230101", "--to", "2023-12-31"], "not a date"),  # fromisoformat would take it; the command not
    (["--from", "2023-W01-1", "--to", "2023-12-31"], "not a date"),
    (["--from", "2023-01-01", "--to", "yesterday"], "not a date"),
    (["--from", "2023-01-01", "--to", "2023-12-31", "--as-of", "2025-1-1"], "not a date"),
    (["--from", "2023-01-01"], "required: --to"),
    (["--from", "2024-01-01", "--to", "2023-12-31"], "--from 2024-01-01 is after --to 2023-12-31"),
    (["--from", "2023-01-01", "--to", "2023-12-31", "--as-of", "2999-01-01"], "--as-of 2999-01-01 is after today"),
    (["--from", "2023-01-01", "--to", "2023-12-31", "--format", "docx"], "invalid choice"),
    (["--from", "2023-01-01", "--to", "2023-12-31", "--suppress-below", "0"], "must be 1 or more"),
])
def test_bad_arguments_are_refused_and_write_nothing(loaded, tmp_path, args, message):
    target = tmp_path / "resultaten.csv"
    fmt = [] if "--format" in args else ["--format", "csv"]
    with pytest.raises(CommandError, match=message):
        run("outcomes", *args, *fmt, "--out", str(target))
    assert list(tmp_path.iterdir()) == [tmp_path / "dataset"]


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_a_binary_format_needs_out(loaded, fmt):
    with pytest.raises(CommandError, match=f"{fmt} is a binary format: give --out FILE"):
        run("outcomes", *WINDOW, "--format", fmt)


def test_an_unwritable_out_is_a_clear_error_and_leaves_nothing(loaded, tmp_path):
    with pytest.raises(CommandError, match="cannot write .*missing/resultaten.json: No such file or directory"):
        run("outcomes", *WINDOW, "--out", str(tmp_path / "missing" / "resultaten.json"))
    folder = tmp_path / "een-map"
    folder.mkdir()
    with pytest.raises(CommandError, match="cannot write .*een-map"):
        run("outcomes", *WINDOW, "--out", str(folder))
    assert list(folder.iterdir()) == [] and sorted(p.name for p in tmp_path.iterdir()) == ["dataset", "een-map"]


def test_a_failed_write_keeps_the_old_file_whole(loaded, tmp_path, monkeypatch):
    """The file is written beside the target and renamed into place: when that fails, the old file is as it was
    and no temporary file is left."""
    target = tmp_path / "resultaten.csv"
    target.write_text("het vorige bestand\n")

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(command.os, "replace", full_disk)
    with pytest.raises(CommandError, match="cannot write .*resultaten.csv: No space left on device"):
        run("outcomes", *WINDOW, "--format", "csv", "--out", str(target))
    assert target.read_text() == "het vorige bestand\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset", "resultaten.csv"]


def test_a_link_is_followed_and_a_pipe_written_to_not_replaced(loaded, tmp_path):
    """--out through a symbolic link replaces the file it names (the link stays); a pipe or device such as
    /dev/null is written to, never renamed over."""
    real, link = tmp_path / "echt.csv", tmp_path / "link.csv"
    real.write_text("oud\n")
    link.symlink_to(real)
    run("outcomes", *WINDOW, "--format", "csv", "--out", str(link))
    assert link.is_symlink() and real.read_text().startswith("approach,table,key,subkey,value\n")

    pipe = tmp_path / "pijp"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    run("outcomes", *WINDOW, "--format", "csv", "--out", str(pipe))
    reader.join(timeout=30)
    assert stat.S_ISFIFO(pipe.stat().st_mode)  # still the pipe, not a file renamed over it
    assert received[0] == real.read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dataset", "echt.csv", "link.csv", "pijp"]


def test_a_database_error_is_a_clear_error(loaded, monkeypatch):
    from django.db import OperationalError

    def broken(**window):
        raise OperationalError("no such table: subjects_policeregistration")

    monkeypatch.setattr(command, "outcomes_report", broken)
    with pytest.raises(CommandError, match="cannot read the installation's database"):
        run("outcomes", *WINDOW)


@pytest.mark.skipif(not CONSOLE.exists(), reason="the procesregie console script is not installed")
@pytest.mark.parametrize(("args", "status", "message"), [
    (["--from", "2023-13-01", "--to", "2023-12-31"], 2, "not a date: '2023-13-01'"),
    (["--from", "2024-01-01", "--to", "2023-12-31"], 1, "--from 2024-01-01 is after --to 2023-12-31"),
    (["--from", "2023-01-01", "--to", "2023-12-31", "--format", "pdf"], 1, "pdf is a binary format"),
    (["--from", "2023-01-01", "--to", "2023-12-31"], 1, "cannot read the installation's database"),  # not migrated
])
def test_the_console_exits_non_zero_without_a_traceback(tmp_path, args, status, message):
    completed = subprocess.run([str(CONSOLE), "report", "outcomes", *args, "--out", str(tmp_path / "r.pdf")]
                               if "pdf" not in args else [str(CONSOLE), "report", "outcomes", *args],
                               capture_output=True, text=True, check=False,
                               env={**os.environ, "DATABASE_URL": "sqlite:///:memory:"})
    assert completed.returncode == status, completed.stderr
    assert message in completed.stderr and "Traceback" not in completed.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_epilog_documents_the_formats(db):
    out = io.StringIO()
    parser = command.Command().create_parser("procesregie", "report")
    subparsers = next(action for action in parser._actions if action.dest == "report")
    out.write(subparsers.choices["outcomes"].format_help())
    text = out.getvalue()
    for words in ("json  the document of shared/spec/outcomes.md", "approach,table,key,subkey,value",
                  "A,recidivism,FIGURE", "--out", "not eligible"):
        assert words in text


# --- report annual --with-outcomes ----------------------------------------------------------------------------


def test_the_annual_html_gets_the_outcomes_chapter_of_the_year_before(loaded, monkeypatch):
    windows = []

    def recorded(**window):
        windows.append(window)
        return outcomes_report(**window)

    monkeypatch.setattr(command, "outcomes_report", recorded)
    out, _ = run("annual", "--year", "2024", "--format", "html", "--with-outcomes")
    first, last, as_of = annual_chapter_window(2024)
    assert windows == [{"first": first, "last": last, "as_of": as_of}]
    assert (first, last, as_of) == (FIRST, LAST, datetime.date(2024, 12, 31))
    chapter = out.split('id="resultaten"')[1]
    assert "Resultaten</h2>" in chapter and "Top X West" in chapter
    assert 'id="resultaten"' not in run("annual", "--year", "2024", "--format", "html")[0]
    assert windows == [{"first": first, "last": last, "as_of": as_of}]  # without the flag: not computed


def test_the_annual_pdf_gets_the_chapter(loaded, tmp_path):
    with_chapter, without = tmp_path / "met.pdf", tmp_path / "zonder.pdf"
    run("annual", "--year", "2024", "--format", "pdf", "--with-outcomes", "--out", str(with_chapter))
    run("annual", "--year", "2024", "--format", "pdf", "--out", str(without))
    assert with_chapter.read_bytes()[:5] == b"%PDF-"
    assert with_chapter.stat().st_size > without.stat().st_size


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx"])
def test_with_outcomes_is_refused_for_the_other_formats(loaded, tmp_path, fmt):
    target = tmp_path / f"jaarverslag.{fmt}"
    with pytest.raises(CommandError, match=f"--with-outcomes is for html and pdf, not {fmt}"):
        run("annual", "--year", "2024", "--format", fmt, "--with-outcomes", "--out", str(target))
    assert not target.exists()
