"""Interchange version 2: `signals.csv` (meldingen and adviesgesprekken) imports, exports and round-trips.

What lands (a person, a system, a person in a system approach, anonymous, open, led to a registration), that a
second import changes nothing and keeps what the format has no column for, the byte-identical round trip, and
every rule as a row problem that changes nothing.
"""

import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from procesregie.audit.models import AccessLogEntry, Action
from procesregie.casework.models import Registration
from procesregie.signals.models import Signal
from procesregie.subjects.models import Person, System

from .conftest import service_problems, v2_files, write_files
from .test_export import read
from .test_staff_tables_participants import assert_same_files, empty_everything

pytestmark = pytest.mark.django_db

HEADER = ["signal_ref", "approach", "date", "kind", "reported_by", "municipality", "subject_ref", "outcome", "case_ref"]


def signal_rows(today: datetime.date) -> list[list[str]]:
    return [
        HEADER,
        ["sg1", "topx-west", "2024-04-20", "melding", "politie", "GM0356", "p2", "aanmelding", "c3"],
        ["sg2", "topx-west", "2024-10-25", "melding", "gemeente-utrecht", "GM0344", "p3", "aanmelding", "c5"],
        ["sg3", "mda", "2024-05-20", "adviesgesprek", "gemeente-utrecht", "GM0344", "s1", "advies", ""],
        ["sg4", "topx-oost", "2024-06-01", "adviesgesprek", "politie", "", "", "advies", ""],
        ["sg5", "mda", "2024-07-01", "melding", "politie", "GM0344", "p3", "doorverwezen", ""],
        ["sg6", "topx-west", today.isoformat(), "melding", "politie", "", "p1", "", ""],
        ["sg7", "topx-oost", "2024-02-01", "adviesgesprek", "gemeente-utrecht", "GM0344", "", "geen_actie", ""],
    ]


def signal_files(today=None) -> dict:
    today = today or timezone.localdate()
    files = v2_files(today)
    files["signals.csv"] = signal_rows(today)
    return files


@pytest.fixture
def signals_dir(tmp_path) -> Path:
    return write_files(tmp_path / "signals", signal_files())


def run_import(directory) -> None:
    call_command("import", str(directory), verbosity=0)


def export(directory: Path) -> Path:
    call_command("export", str(directory), verbosity=0)
    return directory


def snapshot() -> list[tuple]:
    return sorted(Signal.objects.values_list(
        "id", "ref", "approach__code", "date", "kind", "reported_by__code", "municipality__code", "person__ref",
        "system__ref", "outcome", "registration__ref", "question", "advice", "follow_up_on", "created_at",
    ))


def test_signals_land_with_their_subject_outcome_and_registration(signals_dir):
    run_import(signals_dir)
    signals = {signal.ref: signal for signal in Signal.objects.select_related("registration", "person", "system")}
    assert set(signals) == {"sg1", "sg2", "sg3", "sg4", "sg5", "sg6", "sg7"}
    sg1 = signals["sg1"]
    assert (sg1.approach.code, sg1.date, sg1.kind, sg1.reported_by.code, sg1.municipality.code) == (
        "topx-west", datetime.date(2024, 4, 20), "melding", "politie", "GM0356")
    assert sg1.person.ref == "p2" and sg1.system is None
    assert sg1.outcome == "aanmelding" and sg1.registration.ref == "c3"
    assert Registration.objects.get(ref="c3").signal == sg1  # the link both ways
    assert signals["sg3"].system.ref == "s1" and signals["sg3"].person is None
    assert signals["sg5"].person.ref == "p3", "a person in a system approach is the person"
    anonymous = signals["sg4"]
    assert anonymous.is_anonymous and anonymous.municipality is None and anonymous.registration is None
    assert signals["sg6"].outcome == "" and signals["sg6"].date == timezone.localdate(), "empty outcome: open"


def test_a_ref_that_is_both_a_person_and_a_system_is_read_by_the_approachs_unit(tmp_path):
    files = signal_files()
    files["persons.csv"].append(["s1", "", "Kees", "Dubbel", "", ""])
    files["signals.csv"] += [
        ["sg8", "topx-west", "2024-03-01", "melding", "politie", "", "s1", "advies", ""],
        ["sg9", "mda", "2024-03-01", "melding", "politie", "", "s1", "advies", ""],
    ]
    run_import(write_files(tmp_path / "d", files))
    assert Signal.objects.get(ref="sg8").person.family_name == "Dubbel"
    assert Signal.objects.get(ref="sg9").system.name == "Gezin Jansen"


def test_reimport_changes_nothing_and_keeps_what_the_format_has_no_column_for(signals_dir):
    run_import(signals_dir)
    Signal.objects.filter(ref="sg3").update(question="Zorgen over het gezin", advice="Bel de wijkagent",
                                            follow_up_on=datetime.date(2024, 6, 1))
    before = snapshot()
    run_import(signals_dir)
    assert snapshot() == before
    assert Signal.objects.get(ref="sg3").advice == "Bel de wijkagent"


def test_a_changed_row_updates_the_signal(signals_dir, tmp_path):
    run_import(signals_dir)
    files = signal_files()
    files["signals.csv"][6][7] = "geen_actie"  # sg6 handled since
    files["signals.csv"][3][3] = "melding"  # sg3 was a melding after all (its subject stays: see test_signal_subjects)
    run_import(write_files(tmp_path / "changed", files))
    assert Signal.objects.get(ref="sg6").outcome == "geen_actie"
    assert Signal.objects.get(ref="sg3").kind == "melding"


def test_signals_can_swap_the_registrations_they_led_to(tmp_path):
    """Two signals about the same person (a signal is about its registration's subject) swap their registrations."""
    files = signal_files()
    files["cases.csv"].append(["c6", "p2", "topx-west", "GM0356", "politie", "2024-10-01", "", "", "", "", "", "",
                               "", "", ""])
    files["signals.csv"][2][6:] = ["p2", "aanmelding", "c6"]  # sg2, about p2 as well
    run_import(write_files(tmp_path / "first", files))
    files["signals.csv"][1][8], files["signals.csv"][2][8] = "c6", "c3"
    run_import(write_files(tmp_path / "swapped", files))
    assert Signal.objects.get(ref="sg1").registration.ref == "c6"
    assert Signal.objects.get(ref="sg2").registration.ref == "c3"


def test_round_trip_gives_byte_identical_files(signals_dir, tmp_path):
    run_import(signals_dir)
    first = export(tmp_path / "first")
    assert read(first)["signals.csv"] == signal_rows(timezone.localdate()), "the dataset's rows, in signal_ref order"
    run_import(first)  # into the same installation: nothing changes
    assert_same_files(first, export(tmp_path / "second"))
    empty_everything()
    assert not Signal.objects.exists()
    run_import(first)  # into an empty one
    assert_same_files(first, export(tmp_path / "third"))


def test_formula_like_cells_are_escaped_on_export_and_restored_on_import(signals_dir, tmp_path):
    run_import(signals_dir)
    Signal.objects.filter(ref="sg4").update(ref="@sg4")
    Person.objects.filter(ref="p3").update(ref="=p3")
    System.objects.filter(ref="s1").update(ref="+s1")
    rows = {row[0]: row for row in read(export(tmp_path / "out"))["signals.csv"]}
    assert "'@sg4" in rows and rows["sg5"][6] == "'=p3" and rows["sg3"][6] == "'+s1"
    empty_everything()
    run_import(tmp_path / "out")
    assert Signal.objects.get(ref="@sg4").is_anonymous
    assert Signal.objects.get(ref="sg5").person.ref == "=p3" and Signal.objects.get(ref="sg3").system.ref == "+s1"


def test_export_leaves_out_signals_csv_without_signals(v2_dir, tmp_path):
    run_import(v2_dir)
    out = tmp_path / "out"
    out.mkdir()
    (out / "signals.csv").write_text("stale\n")
    assert "signals.csv" not in {path.name for path in export(out).iterdir()}


def test_the_import_logs_the_subjects_of_its_signals(tmp_path):
    files = signal_files()
    run_import(write_files(tmp_path / "first", files))
    # A second dataset that names a stored person only in signals.csv: that person is still logged.
    second = {"approaches.csv": files["approaches.csv"], "cases.csv": [files["cases.csv"][0], files["cases.csv"][4]]}
    assert files["cases.csv"][4][:2] == ["c4", "s1"]  # a case of the system only
    second["signals.csv"] = [HEADER, ["sg10", "topx-oost", "2024-02-01", "melding", "politie", "", "p2", "advies", ""]]
    before = AccessLogEntry.objects.count()
    run_import(write_files(tmp_path / "second", second))
    logged = AccessLogEntry.objects.order_by("sequence")[before:]
    p2 = Person.objects.get(ref="p2")
    assert any(entry.action == Action.UPDATE and entry.subject_key == p2.subject_key for entry in logged)


def test_a_registration_held_by_a_stored_signal_cannot_be_taken_by_another(signals_dir, tmp_path):
    run_import(signals_dir)
    files = {name: signal_files()[name] for name in ("approaches.csv", "cases.csv")}
    files["signals.csv"] = [HEADER, ["sg20", "topx-west", "2024-04-21", "melding", "politie", "", "", "aanmelding", "c3"]]
    lines = service_problems(write_files(tmp_path / "d", files))
    assert "signals.csv:2: case_ref: deze aanmelding komt al voort uit melding 'sg1'" in lines
    assert not Signal.objects.filter(ref="sg20").exists()


TOMORROW = "tomorrow"
# (name, data row or None to append, column → value, expected "file:line: column", part of the message)
RULES = [
    ("unknown approach", 1, {"approach": "nope"}, "signals.csv:2: approach", "onbekende verwijzing 'nope'"),
    ("unknown reporter", 1, {"reported_by": "nergens"}, "signals.csv:2: reported_by", "onbekende verwijzing 'nergens'"),
    ("unknown municipality", 1, {"municipality": "GM9999"}, "signals.csv:2: municipality", "onbekende verwijzing"),
    ("unknown subject", 3, {"subject_ref": "p404"}, "signals.csv:4: subject_ref", "onbekende persoon of systeem 'p404'"),
    ("aanmelding without case_ref", 4, {"outcome": "aanmelding"}, "signals.csv:5: case_ref",
     "case_ref is verplicht bij outcome=aanmelding"),
    ("unknown registration", 1, {"case_ref": "c404"}, "signals.csv:2: case_ref", "onbekende aanmelding 'c404'"),
    ("two signals, one registration", 2, {"case_ref": "c3"}, "signals.csv:3: case_ref",
     "deze aanmelding komt al voort uit de melding op regel 2"),
    ("unknown kind", 1, {"kind": "tip"}, "signals.csv:2: kind", "onbekende waarde; toegestaan: melding, adviesgesprek"),
    ("unknown outcome", 1, {"outcome": "opgelost"}, "signals.csv:2: outcome",
     "onbekende waarde; toegestaan: advies, doorverwezen, aanmelding, geen_actie"),
    ("date tomorrow", 6, {"date": TOMORROW}, "signals.csv:7: date", "datum ligt na de dag van de import"),
    ("week date", 1, {"date": "2024-W16-6"}, "signals.csv:2: date", "geen geldige datum"),
    ("no date", 1, {"date": ""}, "signals.csv:2: date", "waarde is verplicht"),
    ("no reporter", 1, {"reported_by": ""}, "signals.csv:2: reported_by", "waarde is verplicht"),
    ("duplicate ref", None, {"signal_ref": "sg1", "approach": "mda", "date": "2024-01-02", "kind": "melding",
                             "reported_by": "politie", "municipality": "", "subject_ref": "", "outcome": "",
                             "case_ref": ""}, "signals.csv:9: signal_ref", "dubbele waarde; eerder gebruikt op regel 2"),
]


@pytest.mark.parametrize(("name", "row", "changes", "prefix", "message"), RULES, ids=[rule[0] for rule in RULES])
def test_rules_are_row_problems_and_change_nothing(tmp_path, name, row, changes, prefix, message):
    files = signal_files()
    rows = files["signals.csv"]
    if row is None:
        rows.append([changes[column] for column in HEADER])
    else:
        for column, value in changes.items():
            if value == TOMORROW:
                value = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
            rows[row][HEADER.index(column)] = value
    directory = write_files(tmp_path / "d", files)
    lines = service_problems(directory)
    assert any(line.startswith(prefix + ": ") and message in line for line in lines), lines
    with pytest.raises(CommandError, match="nothing was imported"):
        run_import(directory)
    assert not Signal.objects.exists() and not Registration.objects.exists()
