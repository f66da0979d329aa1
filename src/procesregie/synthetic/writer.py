"""Streaming writer for the files of an interchange dataset (shared/spec/interchange.md): the version 1 files as
they are generated; `version2` adds the rest."""

import csv
import datetime
from pathlib import Path

from .region import Region

# File → columns, in the order of the spec's tables.
COLUMNS: dict[str, list[str]] = {
    "municipalities.csv": ["code", "name", "district"],
    "organisations.csv": ["code", "name", "kind", "wgs_participant"],
    "approaches.csv": ["code", "name", "unit", "duration_scheme", "parent"],
    "domains.csv": ["code", "name"],
    "interventions.csv": ["code", "name"],
    "persons.csv": ["person_ref", "bsn", "given_name", "family_name", "birth_date", "municipality"],
    "systems.csv": ["system_ref", "name", "municipality"],
    "system_members.csv": ["system_ref", "person_ref", "role"],
    "cases.csv": [
        "case_ref", "subject_ref", "approach", "municipality", "reported_by", "registered_on",
        "triage_decision", "triage_on", "start_date", "end_date", "end_reason", "transferred_from",
    ],
    "discussions.csv": ["meeting_ref", "date", "case_ref", "client_present", "expert_present"],
    "measurements.csv": ["case_ref", "date", "kind", "domain", "level"],
    "case_interventions.csv": ["case_ref", "intervention", "organisation", "agreed_on", "status"],
    "police_registrations.csv": ["person_ref", "date", "kind"],
}
# Version 2: the columns added to version 1 files (after theirs), and the new files.
ADDED_COLUMNS: dict[str, list[str]] = {
    "cases.csv": ["table", "regisseur", "case_holder"],
    "case_interventions.csv": ["due_date"],
}
VERSION_2_COLUMNS: dict[str, list[str]] = {
    "staff.csv": ["username", "name", "organisation", "roles"],
    "tables.csv": ["table_ref", "name", "approach", "district"],
    "table_members.csv": ["table_ref", "organisation", "username"],
    "case_participants.csv": ["case_ref", "organisation", "since", "until"],
    "signals.csv": [
        "signal_ref", "approach", "date", "kind", "reported_by", "municipality", "subject_ref", "outcome", "case_ref",
    ],
}


def cell(value) -> str:
    """A value as the spec writes it: ISO dates, true/false, empty for None."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def write_file(path: Path, columns: list[str], rows) -> int:
    """Write a whole file (header and rows, cells as `cell` writes them); return the number of rows."""
    count = 0
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([cell(value) for value in row])
            count += 1
    return count


class DatasetWriter:
    """Opens every file of the dataset at once and appends rows as they are generated.

    Use as a context manager; `counts` holds the number of data rows written per file.
    """

    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.counts: dict[str, int] = {name: 0 for name in COLUMNS}
        self._handles = {}
        self._writers = {}

    def __enter__(self) -> "DatasetWriter":
        self.directory.mkdir(parents=True, exist_ok=True)
        for name, columns in COLUMNS.items():
            handle = (self.directory / name).open("w", newline="", encoding="utf-8")
            self._handles[name] = handle
            self._writers[name] = csv.writer(handle, lineterminator="\n")
            self._writers[name].writerow(columns)
        return self

    def __exit__(self, *exc_info) -> None:
        for handle in self._handles.values():
            handle.close()

    def write(self, name: str, *values) -> None:
        """Append one row; values in the file's column order."""
        self._writers[name].writerow([cell(value) for value in values])
        self.counts[name] += 1

    def write_region(self, region: Region) -> None:
        """The five reference files, normalised to the spec's columns."""
        for municipality in region.municipalities:
            self.write("municipalities.csv", municipality.code, municipality.name, municipality.district)
        for organisation in region.organisations:
            self.write(
                "organisations.csv", organisation.code, organisation.name, organisation.kind,
                organisation.wgs_participant,
            )
        for approach in region.approaches:
            self.write(
                "approaches.csv", approach.code, approach.name, approach.unit, approach.duration_scheme, approach.parent
            )
        for domain in region.domains:
            self.write("domains.csv", domain.code, domain.name)
        for intervention in region.interventions:
            self.write("interventions.csv", intervention.code, intervention.name)
