"""The casework of a dataset as the generator wrote it, read back from its files: what the version 2 files
(staff, tables, participants, due dates) are built on, whichever generator (plain or calibrated) wrote it."""

import csv
import datetime
from dataclasses import dataclass, field
from pathlib import Path

OPEN_STATUSES = ("agreed", "running")


@dataclass(frozen=True)
class PlannedIntervention:
    organisation: str
    agreed_on: datetime.date
    status: str


@dataclass
class Trajectory:
    """An accepted registration: the case that came in regie, with the interventions of its plan."""

    ref: str
    approach: str
    municipality: str
    reported_by: str
    start_date: datetime.date
    end_date: datetime.date | None
    interventions: list[PlannedIntervention] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.end_date is None

    def last_day(self, last: datetime.date) -> datetime.date:
        return self.end_date or last

    def carriers(self) -> list[str]:
        """The organisations that carry an intervention of the plan, in the order they were agreed."""
        return list(dict.fromkeys(intervention.organisation for intervention in self.interventions))

    def open_carriers(self) -> set[str]:
        return {i.organisation for i in self.interventions if i.status in OPEN_STATUSES}


def read_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _date(value: str) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def read_trajectories(directory: Path) -> list[Trajectory]:
    """The trajectories of cases.csv in file order, each with its interventions from case_interventions.csv."""
    header, rows = read_rows(directory / "cases.csv")
    column = {name: index for index, name in enumerate(header)}
    trajectories = {}
    for row in rows:
        start = _date(row[column["start_date"]])
        if start is None:
            continue
        ref = row[column["case_ref"]]
        trajectories[ref] = Trajectory(
            ref=ref, approach=row[column["approach"]], municipality=row[column["municipality"]],
            reported_by=row[column["reported_by"]], start_date=start, end_date=_date(row[column["end_date"]]),
        )
    header, rows = read_rows(directory / "case_interventions.csv")
    column = {name: index for index, name in enumerate(header)}
    for row in rows:
        trajectories[row[column["case_ref"]]].interventions.append(PlannedIntervention(
            row[column["organisation"]], _date(row[column["agreed_on"]]), row[column["status"]],
        ))
    return list(trajectories.values())
