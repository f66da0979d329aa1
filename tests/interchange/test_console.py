"""`procesregie import` as an operator runs it: every problem a `file:line: column: message` line, exit code 1,
no traceback, nothing imported."""

import csv
import datetime
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from procesregie.casework.models import Registration

from .conftest import MINIMAL, write_files

NOT_A_FILE = "geen gewoon bestand; een dataset bevat alleen CSV-bestanden"


class Console:
    """The installed `procesregie` program on a database of its own (migrated once per module)."""

    def __init__(self, home: Path):
        self.database = home / "cli.sqlite3"
        self.env = {**os.environ, "DATABASE_URL": f"sqlite:///{self.database}", "PROCESREGIE_VAR_DIR": str(home)}
        self.program = str(Path(sys.executable).parent / "procesregie")
        subprocess.run([self.program, "migrate", "-v0"], env=self.env, check=True)

    def run(self, *args: str) -> subprocess.CompletedProcess:
        result = subprocess.run([self.program, *args], env=self.env, capture_output=True, text=True, timeout=60)
        assert "Traceback" not in result.stderr, result.stderr
        return result

    def registrations(self) -> int:
        with sqlite3.connect(self.database) as connection:
            return connection.execute(f"SELECT COUNT(*) FROM {Registration._meta.db_table}").fetchone()[0]


@pytest.fixture(scope="module")
def console(tmp_path_factory):
    return Console(tmp_path_factory.mktemp("console"))


def dataset(tmp_path, **changes) -> Path:
    """The minimal dataset with some cells of cases.csv changed: case_ref → {column: value}."""
    files = {name: [list(row) for row in rows] for name, rows in MINIMAL.items()}
    header = files["cases.csv"][0]
    for row in files["cases.csv"][1:]:
        for column, value in changes.get(row[0], {}).items():
            row[header.index(column)] = value
    return write_files(tmp_path / "dataset", files)


def refused(console: Console, *args: str) -> list[str]:
    result = console.run("import", *args)
    assert result.returncode == 1, result.stderr
    assert console.registrations() == 0
    return result.stderr.splitlines()


def test_a_bad_dataset_gives_one_line_per_problem_and_a_safe_problems_file(console, tmp_path):
    today = timezone.localdate()
    tomorrow = (today + datetime.timedelta(days=1)).isoformat()
    directory = dataset(tmp_path, c2={"registered_on": "2024-03-30", "triage_on": "2024-03-30", "start_date": "2024-03-30"},
                        c3={"triage_on": tomorrow}, c4={"approach": "nope"}, c5={"registered_on": "2024-W01-1"})
    hostile = '=HYPERLINK("http://example.invalid","klik")'
    members = [[*MINIMAL["system_members.csv"][0], hostile]]  # a header cell: the problem quotes it
    write_files(directory, {"system_members.csv": members, "+1.csv": [["a"], ["b"]]})
    (directory / "notes.csv").mkdir()
    (directory / "bijlagen").mkdir()
    (directory / "police_registrations.csv").unlink()
    os.mkfifo(directory / "police_registrations.csv")  # reading it would wait for a writer forever
    lines = refused(console, str(directory), "--errors-csv", str(tmp_path / "problems.csv"))
    for expected in [
        f"notes.csv:0: -: {NOT_A_FILE}",
        f"bijlagen:0: -: {NOT_A_FILE}",
        f"police_registrations.csv:0: -: {NOT_A_FILE}",
        "+1.csv:0: -: onbekend bestand in de dataset",
        "cases.csv:3: transferred_from: de genoemde casus eindigt op 2024-03-31, na de start_date van deze casus",
        f"cases.csv:4: triage_on: datum ligt na de dag van de import ({today.isoformat()})",
        "cases.csv:5: approach: onbekende verwijzing 'nope'",
        "cases.csv:6: registered_on: geen geldige datum (JJJJ-MM-DD)",
    ]:
        assert expected in lines, expected
    assert any(line.startswith(f"system_members.csv:1: {hostile}: onbekende kolom") for line in lines)
    assert lines[-1] == f"CommandError: {len(lines) - 1} problem(s); nothing was imported."
    with (tmp_path / "problems.csv").open(encoding="utf-8", newline="") as handle:
        header, *problems = list(csv.reader(handle))
    assert header == ["file", "line", "column", "message"] and len(problems) == len(lines) - 1
    assert ["'+1.csv", "0", "", "onbekend bestand in de dataset"] in problems
    assert any(row[:3] == ["system_members.csv", "1", "'" + hostile] for row in problems)
    assert not [cell for row in problems for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_errors_csv_into_a_missing_folder_is_refused_before_anything_is_imported(console, tmp_path):
    target = tmp_path / "typo" / "problems.csv"
    result = console.run("import", str(dataset(tmp_path)), "--errors-csv", str(target))  # a valid dataset
    assert result.returncode == 1
    assert result.stderr.strip() == (f"CommandError: --errors-csv {target}: the folder {target.parent} does not exist; "
                                     "nothing was imported.")
    assert console.registrations() == 0 and not target.parent.exists()
