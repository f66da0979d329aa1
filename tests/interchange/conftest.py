import csv
import datetime
from pathlib import Path

import pytest

from procesregie.interchange.problems import DatasetInvalid
from procesregie.interchange.services import dataset_import

MINIMAL = {
    "approaches.csv": [
        ["code", "name", "unit", "duration_scheme", "parent"],
        ["topx", "Top X", "person", "years", ""],
        ["topx-west", "Top X West", "person", "years", "topx"],
        ["topx-oost", "Top X Oost", "person", "years", "topx"],
        ["mda", "MDA++", "system", "years", ""],
    ],
    "municipalities.csv": [["code", "name", "district"], ["GM0344", "Utrecht", "Stad"], ["GM0356", "Nieuwegein", "West"]],
    "organisations.csv": [
        ["code", "name", "kind", "wgs_participant"],
        ["politie", "Politie", "politie", "publiek"],
        ["gemeente-utrecht", "Gemeente Utrecht", "gemeente", ""],
    ],
    "domains.csv": [["code", "name"], ["huisvesting", "Huisvesting"], ["financien", "Financiën"]],
    "interventions.csv": [["code", "name"], ["fact", "FACT"]],
    "persons.csv": [
        ["person_ref", "bsn", "given_name", "family_name", "birth_date", "municipality"],
        ["p1", "111222333", "Jan", "de Vries", "1990-02-03", "GM0344"],
        ["p2", "", "Fatima", "'t Hart", "", "GM0356"],
        ["p3", "", "Piet", "Jansen", "2008-07-01", ""],
    ],
    "systems.csv": [["system_ref", "name", "municipality"], ["s1", "Gezin Jansen", "GM0344"]],
    "system_members.csv": [["system_ref", "person_ref", "role"], ["s1", "p3", "kind"], ["s1", "p2", "ouder"]],
    "cases.csv": [
        ["case_ref", "subject_ref", "approach", "municipality", "reported_by", "registered_on", "triage_decision",
         "triage_on", "start_date", "end_date", "end_reason", "transferred_from"],
        ["c1", "p1", "topx-west", "GM0356", "politie", "2023-01-05", "accepted", "2023-01-20", "2023-02-01",
         "2024-03-31", "overdracht_intern", ""],
        ["c2", "p1", "topx-oost", "GM0344", "politie", "2024-03-31", "accepted", "2024-03-31", "2024-03-31", "", "", "c1"],
        ["c3", "p2", "topx-west", "GM0356", "gemeente-utrecht", "2024-05-01", "declined", "2024-05-10", "", "", "", ""],
        ["c4", "s1", "mda", "GM0344", "gemeente-utrecht", "2024-06-01", "accepted", "2024-06-02", "2024-06-02",
         "2024-12-31", "positief", ""],
        ["c5", "p3", "topx-west", "GM0344", "politie", "2024-11-01", "", "", "", "", "", ""],
    ],
    "discussions.csv": [
        ["meeting_ref", "date", "case_ref", "client_present", "expert_present"],
        ["m1", "2024-02-01", "c1", "true", "false"],
        ["m1", "2024-02-01", "c4", "false", "true"],
        ["m2", "2024-07-01", "c4", "false", ""],
    ],
    "measurements.csv": [
        ["case_ref", "date", "kind", "domain", "level"],
        ["c4", "2024-06-02", "nulmeting", "huisvesting", "2"],
        ["c4", "2024-12-31", "eindmeting", "huisvesting", "4"],
        ["c4", "2024-12-31", "eindmeting", "huisvesting", "5"],
    ],
    "case_interventions.csv": [
        ["case_ref", "intervention", "organisation", "agreed_on", "status"],
        ["c2", "fact", "gemeente-utrecht", "2024-04-02", "running"],
    ],
    "police_registrations.csv": [["person_ref", "date", "kind"], ["p1", "2022-12-01", "misdrijf"], ["p1", "2022-12-01", "misdrijf"]],
}


def write_files(directory: Path, files: dict) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, rows in files.items():
        if isinstance(rows, bytes):
            (directory / name).write_bytes(rows)
            continue
        with (directory / name).open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
    return directory


@pytest.fixture
def minimal_files():
    return {name: [list(row) for row in rows] for name, rows in MINIMAL.items()}


@pytest.fixture
def dataset_dir(tmp_path, minimal_files):
    return write_files(tmp_path / "dataset", minimal_files)


def service_problems(directory: Path) -> list[str]:
    """Import through the service a dataset that must be refused; return its problems as printed."""
    with pytest.raises(DatasetInvalid) as refused:
        dataset_import(actor=None, directory=directory)
    return [str(problem) for problem in refused.value.problems.sorted()]


def v2_files(today) -> dict:
    """The minimal dataset with every file and column of version 2: staff (names with accents, roles out of
    order), tables with and without a district, members with and without a named person, cases with a table,
    without one (the approach's default), with a regisseur and a case holder, participants that ended, that end
    in the future, and an organisation that took part twice; an intervention due in the future."""
    files = {name: [list(row) for row in rows] for name, rows in MINIMAL.items()}
    files["organisations.csv"] += [["zvh", "Zorg- en Veiligheidshuis Utrecht", "zvh", "publiek"],
                                   ["reclassering", "Reclassering Nederland", "reclassering", ""]]
    files["staff.csv"] = [
        ["username", "name", "organisation", "roles"],
        ["r.jansen", "Renée Jansen", "zvh", "procesregisseur"],
        ["r.ozturk", "Rüya van Öztürk", "zvh", "manager;procesregisseur"],
        ["a.muller", "Agnès Müller", "politie", "ketenpartner"],
        ["b.beheer", "Bé", "zvh", "functional_admin; privacy_officer"],
        ["g.zonderrol", "Geen Rol", "gemeente-utrecht", ""],
    ]
    files["tables.csv"] = [
        ["table_ref", "name", "approach", "district"],
        ["tafel-west", "Casusoverleg Top X West – Zuidoost", "topx-west", "Stad"],
        ["tafel-oost", "Casusoverleg Top X Oost", "topx-oost", ""],
        ["tafel-mda", "MDA++ Stad", "mda", "West"],
    ]
    files["table_members.csv"] = [
        ["table_ref", "organisation", "username"],
        ["tafel-west", "zvh", "r.jansen"],
        ["tafel-west", "politie", "a.muller"],
        ["tafel-west", "gemeente-utrecht", ""],
        ["tafel-oost", "zvh", "r.ozturk"],
        ["tafel-mda", "zvh", "r.ozturk"],
        ["tafel-mda", "reclassering", ""],
    ]
    header = files["cases.csv"][0]
    header += ["table", "regisseur", "case_holder"]
    extra = {"c1": ["tafel-west", "r.jansen", "politie"], "c2": ["", "r.ozturk", "gemeente-utrecht"],
             "c3": ["", "", ""], "c4": ["tafel-mda", "r.ozturk", ""], "c5": ["", "", ""]}
    for row in files["cases.csv"][1:]:
        row += extra[row[0]]
    later = today + datetime.timedelta(days=30)
    files["case_participants.csv"] = [
        ["case_ref", "organisation", "since", "until"],
        ["c2", "politie", "2024-03-31", ""],
        ["c2", "gemeente-utrecht", "2024-04-01", later.isoformat()],
        ["c1", "politie", "2023-02-01", "2024-03-31"],
        ["c4", "reclassering", "2024-09-01", ""],
        ["c4", "reclassering", "2024-06-02", "2024-08-01"],
    ]
    files["case_interventions.csv"][0].append("due_date")
    files["case_interventions.csv"][1].append("2027-01-01")
    return files


@pytest.fixture
def v2_dir(tmp_path):
    from django.utils import timezone

    return write_files(tmp_path / "v2", v2_files(timezone.localdate()))
