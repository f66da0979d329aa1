"""Read a dataset directory into typed rows, reporting every cell that is not of its column's type."""

import os
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from . import format as fmt
from .csvfile import read_rows
from .problems import Problems


@dataclass
class Record:
    line: int
    values: dict

    def __getitem__(self, column: str):
        return self.values[column]


@dataclass
class Dataset:
    records: dict[str, list[Record]] = field(default_factory=dict)
    # Raw cells of rows refused for a bad cell: their keys still count as known, so one bad cell
    # does not also turn every reference to that row into a problem.
    rejected: dict[str, list[dict]] = field(default_factory=dict)
    # The columns each file's header has: an optional column left out leaves the stored values alone.
    columns: dict[str, set[str]] = field(default_factory=dict)

    def rejected_keys(self, spec: fmt.FileSpec, column: str) -> set[str]:
        return {values.get(column, "") for values in self.rejected.get(spec.name, [])}

    def has(self, spec: fmt.FileSpec) -> bool:
        return spec.name in self.records

    def has_column(self, spec: fmt.FileSpec, column: str) -> bool:
        return column in self.columns.get(spec.name, ())

    def __getitem__(self, spec: fmt.FileSpec) -> list[Record]:
        return self.records.get(spec.name, [])


def read_dataset(directory: Path, specs: list[fmt.FileSpec], required: list[fmt.FileSpec], problems: Problems,
                 progress=None) -> Dataset:
    """Read the files of `specs` that exist in `directory`; a missing required file is a problem."""
    dataset = Dataset()
    if not directory.is_dir():
        problems.add(directory.name or str(directory), 0, "", _("map bestaat niet"))
        return dataset
    known = {spec.name for spec in fmt.ALL_FILES}
    try:
        entries = sorted(directory.iterdir())
    except OSError as error:
        problems.add(directory.name or str(directory), 0, "", _("map kan niet gelezen worden: %(error)s")
                     % {"error": error.strerror})
        return dataset
    for path in entries:
        if not path.is_file():  # a folder, a broken link, a device or a pipe (reading one would wait forever)
            problems.add(path.name, 0, "", _("geen gewoon bestand; een dataset bevat alleen CSV-bestanden"))
        elif path.suffix == ".csv" and path.name not in known:
            problems.add(path.name, 0, "", _("onbekend bestand in de dataset"))
    for spec in specs:
        path = directory / spec.name
        if not path.is_file():
            if spec in required and not os.path.lexists(path):
                problems.add(spec.name, 0, "", _("verplicht bestand ontbreekt"))
            continue
        rejected = dataset.rejected.setdefault(spec.name, [])
        columns = dataset.columns.setdefault(spec.name, set())
        dataset.records[spec.name] = list(_typed_rows(path, spec, problems, progress, rejected, columns))
    return dataset


def _typed_rows(path: Path, spec: fmt.FileSpec, problems: Problems, progress, rejected: list, header: set):
    columns = [(column.name, column.parse, column.required) for column in spec.columns]
    for row in read_rows(path, allowed=spec.allowed, required=spec.required, problems=problems):
        if not header:
            header.update(row.values)  # every row has the header's columns
        values = {}
        ok = True
        cells = row.values
        for name, parse, required in columns:
            raw = cells.get(name, "")
            if raw == "":
                if required:
                    problems.add(spec.name, row.line, name, _("waarde is verplicht"))
                    ok = False
                values[name] = None
                continue
            try:
                values[name] = parse(raw)
            except fmt.CellError as error:
                problems.add(spec.name, row.line, name, str(error))
                ok = False
        if progress is not None:
            progress.update(1)
        if ok:
            yield Record(row.line, values)
        else:
            rejected.append(row.values)
