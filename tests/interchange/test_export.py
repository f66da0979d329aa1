"""Export: the whole installation in the interchange format, lossless and safe to open in a spreadsheet."""

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from procesregie.accounts.models import Organisation
from procesregie.casework.models import Case, Registration
from procesregie.meetings.models import Discussion, Meeting
from procesregie.monitoring.models import Measurement
from procesregie.plans.models import CaseIntervention
from procesregie.reference.models import Approach, Intervention, LifeDomain, Municipality, Table
from procesregie.signals.models import Signal
from procesregie.subjects.models import Person, PoliceRegistration, System, SystemMember

from .conftest import MINIMAL

pytestmark = pytest.mark.django_db

ALL_MODELS = [Signal, Discussion, Meeting, Measurement, CaseIntervention, PoliceRegistration, SystemMember]


def read(directory: Path) -> dict[str, list[list[str]]]:
    return {
        path.name: list(csv.reader(path.open(encoding="utf-8", newline="")))
        for path in sorted(directory.glob("*.csv"))
    }


def empty_installation() -> None:
    for model in ALL_MODELS:
        model.objects.all().delete()
    Case.objects.filter(transferred_from__isnull=False).delete()
    Case.objects.all().delete()
    Registration.objects.all().delete()
    Table.objects.all().delete()
    Approach.objects.filter(parent__isnull=False).delete()
    for model in (System, Person, Approach, LifeDomain, Intervention, Organisation, Municipality):
        model.objects.all().delete()


def as_rows(files: dict, name: str, columns: list[str] | None = None) -> list[dict]:
    """The rows of a file as dicts, sorted; only `columns` (e.g. those of a version 1 source) when given."""
    header, *rows = files[name]
    rows = (dict(zip(header, row, strict=True)) for row in rows)
    if columns is not None:
        rows = ({column: row[column] for column in columns} for row in rows)
    return sorted(rows, key=lambda r: sorted(r.items()))


def test_import_export_import_round_trip_is_equal(dataset_dir, tmp_path):
    call_command("import", str(dataset_dir), verbosity=0)
    call_command("export", str(tmp_path / "first"), verbosity=0)
    first = read(tmp_path / "first")
    # Every row of the source dataset comes back (same values; booleans written out, order may differ).
    source = read(dataset_dir)
    for name in ("cases.csv", "persons.csv", "measurements.csv", "case_interventions.csv", "police_registrations.csv"):
        assert as_rows(first, name, source[name][0]) == as_rows(source, name), name
    discussions = as_rows(first, "discussions.csv")
    assert {"meeting_ref": "m2", "date": "2024-07-01", "case_ref": "c4", "client_present": "false",
            "expert_present": "false"} in discussions and len(discussions) == 3
    empty_installation()
    call_command("import", str(tmp_path / "first"), verbosity=0)
    call_command("export", str(tmp_path / "second"), verbosity=0)
    assert read(tmp_path / "second") == first


def test_export_writes_every_file_of_the_format(tmp_path, reference_data):
    call_command("export", str(tmp_path / "out"), verbosity=0)
    names = {path.name for path in (tmp_path / "out").glob("*.csv")}
    # Every file of version 1 (the minimal dataset has them all), even empty; of version 2's only those that hold
    # data: the default tables of the reference data's approaches, no staff, table members or participants.
    assert names == set(MINIMAL) | {"tables.csv"}
    assert read(tmp_path / "out")["cases.csv"][0][0] == "case_ref"


def test_formula_like_values_are_escaped_on_export_and_restored_on_import(dataset_dir, tmp_path):
    call_command("import", str(dataset_dir), verbosity=0)
    hostile = '=HYPERLINK("http://example.invalid","klik")'
    Person.objects.filter(ref="p1").update(given_name=hostile, family_name="'=already quoted")
    System.objects.filter(ref="s1").update(name="@SUM(1)")
    call_command("export", str(tmp_path / "out"), verbosity=0)
    persons = {row[0]: row for row in read(tmp_path / "out")["persons.csv"]}
    assert persons["p1"][2] == "'" + hostile
    assert persons["p1"][3] == "''=already quoted"
    assert persons["p2"][3] == "'t Hart"
    assert read(tmp_path / "out")["systems.csv"][1][1] == "'@SUM(1)"
    empty_installation()
    call_command("import", str(tmp_path / "out"), verbosity=0)
    person = Person.objects.get(ref="p1")
    assert (person.given_name, person.family_name) == (hostile, "'=already quoted")
    assert System.objects.get(ref="s1").name == "@SUM(1)"
