"""Import of interchange datasets: what lands, what is refused, and that a refusal changes nothing."""

import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from procesregie.casework.models import Case, Registration
from procesregie.meetings.models import Discussion, Meeting
from procesregie.monitoring.models import Measurement
from procesregie.subjects.models import Person, PoliceRegistration, SystemMember

from .conftest import service_problems, write_files

pytestmark = pytest.mark.django_db


def run_import(directory, **kwargs):
    call_command("import", str(directory), verbosity=0, **kwargs)


def import_problems(directory, capsys) -> list[str]:
    """Import a dataset that must be refused; return the problem lines printed."""
    with pytest.raises(CommandError, match="nothing was imported"):
        run_import(directory)
    return [line for line in capsys.readouterr().err.splitlines() if line.strip()]


def snapshot() -> dict:
    return {
        "registrations": sorted(Registration.objects.values_list("ref", "status", "triage_on")),
        "cases": sorted(Case.objects.values_list("registration__ref", "start_date", "end_date", "end_reason__code")),
        "persons": sorted(Person.objects.values_list("ref", "bsn", "family_name")),
        "discussions": sorted(Discussion.objects.values_list("id", "meeting__ref", "case_id")),
        "measurements": sorted(Measurement.objects.values_list("id", "case_id", "level")),
        "members": sorted(SystemMember.objects.values_list("id", "person__ref", "role")),
        "police": sorted(PoliceRegistration.objects.values_list("id", "person__ref", "date")),
    }


def test_minimal_dataset_lands_with_its_lifecycle(dataset_dir):
    run_import(dataset_dir)
    c1 = Case.objects.get(registration__ref="c1")
    c2 = Case.objects.get(registration__ref="c2")
    assert c1.status == "closed" and c1.end_reason.code == "overdracht_intern"
    assert c2.transferred_from == c1 and c2.status == "in_regie"
    assert Registration.objects.get(ref="c3").status == "declined"
    assert not Case.objects.filter(registration__ref="c3").exists()
    assert Registration.objects.get(ref="c5").status == "pending"
    assert Registration.objects.get(ref="c4").system.name == "Gezin Jansen"
    assert Person.objects.get(ref="p2").family_name == "'t Hart"  # an apostrophe that is not an escape stays
    assert Meeting.objects.count() == 2 and Discussion.objects.count() == 3
    assert list(Measurement.objects.filter(case__registration__ref="c4").values_list("level", flat=True)) == [2, 4, 5]
    assert PoliceRegistration.objects.count() == 2  # two registrations on one day are two
    assert Discussion.objects.get(meeting__ref="m2").expert_present is False


def test_reimport_of_the_same_dataset_changes_nothing(dataset_dir):
    run_import(dataset_dir)
    before = snapshot()
    run_import(dataset_dir)
    assert snapshot() == before  # same rows, same ids: nothing was deleted and re-created


def test_reimport_with_a_changed_row_updates_only_that(dataset_dir, minimal_files):
    run_import(dataset_dir)
    untouched = list(Measurement.objects.filter(case__registration__ref="c4").values_list("id", flat=True))
    minimal_files["cases.csv"][4][8:11] = ["2024-11-01", "2025-01-31", "negatief"]  # c4: a new end
    minimal_files["discussions.csv"].append(["m3", "2024-08-01", "c2", "true", "true"])
    write_files(dataset_dir, minimal_files)
    run_import(dataset_dir)
    c4 = Case.objects.get(registration__ref="c4")
    assert (str(c4.start_date), str(c4.end_date), c4.end_reason.code) == ("2024-11-01", "2025-01-31", "negatief")
    assert list(Measurement.objects.filter(case=c4).values_list("id", flat=True)) == untouched
    assert Discussion.objects.filter(case__registration__ref="c2").count() == 1


def test_only_approaches_and_cases_are_required(tmp_path, minimal_files, reference_data):
    write_files(tmp_path / "full", minimal_files)
    run_import(tmp_path / "full")
    minimal_files["cases.csv"].append(
        ["c9", "p2", "topx-west", "GM0356", "politie", "2025-01-02", "", "", "", "", "", ""]
    )
    small = {name: minimal_files[name] for name in ("approaches.csv", "cases.csv")}
    write_files(tmp_path / "small", small)
    run_import(tmp_path / "small")  # persons, municipalities, organisations resolve against the installation
    assert Registration.objects.get(ref="c9").person.ref == "p2"


@pytest.mark.parametrize("missing", ["approaches.csv", "cases.csv"])
def test_a_required_file_missing_is_refused(tmp_path, minimal_files, capsys, missing):
    del minimal_files[missing]
    lines = import_problems(write_files(tmp_path / "d", minimal_files), capsys)
    assert f"{missing}:0: -: verplicht bestand ontbreekt" in lines


def test_one_bad_row_changes_nothing_and_every_problem_is_reported(dataset_dir, minimal_files, capsys):
    run_import(dataset_dir)
    before = snapshot()
    minimal_files["cases.csv"][1][9] = "2023-01-01"  # c1 ends before it starts
    minimal_files["measurements.csv"][1][4] = "7"
    minimal_files["persons.csv"].append(["p9", "123456789", "Nieuw", "Persoon", "", ""])  # fails the 11-proef
    write_files(dataset_dir, minimal_files)
    lines = import_problems(dataset_dir, capsys)
    assert "cases.csv:2: end_date: end_date ligt voor start_date" in lines
    assert "measurements.csv:2: level: niveau moet 1 tot en met 5 zijn" in lines
    assert any(line.startswith("persons.csv:5: bsn: ") for line in lines)
    assert snapshot() == before
    assert not Person.objects.filter(ref="p9").exists()


def test_problems_can_be_written_as_csv(dataset_dir, minimal_files, tmp_path, capsys):
    minimal_files["cases.csv"][1][2] = "onbekend"
    write_files(dataset_dir, minimal_files)
    with pytest.raises(CommandError):
        run_import(dataset_dir, errors_csv=tmp_path / "problems.csv")
    content = (tmp_path / "problems.csv").read_text(encoding="utf-8").splitlines()
    assert content[0] == "file,line,column,message"
    assert "cases.csv,2,approach,onbekende verwijzing 'onbekend'" in content


CASE_RULES = [
    # (column index in cases.csv row, value, row index, expected "file:line: column" prefix, message part)
    ("start requires accepted", 2, {6: "declined"}, "cases.csv:3: start_date", "triage_decision=accepted"),
    ("end requires start", 4, {8: "", 6: "accepted"}, "cases.csv:5: end_date", "vereist een start_date"),
    ("end requires reason", 4, {10: ""}, "cases.csv:5: end_reason", "vereist een end_reason"),
    ("reason requires end", 2, {10: "positief"}, "cases.csv:3: end_reason", "zonder end_date"),
    ("end before start", 4, {9: "2024-06-01"}, "cases.csv:5: end_date", "voor start_date"),
    ("transfer source not internal", 2, {11: "c4"}, "cases.csv:3: transferred_from", "overdracht_intern"),
    ("transfer source unknown", 2, {11: "c99"}, "cases.csv:3: transferred_from", "onbekende casus"),
    ("unit mismatch person in system approach", 4, {1: "p1"}, "cases.csv:5: subject_ref", "werkt met systemen"),
    ("unit mismatch system in person approach", 1, {1: "s1"}, "cases.csv:2: subject_ref", "werkt met personen"),
    ("unknown subject", 1, {1: "p404"}, "cases.csv:2: subject_ref", "onbekende persoon"),
    ("unknown reporter", 1, {4: "nobody"}, "cases.csv:2: reported_by", "onbekende verwijzing"),
    ("unknown municipality", 1, {3: "GM9999"}, "cases.csv:2: municipality", "onbekende verwijzing"),
    ("unknown end reason", 4, {10: "vertrokken"}, "cases.csv:5: end_reason", "onbekende verwijzing"),
    ("triage date without decision", 5, {7: "2024-11-02"}, "cases.csv:6: triage_on", "vereist een triage_decision"),
    ("bad date", 1, {5: "05-01-2023"}, "cases.csv:2: registered_on", "geen geldige datum"),
    ("week date", 1, {5: "2024-W01-1"}, "cases.csv:2: registered_on", "geen geldige datum"),
    ("transfer starts before its source ends", 2, {5: "2024-03-30", 7: "2024-03-30", 8: "2024-03-30"},
     "cases.csv:3: transferred_from", "eindigt op 2024-03-31, na de start_date van deze casus"),
    ("transfer within one approach", 2, {2: "topx-west"}, "cases.csv:3: transferred_from", "dezelfde aanpak"),
    ("bad decision", 1, {6: "maybe"}, "cases.csv:2: triage_decision", "onbekende waarde"),
]


@pytest.mark.parametrize(("name", "row", "changes", "prefix", "message"), CASE_RULES, ids=[rule[0] for rule in CASE_RULES])
def test_case_consistency_rules(tmp_path, minimal_files, capsys, name, row, changes, prefix, message):
    for column, value in changes.items():
        minimal_files["cases.csv"][row][column] = value
    directory = write_files(tmp_path / "d", minimal_files)
    for lines in (import_problems(directory, capsys), service_problems(directory)):
        assert any(line.startswith(prefix + ": ") and message in line for line in lines), lines
    assert Registration.objects.count() == 0


def test_two_continuations_of_one_case_are_refused(tmp_path, minimal_files, capsys):
    minimal_files["cases.csv"].append(
        ["c6", "p1", "topx", "GM0344", "politie", "2024-04-01", "accepted", "2024-04-01", "2024-04-01", "", "", "c1"]
    )
    lines = import_problems(write_files(tmp_path / "d", minimal_files), capsys)
    assert any(line.startswith("cases.csv:7: transferred_from:") for line in lines)


def test_rows_under_a_registration_without_trajectory_are_refused(tmp_path, minimal_files, capsys):
    minimal_files["measurements.csv"].append(["c3", "2024-06-01", "nulmeting", "huisvesting", "3"])
    lines = import_problems(write_files(tmp_path / "d", minimal_files), capsys)
    assert any(line.startswith("measurements.csv:5: case_ref:") and "geen casus in regie" in line for line in lines)


def test_approach_parent_cycle_is_refused(tmp_path, minimal_files, capsys):
    minimal_files["approaches.csv"][1][4] = "topx-west"  # topx → topx-west → topx
    lines = import_problems(write_files(tmp_path / "d", minimal_files), capsys)
    assert any(line.startswith("approaches.csv:") and "kring" in line for line in lines)


def test_duplicate_bsn_within_dataset_and_against_installation(tmp_path, minimal_files, capsys):
    minimal_files["persons.csv"][2][1] = "111222333"
    lines = import_problems(write_files(tmp_path / "a", minimal_files), capsys)
    assert any(line.startswith("persons.csv:3: bsn: ") for line in lines)
    minimal_files["persons.csv"][2][1] = ""
    run_import(write_files(tmp_path / "b", minimal_files))
    other = {"approaches.csv": minimal_files["approaches.csv"], "cases.csv": minimal_files["cases.csv"][:1],
             "persons.csv": [minimal_files["persons.csv"][0], ["p-new", "111 222 333", "X", "Y", "", ""]]}
    lines = import_problems(write_files(tmp_path / "c", other), capsys)
    assert lines[0] == "persons.csv:2: bsn: dit BSN is al geregistreerd bij een andere persoon"


def test_bsn_is_stored_normalised(tmp_path, minimal_files):
    minimal_files["persons.csv"][1][1] = "1112.22.333"
    run_import(write_files(tmp_path / "d", minimal_files))
    assert Person.objects.get(ref="p1").bsn == "111222333"


def test_a_transfer_may_start_on_the_day_its_source_ends(dataset_dir):
    run_import(dataset_dir)  # the minimal dataset: c1 ends on 2024-03-31, c2 continues it from that day
    assert Case.objects.get(registration__ref="c2").start_date == Case.objects.get(registration__ref="c1").end_date


def test_a_transfer_from_a_stored_case_starts_on_or_after_its_end(tmp_path, minimal_files, capsys):
    run_import(write_files(tmp_path / "first", minimal_files))
    header, c1, c2 = (minimal_files["cases.csv"][index] for index in (0, 1, 2))
    c2[5] = c2[7] = c2[8] = "2024-03-30"
    lines = import_problems(write_files(tmp_path / "second", {"approaches.csv": minimal_files["approaches.csv"],
                                                              "cases.csv": [header, c2]}), capsys)
    assert lines == ["cases.csv:2: transferred_from: de genoemde casus eindigt op 2024-03-31, na de start_date van deze casus"]
    assert Case.objects.get(registration__ref="c2").start_date == datetime.date(2024, 3, 31)  # unchanged


# Every date of something that happened, per file: (file, data row, column).
HAPPENED = [
    ("cases.csv", 1, "registered_on"), ("cases.csv", 1, "triage_on"), ("cases.csv", 2, "start_date"),
    ("cases.csv", 4, "end_date"), ("discussions.csv", 3, "date"), ("measurements.csv", 1, "date"),
    ("case_interventions.csv", 1, "agreed_on"), ("police_registrations.csv", 1, "date"),
]


def set_cell(files: dict, name: str, row: int, column: str, value: str) -> None:
    files[name][row][files[name][0].index(column)] = value


@pytest.mark.parametrize(("name", "row", "column"), HAPPENED, ids=[f"{n}:{c}" for n, _r, c in HAPPENED])
def test_no_date_after_the_day_of_the_import(tmp_path, minimal_files, capsys, name, row, column):
    today = timezone.localdate()
    set_cell(minimal_files, name, row, column, (today + datetime.timedelta(days=1)).isoformat())
    directory = write_files(tmp_path / "d", minimal_files)
    expected = [f"{name}:{row + 1}: {column}: datum ligt na de dag van de import ({today.isoformat()})"]
    assert service_problems(directory) == expected
    assert import_problems(directory, capsys) == expected
    assert Registration.objects.count() == 0


def test_every_date_may_be_the_day_of_the_import(tmp_path, minimal_files):
    today = timezone.localdate().isoformat()
    for name, row, column in HAPPENED:
        set_cell(minimal_files, name, row, column, today)
    run_import(write_files(tmp_path / "d", minimal_files))
    assert str(Registration.objects.get(ref="c1").registered_on) == today


def test_errors_csv_that_cannot_be_written_is_refused_before_the_import(dataset_dir, tmp_path, capsys):
    for target, reason in [(tmp_path / "typo" / "problems.csv", "does not exist"),
                           (tmp_path, "cannot be written (Is a directory)"),
                           (dataset_dir / "problems.csv", "not inside the dataset folder")]:
        with pytest.raises(CommandError, match="nothing was imported") as refused:
            run_import(dataset_dir, errors_csv=target)  # a valid dataset
        assert reason in str(refused.value)
        assert Registration.objects.count() == 0 and capsys.readouterr().err == ""
    assert not (tmp_path / "typo").exists() and not (dataset_dir / "problems.csv").exists()


def test_errors_csv_of_a_clean_import_holds_only_the_header(dataset_dir, tmp_path):
    target = tmp_path / "problems.csv"
    target.write_text("file,line,column,message\ncases.csv,2,approach,stale problem of an earlier run\n")
    run_import(dataset_dir, errors_csv=target)
    assert target.read_text(encoding="utf-8") == "file,line,column,message\n"
    assert Registration.objects.filter(ref="c1").exists()
