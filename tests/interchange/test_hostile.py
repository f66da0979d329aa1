"""Hostile and broken CSV files give row problems, never a traceback, and change nothing."""

import os
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from procesregie.casework.models import Registration
from procesregie.signals.models import Signal
from procesregie.subjects.models import Person

from .conftest import service_problems, write_files

pytestmark = pytest.mark.django_db

NOT_A_FILE = "geen gewoon bestand; een dataset bevat alleen CSV-bestanden"
CASES_HEADER = (b"case_ref,subject_ref,approach,municipality,reported_by,registered_on,triage_decision,"
                b"triage_on,start_date,end_date,end_reason,transferred_from\n")


def problems_of(directory, capsys) -> list[str]:
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", str(directory), verbosity=0)
    lines = capsys.readouterr().err.splitlines()
    assert lines and not any("Traceback" in line for line in lines)
    assert Registration.objects.count() == 0 and Person.objects.count() == 0 and not Signal.objects.exists()
    return lines


def with_persons(minimal_files, raw: bytes) -> dict:
    files = dict(minimal_files)
    files["persons.csv"] = raw
    return files


def test_wrong_encoding_is_reported_per_line(tmp_path, minimal_files, capsys):
    raw = ("person_ref,bsn,given_name,family_name,birth_date,municipality\n"
           "p1,,Jan,de Vries,,\n").encode() + "p2,,Zoë,Müller,,\n".encode("latin-1") + b"p3,,Piet,Jansen,,\n"
    lines = problems_of(write_files(tmp_path / "d", with_persons(minimal_files, raw)), capsys)
    assert "persons.csv:3: -: ongeldige tekencodering: het bestand moet UTF-8 zijn" in lines


def test_nul_bytes_are_reported(tmp_path, minimal_files, capsys):
    raw = b"person_ref,bsn,given_name,family_name,birth_date,municipality\np1,,Jan\x00,de Vries,,\np2,,A,B,,\np3,,C,D,,\n"
    lines = problems_of(write_files(tmp_path / "d", with_persons(minimal_files, raw)), capsys)
    assert "persons.csv:2: -: de regel bevat een NUL-teken" in lines


def test_ragged_rows_are_reported(tmp_path, minimal_files, capsys):
    raw = b"person_ref,bsn,given_name,family_name,birth_date,municipality\np1,,Jan\np2,,A,B,,,extra\np3,,C,D,,\n"
    lines = problems_of(write_files(tmp_path / "d", with_persons(minimal_files, raw)), capsys)
    assert "persons.csv:2: -: verwacht 6 kolommen, gevonden 3" in lines
    assert "persons.csv:3: -: verwacht 6 kolommen, gevonden 7" in lines


def test_a_one_megabyte_cell_is_reported(tmp_path, minimal_files, capsys):
    raw = (b"person_ref,bsn,given_name,family_name,birth_date,municipality\np1,,Jan,de Vries,,\n"
           b"p2,," + b"A" * 1_000_000 + b",B,,\np3,,C,D,,\n")
    lines = problems_of(write_files(tmp_path / "d", with_persons(minimal_files, raw)), capsys)
    assert "persons.csv:3: given_name: cel is langer dan 10000 tekens" in lines


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://example.invalid","klik")', "+1+2", "@SUM(A1)", "-2+3", " =1+1"])
def test_formula_cells_are_refused(tmp_path, minimal_files, capsys, cell):
    minimal_files["persons.csv"][2][2] = cell
    lines = problems_of(write_files(tmp_path / "d", minimal_files), capsys)
    assert "persons.csv:3: given_name: waarde lijkt op een spreadsheetformule; niet toegestaan" in lines


@pytest.mark.parametrize("cell", ["\tJan", "\u00a0=1+1", "\u2003@SUM(A1)"])
def test_formula_cells_are_refused_behind_any_whitespace_in_an_otherwise_plain_row(tmp_path, minimal_files, capsys, cell):
    minimal_files["persons.csv"][3][2] = cell  # p3's row: no other cell that asks for a closer look
    lines = problems_of(write_files(tmp_path / "d", minimal_files), capsys)
    assert "persons.csv:4: given_name: waarde lijkt op een spreadsheetformule; niet toegestaan" in lines


def test_duplicate_refs_are_reported_on_the_second_row(tmp_path, minimal_files, capsys):
    minimal_files["persons.csv"].append(["p1", "", "Twee", "Keer", "", ""])
    minimal_files["cases.csv"].append(list(minimal_files["cases.csv"][1]))
    lines = problems_of(write_files(tmp_path / "d", minimal_files), capsys)
    assert any(line.startswith("persons.csv:5: person_ref: dubbele waarde") for line in lines)
    assert any(line.startswith("cases.csv:7: case_ref: dubbele waarde") for line in lines)


def test_unknown_references_in_every_child_file(tmp_path, minimal_files, capsys):
    minimal_files["system_members.csv"].append(["s404", "p404", "kind"])
    minimal_files["discussions.csv"].append(["m9", "2024-01-01", "c404", "true", "false"])
    minimal_files["measurements.csv"].append(["c4", "2024-07-01", "tussenmeting", "geluk", "3"])
    minimal_files["case_interventions.csv"].append(["c4", "toverdrank", "nobody", "2024-07-01", "agreed"])
    minimal_files["police_registrations.csv"].append(["p404", "2024-01-01", "misdrijf"])
    lines = problems_of(write_files(tmp_path / "d", minimal_files), capsys)
    for expected in ["system_members.csv:4: system_ref:", "system_members.csv:4: person_ref:",
                     "discussions.csv:5: case_ref:", "measurements.csv:5: domain:",
                     "case_interventions.csv:3: intervention:", "case_interventions.csv:3: organisation:",
                     "police_registrations.csv:4: person_ref:"]:
        assert any(line.startswith(expected) for line in lines), expected


def test_unknown_and_missing_columns_and_files(tmp_path, minimal_files, capsys):
    minimal_files["persons.csv"][0][1] = "burgerservicenummer"
    minimal_files["cases.csv"] = [row[:-1] for row in minimal_files["cases.csv"]]  # drop transferred_from: optional
    minimal_files["systems.csv"] = [row[1:] for row in minimal_files["systems.csv"]]  # drop system_ref: required
    minimal_files["notes.csv"] = [["a"], ["b"]]
    lines = problems_of(write_files(tmp_path / "d", minimal_files), capsys)
    assert any(line.startswith("persons.csv:1: burgerservicenummer: onbekende kolom") for line in lines)
    assert "systems.csv:1: system_ref: verplichte kolom ontbreekt" in lines
    assert "notes.csv:0: -: onbekend bestand in de dataset" in lines
    assert not any(line.startswith("cases.csv:1:") for line in lines)


def test_bom_and_crlf_are_accepted(tmp_path, minimal_files):
    files = dict(minimal_files)
    raw = "\r\n".join(",".join(row) for row in minimal_files["persons.csv"]) + "\r\n"
    files["persons.csv"] = b"\xef\xbb\xbf" + raw.encode()
    call_command("import", str(write_files(tmp_path / "d", files)), verbosity=0)
    assert Person.objects.get(ref="p2").family_name == "'t Hart"


def test_unterminated_quote_is_reported_not_raised(tmp_path, minimal_files, capsys):
    raw = CASES_HEADER + b'c1,p1,topx-west,GM0356,politie,2023-01-05,"accepted,,,,,\n'
    files = dict(minimal_files)
    files["cases.csv"] = raw
    lines = problems_of(write_files(tmp_path / "d", files), capsys)
    assert any(line.startswith("cases.csv:") for line in lines)


def test_empty_file_and_missing_directory(tmp_path, minimal_files, capsys):
    files = dict(minimal_files)
    files["cases.csv"] = b""
    lines = problems_of(write_files(tmp_path / "d", files), capsys)
    assert "cases.csv:1: -: het bestand heeft geen kopregel" in lines
    lines = problems_of(tmp_path / "nowhere", capsys)
    assert lines == ["nowhere:0: -: map bestaat niet"]


@pytest.mark.parametrize("name", ["cases.csv", "notes.csv", "bijlagen"])
def test_a_folder_in_the_dataset_is_a_problem(dataset_dir, capsys, name):
    if (dataset_dir / name).exists():
        (dataset_dir / name).unlink()
    (dataset_dir / name).mkdir()
    lines = service_problems(dataset_dir)
    assert f"{name}:0: -: {NOT_A_FILE}" in lines
    assert not any("verplicht bestand ontbreekt" in line for line in lines)  # it is there, only not a file
    assert f"{name}:0: -: {NOT_A_FILE}" in problems_of(dataset_dir, capsys)


def test_a_named_pipe_and_a_broken_link_are_problems(dataset_dir, capsys):
    (dataset_dir / "persons.csv").unlink()
    os.mkfifo(dataset_dir / "persons.csv")
    (dataset_dir / "systems.csv").unlink()
    (dataset_dir / "systems.csv").symlink_to(dataset_dir / "gone.csv")
    for lines in (service_problems(dataset_dir), problems_of(dataset_dir, capsys)):
        assert f"persons.csv:0: -: {NOT_A_FILE}" in lines
        assert f"systems.csv:0: -: {NOT_A_FILE}" in lines


def test_a_file_that_cannot_be_read_is_a_problem(dataset_dir, monkeypatch, capsys):
    read_bytes = Path.read_bytes

    def refuse_persons(path):
        if path.name == "persons.csv":
            raise PermissionError(13, "Permission denied")
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refuse_persons)
    assert "persons.csv:0: -: bestand kan niet gelezen worden: Permission denied" in service_problems(dataset_dir)
    assert "persons.csv:0: -: bestand kan niet gelezen worden: Permission denied" in problems_of(dataset_dir, capsys)


def test_a_folder_that_cannot_be_read_is_a_problem(dataset_dir, monkeypatch):
    def refuse(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "iterdir", refuse)
    assert service_problems(dataset_dir) == ["dataset:0: -: map kan niet gelezen worden: Permission denied"]


@pytest.mark.parametrize("spelling", ["2024-W01-1", "2024-001", "2024-01-01T00:00", "20240101", "2024-1-01", "2024-01-32"])
def test_only_calendar_dates_are_dates(tmp_path, minimal_files, capsys, spelling):
    minimal_files["persons.csv"][1][4] = spelling
    minimal_files["cases.csv"][1][5] = spelling
    directory = write_files(tmp_path / "d", minimal_files)
    for lines in (service_problems(directory), problems_of(directory, capsys)):
        assert "cases.csv:2: registered_on: geen geldige datum (JJJJ-MM-DD)" in lines
        assert "persons.csv:2: birth_date: geen geldige datum (JJJJ-MM-DD)" in lines


# -- version 2 files: staff, tables, table members, case participants -------------------------------------------------
V2_HEADERS = {
    "staff.csv": b"username,name,organisation,roles\n",
    "tables.csv": b"table_ref,name,approach,district\n",
    "table_members.csv": b"table_ref,organisation,username\n",
    "case_participants.csv": b"case_ref,organisation,since,until\n",
    "signals.csv": b"signal_ref,approach,date,kind,reported_by,municipality,subject_ref,outcome,case_ref\n",
}
V2_HOSTILE = [
    ("staff.csv", b"r.jansen,Ren\xe9e Jansen,politie,\n", "staff.csv:2: -: ongeldige tekencodering"),
    ("staff.csv", b"r.jansen,Jan\x00,politie,\n", "staff.csv:2: -: de regel bevat een NUL-teken"),
    ("staff.csv", b'r.jansen,"=HYPERLINK(""http://example.invalid"")",politie,\n',
     "staff.csv:2: name: waarde lijkt op een spreadsheetformule"),
    ("staff.csv", b"=cmd|' /C calc'!A0,X,politie,\n", "staff.csv:2: username: waarde lijkt op een spreadsheetformule"),
    ("staff.csv", b"r.jansen,X,politie,procesregisseur;;manager\n", "staff.csv:2: roles: onbekende rol ''"),
    ("staff.csv", b"r.jansen,X,politie,superuser\n", "staff.csv:2: roles: onbekende rol 'superuser'"),
    ("staff.csv", b"../../etc/passwd,X,politie,\n", "staff.csv:2: username: geen geldige gebruikersnaam"),
    ("staff.csv", b"r.jansen," + b"A" * 20_000 + b",politie,\n", "staff.csv:2: name: cel is langer dan 10000 tekens"),
    ("tables.csv", b"t1,Tafel\n", "tables.csv:2: -: verwacht 4 kolommen, gevonden 2"),
    ("tables.csv", b"t1,Tafel,topx,Stad,extra\n", "tables.csv:2: -: verwacht 4 kolommen, gevonden 5"),
    ("tables.csv", b"t1,@SUM(A1),topx,\n", "tables.csv:2: name: waarde lijkt op een spreadsheetformule"),
    ("tables.csv", b"t1,Tafel,topx,\nt1,Tafel,topx,\n", "tables.csv:3: table_ref: dubbele waarde"),
    ("table_members.csv", b"t404,politie,\n", "table_members.csv:2: table_ref: onbekende verwijzing 't404'"),
    ("table_members.csv", b"overleg-topx,politie,-2+3\n", "table_members.csv:2: username: waarde lijkt op een spreadsheetformule"),
    ("table_members.csv", b'overleg-topx,"politie\n', "table_members.csv:2: -: onleesbare CSV"),
    ("case_participants.csv", b"c2,politie,2024-W14-1,\n", "case_participants.csv:2: since: geen geldige datum"),
    ("case_participants.csv", b"c2,politie,2024-04-01T00:00,\n", "case_participants.csv:2: since: geen geldige datum"),
    ("case_participants.csv", b"c404,politie,2024-04-01,\n", "case_participants.csv:2: case_ref: 'c404' is geen casus in regie"),
    ("case_participants.csv", b"c2,\tpolitie,2024-04-01,\n", "case_participants.csv:2: organisation: waarde lijkt op een spreadsheetformule"),
    ("signals.csv", b"sg1,topx-west,2024-04-20,melding,politie,,p1,advies,\nsg2,topx-west,2024-04-20,melding,politie,,Z\xf6\xeb,,\n",
     "signals.csv:3: -: ongeldige tekencodering"),
    ("signals.csv", b"sg1,topx-west,2024-04-20,melding,politie,,p1\x00,advies,\n", "signals.csv:2: -: de regel bevat een NUL-teken"),
    ("signals.csv", b"sg1,topx-west,2024-04-20,melding\n", "signals.csv:2: -: verwacht 9 kolommen, gevonden 4"),
    ("signals.csv", b'sg1,topx-west,2024-04-20,melding,politie,,"=HYPERLINK(""http://example.invalid"")",advies,\n',
     "signals.csv:2: subject_ref: waarde lijkt op een spreadsheetformule"),
    ("signals.csv", b"@sg1,topx-west,2024-04-20,melding,politie,,,advies,\n", "signals.csv:2: signal_ref: waarde lijkt op een spreadsheetformule"),
    ("signals.csv", b"sg1,topx-west,2024-04-20,melding,politie,,,advies,+c3\n", "signals.csv:2: case_ref: waarde lijkt op een spreadsheetformule"),
    ("signals.csv", b"sg1,topx-west,2024-04-20,melding,politie,,," + b"a" * 20_000 + b",\n",
     "signals.csv:2: outcome: cel is langer dan 10000 tekens"),
    ("signals.csv", b"s" * 101 + b",topx-west,2024-04-20,melding,politie,,,advies,\n", "signals.csv:2: signal_ref: langer dan 100 tekens"),
    ("signals.csv", b"sg1,topx-west,2024-04-20T09:30,melding,politie,,,advies,\n", "signals.csv:2: date: geen geldige datum"),
    ("signals.csv", b"sg1,topx-west,2024-04-20,melding,politie,,,aanmelding,\n",
     "signals.csv:2: case_ref: case_ref is verplicht bij outcome=aanmelding"),
    ("signals.csv", b"sg1,topx-west,2024-04-20,melding,politie,,111222333,advies,\n",
     "signals.csv:2: subject_ref: onbekende persoon of systeem '111222333'"),
    ("signals.csv", b"sg1,topx-west,2024-04-20,melding,politie,,,advies,c1\nsg2,mda,2024-04-21,melding,politie,,,aanmelding,c1\n",
     "signals.csv:3: case_ref: deze aanmelding komt al voort uit de melding op regel 2"),
    ("signals.csv", b'sg1,topx-west,2024-04-20,"melding\n', "signals.csv:2: -: onleesbare CSV"),
]


@pytest.mark.parametrize(("name", "rows", "expected"), V2_HOSTILE, ids=[f"{n}:{i}" for i, (n, _r, _e) in enumerate(V2_HOSTILE)])
def test_hostile_version_2_files_are_problems(tmp_path, minimal_files, capsys, name, rows, expected):
    files = dict(minimal_files)
    files[name] = V2_HEADERS[name] + rows
    directory = write_files(tmp_path / "d", files)
    lines = problems_of(directory, capsys)
    assert any(line.startswith(expected) for line in lines), lines
    assert any(line.startswith(expected) for line in service_problems(directory))


@pytest.mark.parametrize("column", ["question", "advice", "bsn", "reporter_phone"])
def test_signals_csv_has_no_column_for_free_text_or_a_bsn(tmp_path, minimal_files, capsys, column):
    files = dict(minimal_files)
    files["signals.csv"] = V2_HEADERS["signals.csv"].rstrip(b"\n") + f",{column}\nsg1,mda,2024-01-02,melding,politie,,,advies,,x\n".encode()
    lines = problems_of(write_files(tmp_path / "d", files), capsys)
    assert any(line.startswith(f"signals.csv:1: {column}: onbekende kolom") for line in lines), lines


@pytest.mark.parametrize("column", ["password", "is_superuser", "is_active", "totp_secret"])
def test_staff_csv_cannot_set_a_password_a_superuser_or_an_active_state(tmp_path, minimal_files, capsys, column):
    files = dict(minimal_files)
    files["staff.csv"] = f"username,name,organisation,roles,{column}\nr.jansen,X,politie,,true\n".encode()
    lines = problems_of(write_files(tmp_path / "d", files), capsys)
    assert any(line.startswith(f"staff.csv:1: {column}: onbekende kolom") for line in lines), lines
