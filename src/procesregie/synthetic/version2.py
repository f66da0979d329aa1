"""The files and columns version 2 of the interchange format adds (shared/spec/interchange.md, "Staff, tables,
participants and signals"), built on the casework a generator has just written.

`add_version_2` reads the trajectories back from cases.csv and case_interventions.csv, plans tables, staff,
participants, case holders and due dates, writes staff.csv, tables.csv, table_members.csv,
case_participants.csv and signals.csv (`signals_csv`), and rewrites cases.csv (+ table, regisseur, case_holder)
and case_interventions.csv (+ due_date) with the new columns after the old ones. Everything here draws from its
own random streams and only reads what the generator wrote, so the version 1 columns stay byte for byte what
they were for a seed.
"""

import datetime
import random
from collections import Counter, defaultdict
from pathlib import Path

from .due_dates import due_date
from .participants import ParticipantPlanner, Participation
from .region import Region
from .signals_csv import SignalFigures, write_signals
from .staff import Staff, table_members
from .tables import region_tables, table_ref
from .writer import ADDED_COLUMNS, VERSION_2_COLUMNS, write_file
from .written import Trajectory, read_rows, read_trajectories


def add_version_2(directory: Path, *, region: Region, last: datetime.date, seed: int,
                  signals: dict[str, SignalFigures] | None = None) -> dict[str, int]:
    """Write the version 2 files into `directory`, which holds a version 1 dataset whose last day is `last`;
    return the number of rows per new file. `signals`: the exact signals of the last year per approach (a
    calibrated dataset), else every approach's usual number in every year."""
    directory = Path(directory)
    trajectories = read_trajectories(directory)
    tables = region_tables(region, {case.approach for case in trajectories})
    cases_by_table: dict[str, list[Trajectory]] = defaultdict(list)
    for case in trajectories:
        cases_by_table[table_ref(case.approach)].append(case)

    planner = ParticipantPlanner(region, random.Random(f"{seed}:v2:participants"), last)
    participations = {case.ref: planner.plan(case) for case in trajectories}
    holders = {case.ref: planner.case_holder(case, participations[case.ref]) for case in trajectories}

    staff = Staff(region, seed=seed, rng=random.Random(f"{seed}:v2:regisseurs"))
    open_cases = Counter(table_ref(case.approach) for case in trajectories if case.is_open)
    seats = staff.seats(tables, open_cases)
    favourite = _demo_table(tables, seats, cases_by_table, participations, staff, last)
    regisseurs_at = staff.seat_regisseurs(tables, seats, open_cases, favourite)
    regisseur_of = staff.assign_cases(cases_by_table, regisseurs_at)
    open_participations = Counter(
        p.organisation for case in trajectories if case.is_open for p in participations[case.ref] if p.active_on(last)
    )
    staff.add_partner_professionals(open_participations)
    staff.complete_the_house()

    counts = {
        "staff.csv": _write(directory, "staff.csv", (member.row() for member in staff.members)),
        "tables.csv": _write(directory, "tables.csv", (table.row() for table in tables)),
        "table_members.csv": _write(directory, "table_members.csv", table_members(
            tables, cases_by_table, participations, regisseurs_at, staff.house, last,
        )),
        "case_participants.csv": _write(directory, "case_participants.csv", (
            participation.row() for case in trajectories for participation in participations[case.ref]
        )),
        "signals.csv": write_signals(directory, region=region, last=last, seed=seed, figures=signals),
    }
    _add_columns(directory / "cases.csv", lambda row, column: (
        (table_ref(row[column["approach"]]), regisseur_of[row[column["case_ref"]]], holders[row[column["case_ref"]]])
        if row[column["case_ref"]] in regisseur_of else ("", "", "")
    ))
    is_open = {case.ref: case.is_open for case in trajectories}
    due_rng = random.Random(f"{seed}:v2:due-dates")
    _add_columns(directory / "case_interventions.csv", lambda row, column: (due_date(
        agreed_on=datetime.date.fromisoformat(row[column["agreed_on"]]), status=row[column["status"]],
        case_open=is_open[row[column["case_ref"]]], last=last, rng=due_rng,
    ),))
    return counts


def _write(directory: Path, name: str, rows) -> int:
    return write_file(directory / name, VERSION_2_COLUMNS[name], rows)


def _add_columns(path: Path, values) -> None:
    """Rewrite a file with ADDED_COLUMNS after its own; `values(row, column index)` gives a row's new cells."""
    header, rows = read_rows(path)
    column = {name: index for index, name in enumerate(header)}
    write_file(path, header + ADDED_COLUMNS[path.name], (row + list(values(row, column)) for row in rows))


def _demo_table(
    tables, seats: dict[str, int], cases_by_table, participations: dict[str, list[Participation]], staff: Staff,
    last: datetime.date,
) -> str | None:
    """The table with a seat where every demo partner takes part in open cases (the most for the one with the
    fewest), then where they take part in the most open cases: the demo regisseur's, so that the meetings they
    plan have a case of each demo partner on the agenda."""
    demo_partners = sorted({demo.organisation for demo in staff.personas if demo.organisation != staff.house})

    def shared(table) -> tuple[int, int]:
        per_partner = Counter()
        for case in cases_by_table.get(table.ref, []):
            if case.is_open:
                for p in participations[case.ref]:
                    if p.organisation in demo_partners and p.active_on(last):
                        per_partner[p.organisation] += 1
        return min(per_partner[code] for code in demo_partners), sum(per_partner.values())

    seated = [table for table in tables if seats[table.ref]]
    return max(seated, key=shared).ref if seated else None
