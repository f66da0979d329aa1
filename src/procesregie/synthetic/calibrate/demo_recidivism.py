"""Recidivism targets for the calibrated demo (`demo-data --calibrate TARGET.json --recidivism TARGETS.json`):
the police registrations before and after, per leaf approach and cohort year, of the persons the outcomes report
counts (shared/spec/outcomes.md), and optionally of that year's comparison group (registrations declined at
triage). The bundled `synthetic/data/demo-recidivism.json` holds the demo's.

The house first writes its usual Poisson registrations (`police.police_registrations`). Then, per targeted cell
(leaf approach, cohort year, cohort or comparison), the persons the report counts there are split: a person
counted in more than one targeted cell (shared between approaches, or between a cohort and a comparison group)
keeps their registrations, and those are counted first; the rest of the cell's totals is spread exactly over the
persons counted in that cell alone (`police.exact_registrations`), whose registrations are drawn anew. A cell
whose shared persons already exceed a total, or that has nobody of its own to carry the rest, is refused with a
`CalibrationError` naming the figure.
"""

import datetime
import json
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..people import Person
from ..police import Followed, PoliceRegistration, exact_registrations, registration_weight
from ..region import Region
from .target import CalibrationError, _mapping, count

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEMO_TARGETS = DATA_DIR / "demo-recidivism.json"
YEAR = datetime.timedelta(days=365)
DAY = datetime.timedelta(days=1)
SIDES = ("registrations_before", "registrations_after")


@dataclass(frozen=True)
class CellTarget:
    approach: str
    year: int
    group: str  # "cohort" or "comparison"
    before: int
    after: int

    @property
    def label(self) -> str:
        return f"{self.approach}.cohorts.{self.year}" + (".comparison" if self.group == "comparison" else "")


def _pair(block, path: str, allowed: tuple[str, ...]) -> tuple[int, int]:
    block = _mapping(block, path)
    for key in block:
        if key not in allowed and key not in ("change_pct",) and not key.startswith("_"):
            raise CalibrationError(f"{path}.{key}: unknown key (known: {', '.join(allowed)})")
    for side in SIDES:
        if side not in block:
            raise CalibrationError(f"{path}.{side}: missing")
    return count(block[SIDES[0]], f"{path}.{SIDES[0]}"), count(block[SIDES[1]], f"{path}.{SIDES[1]}")


def load_recidivism_targets(path: Path, region: Region) -> list[CellTarget]:
    """The cells of a targets file: {"approaches": {leaf: {"cohorts": {"2023": {"registrations_before": ..,
    "registrations_after": .., "comparison": {"registrations_before": .., "registrations_after": ..}}}}}}."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CalibrationError(f"cannot read the recidivism targets {path}: {error}") from None
    document = _mapping(document, "recidivism targets")
    for key in document:
        if key not in ("approaches",) and not key.startswith("_"):
            raise CalibrationError(f"{key}: unknown key in the recidivism targets (known: approaches)")
    leaves = {approach.code for approach in region.leaf_approaches()}
    cells = []
    for code, block in _mapping(document.get("approaches", {}), "approaches").items():
        if code not in leaves:
            raise CalibrationError(f"approaches.{code}: recidivism targets are per leaf approach of the region "
                                   f"(leaves: {', '.join(sorted(leaves))})")
        block = _mapping(block, code)
        for key in block:
            if key != "cohorts" and not key.startswith("_"):
                raise CalibrationError(f"{code}.{key}: unknown key (known: cohorts)")
        for year, figures in _mapping(block.get("cohorts", {}), f"{code}.cohorts").items():
            here = f"{code}.cohorts.{year}"
            if not (year.isdigit() and len(year) == 4):
                raise CalibrationError(f"{here}: not a year")
            cells.append(CellTarget(code, int(year), "cohort", *_pair(figures, here, (*SIDES, "comparison"))))
            if "comparison" in figures:
                cells.append(CellTarget(code, int(year), "comparison",
                                        *_pair(figures["comparison"], f"{here}.comparison", SIDES)))
    return cells


@dataclass(frozen=True)
class Case:
    """What the recidivism figures need of a case of the calibrated house."""

    approach: str
    persons: tuple[Person, ...]
    accepted: bool
    declined_on: datetime.date | None  # triage day of a declined registration
    first_discussion: datetime.date | None
    died_on: datetime.date | None  # end date of a case ended `overleden`


def _counted(cases: list[Case], cell: CellTarget) -> dict[str, tuple[Person, datetime.date]]:
    """person ref -> (person, reference day) of the persons the report counts in the cell (its window is the
    cohort year; as_of late enough for all of them)."""
    first, last = datetime.date(cell.year, 1, 1), datetime.date(cell.year, 12, 31)
    own = [case for case in cases if case.approach == cell.approach]
    days: dict[str, datetime.date] = {}
    persons: dict[str, Person] = {}
    if cell.group == "cohort":
        for case in own:
            for person in case.persons:
                if case.first_discussion is not None:
                    persons[person.ref] = person
                    days[person.ref] = min(case.first_discussion, days.get(person.ref, case.first_discussion))
        dead = defaultdict(list)
        for case in own:
            if case.died_on is not None:
                for person in case.persons:
                    dead[person.ref].append(case.died_on)
        return {ref: (persons[ref], day) for ref, day in days.items()
                if first <= day <= last and not any(end <= day + YEAR for end in dead[ref])}
    in_regie = {person.ref for case in own if case.accepted for person in case.persons}
    for case in own:
        if case.declined_on is not None and first <= case.declined_on <= last:
            for person in case.persons:
                if person.ref not in in_regie:
                    persons[person.ref] = person
                    days[person.ref] = min(case.declined_on, days.get(person.ref, case.declined_on))
    return {ref: (persons[ref], day) for ref, day in days.items()}


def apply_recidivism_targets(
    cells: list[CellTarget], cases: list[Case], police: list[tuple], *, last_year: int, until: datetime.date,
    rng: random.Random,
) -> list[tuple]:
    """The house's police rows (person_ref, date, kind) with the targeted cells' totals met exactly."""
    for cell in cells:
        if cell.year > last_year:
            raise CalibrationError(f"{cell.label}: after the calibrated year {last_year}")
        if datetime.date(cell.year, 12, 31) + YEAR > until:
            raise CalibrationError(f"{cell.label}: its year of follow-up ends after {until}, the last day of the data "
                                   "(give a later --as-of)")
    counted = {cell: _counted(cases, cell) for cell in cells}
    cells_of: dict[str, int] = defaultdict(int)
    for persons in counted.values():
        for ref in persons:
            cells_of[ref] += 1
    free = {ref for ref, number in cells_of.items() if number == 1}
    by_person: dict[str, list[tuple]] = defaultdict(list)
    for row in police:
        by_person[row[0]].append(row)
    added: list[tuple] = []
    for cell in cells:
        shared = [(ref, day) for ref, (_, day) in counted[cell].items() if ref not in free]
        own = [(person, day) for ref, (person, day) in sorted(counted[cell].items()) if ref in free]
        rest = []
        for side, total in zip(SIDES, (cell.before, cell.after), strict=True):
            low, high = (-365, -1) if side == SIDES[0] else (1, 365)
            already = sum(low <= (row[1] - day).days <= high for ref, day in shared for row in by_person[ref])
            if already > total:
                raise CalibrationError(f"{cell.label}.{side} ({total}): the {len(shared)} persons it shares with "
                                       f"other targets already have {already}")
            if total - already and not own:
                raise CalibrationError(f"{cell.label}.{side} ({total}): the {len(shared)} persons it shares with "
                                       f"other targets have {already}, and it has no person of its own to carry "
                                       f"the other {total - already}")
            rest.append(total - already)
        group = [Followed(person, day, min(until, person.died_on or until), registration_weight(person, day))
                 for person, day in own]
        try:
            registrations: list[PoliceRegistration] = exact_registrations(group, before=rest[0], after=rest[1], rng=rng)
        except ValueError as error:
            raise CalibrationError(f"{cell.label}.{error}") from None
        added += [registration.row() for registration in registrations]
    replaced = {ref for cell in cells for ref in counted[cell] if ref in free}
    return [row for row in police if row[0] not in replaced] + added
