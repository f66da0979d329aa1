"""`demo-data --calibrate OUTCOMES.json`: a dataset whose outcomes report (shared/spec/outcomes.md) for the
target's window and `as_of` gives exactly the target's recidivism figures.

Per targeted approach and year of the window (`recidivism_target.cohort_cells`) it plans the persons (or the
households of a system approach) of each kind: counted ones (first discussed on a day with a full year of
follow-up), deceased ones (their case ends `overleden` within the year after), not-eligible ones (first discussed
less than a year before `as_of`) and the comparison group (a registration declined at triage, never in regie).
Each gets a case in a leaf of the approach's subtree, with its first discussion on a table day of that leaf, then
the usual discussions, measurements and interventions (`meetings`, `measurements`, `interventions`). Police
registrations: exact totals spread over the counted persons (`police.exact_registrations`), Poisson ones for the
others. `recidivism_check` recomputes the figures from the written files as a last check.
"""

import datetime
import json
import math
import random
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from ..interventions import InterventionPlanner
from ..measurements import measurements
from ..meetings import Tables, discussions
from ..partners import Partners
from ..people import People, Person, Residences, System
from ..police import Followed, exact_registrations, police_registrations, registration_weight
from ..profiles import END_REASONS, SCALES, TRANSFER_REASON, approach_profile
from ..region import Approach, Region, load_region
from ..trajectories import DAY, MONTH_DAYS, CaseRecord, Period
from ..version2 import add_version_2
from ..writer import DatasetWriter
from .dates import random_day
from .recidivism_check import recidivism_mismatches
from .recidivism_target import Cell, OutcomesTarget, parse_outcomes_target
from .target import CalibrationError

COUNTED, DECEASED, EARLY, COMPARISON = "counted", "deceased", "early", "comparison"
PLAIN_END_REASONS = tuple(reason for reason in END_REASONS if reason not in (TRANSFER_REASON, "overleden"))


@dataclass(eq=False)
class Planned:
    """One subject of the dataset: its leaf approach, kind, reference day (first discussion or triage) and the
    group its police registrations are spread over."""

    approach: Approach
    kind: str
    day: datetime.date
    size: int  # persons (1 for a person approach)
    group: tuple
    seq: int
    record: CaseRecord | None = None
    subject: Person | System | None = None

    @property
    def persons(self) -> list[Person]:
        return [self.subject] if isinstance(self.subject, Person) else [p for p, _ in self.subject.members]


def household_sizes(persons: int, rng: random.Random, unit: str) -> list[int]:
    """Subjects holding exactly `persons` persons: one each, or households of (mostly) 2-6 members."""
    if unit == "person":
        return [1] * persons
    sizes = []
    while persons > 0:
        sizes.append(min(persons, rng.randint(2, 6)))
        persons -= sizes[-1]
    return sizes


class OutcomesHouse:
    """Plans the subjects of an outcomes target, gives them cases, activity and police registrations, and writes
    them (persons as they are met, in the order of registration)."""

    def __init__(self, target: OutcomesTarget, region: Region, *, seed: int, writer: DatasetWriter):
        self.target = target
        self.region = region
        self.writer = writer
        self.seed = seed
        self.scale = SCALES["demo"]
        self.period = Period(datetime.date(target.first.year - 1, 1, 1), target.as_of)
        self.tables = Tables(region.leaf_approaches(), self.period, self.scale.meeting_cadence_days)
        self.rng = random.Random(f"{seed}:outcomes:plan")
        self.people = People(seed=seed, writer=writer, shared_adult_share=0)
        self.residences = Residences(region, random.Random(f"{seed}:residences"))
        self.partners = Partners(region, random.Random(f"{seed}:partners"))
        self.planned: list[Planned] = []
        self.totals: dict[tuple, Cell] = {}

    def run(self) -> None:
        for code, outcomes in self.target.approaches.items():
            self._plan(code, outcomes)
        for planned in self.planned:
            planned.record = self._record(planned)
        ordered = sorted(self.planned, key=lambda p: (p.record.registered_on, p.seq))
        for number, planned in enumerate(ordered, start=1):
            planned.record.ref = f"C{number:06d}"
            planned.subject = self._subject(planned)
            planned.record.subject_ref = planned.subject.ref
            if planned.kind == DECEASED:  # the person, or a parent of the household
                planned.persons[0].died_on = planned.record.end_date
        self._write(ordered)

    # --- planning ----------------------------------------------------------------------------------

    def _leaves(self, code: str) -> list[Approach]:
        children: dict[str, list[str]] = {}
        for approach in self.region.approaches:
            children.setdefault(approach.parent, []).append(approach.code)
        leaves, stack = [], [code]
        while stack:
            current = stack.pop(0)
            if current in children:
                stack = children[current] + stack
            else:
                leaves.append(self.region.approach(current))
        return leaves

    def _plan(self, code: str, outcomes) -> None:
        target, rng = self.target, self.rng
        leaves = self._leaves(code)
        weights = [approach_profile(leaf).weight for leaf in leaves]
        unit = outcomes.approach.unit
        cells = outcomes.cells
        per_year = bool(outcomes.cohorts)  # registrations spread per cohort year, else over the whole window
        if not per_year:
            self.totals[(code,)] = outcomes.total
        for year, cell in cells.items():
            if per_year:
                self.totals[(code, year)] = cell
            for kind, persons, span in ((COUNTED, cell.n, target.eligible_days),
                                        (DECEASED, cell.excluded_deceased, target.eligible_days),
                                        (EARLY, cell.not_eligible, target.early_days)):
                low = max(span[0], datetime.date(year, 1, 1))
                high = min(span[1], datetime.date(year, 12, 31))
                for size in household_sizes(persons, rng, unit):
                    leaf = rng.choices(leaves, weights)[0]
                    group = (code, year) if per_year else (code,)
                    self._add(leaf, kind, self._table_day(leaf, low, high), size, group)
        if outcomes.comparison is not None:
            self.totals[(code, COMPARISON)] = outcomes.comparison
            low, high = target.eligible_days
            for size in household_sizes(outcomes.comparison.n, rng, unit):
                leaf = rng.choices(leaves, weights)[0]
                self._add(leaf, COMPARISON, random_day(rng, low, high), size, (code, COMPARISON))

    def _add(self, leaf: Approach, kind: str, day: datetime.date, size: int, group: tuple) -> None:
        self.planned.append(Planned(leaf, kind, day, size, group, len(self.planned)))

    def _table_day(self, leaf: Approach, low: datetime.date, high: datetime.date) -> datetime.date:
        """A meeting day of the leaf's table in [low, high]; a workday there when the table does not meet."""
        first = self.tables.next_meeting(leaf.code, low)
        if first > high:
            return random_day(self.rng, low, high)
        meetings = (high - first).days // self.tables.cadence_days
        return first + DAY * self.tables.cadence_days * self.rng.randint(0, meetings)

    def _record(self, planned: Planned) -> CaseRecord:
        rng, profile = self.rng, approach_profile(planned.approach)
        day = planned.day
        if planned.kind == COMPARISON:
            triage_on = day
            registered_on = triage_on - DAY * (3 + min(round(rng.expovariate(1 / 16)), 60))
            return CaseRecord("", "", planned.approach.code, "", "", registered_on, "declined", triage_on)
        start = day - DAY * rng.randint(0, 10)
        start -= DAY * max(0, start.weekday() - 4)  # a weekend day: the Friday before
        triage_on = start - DAY * rng.randint(0, 7)
        registered_on = triage_on - DAY * (3 + min(round(rng.expovariate(1 / 16)), 90))
        record = CaseRecord("", "", planned.approach.code, "", "", registered_on, "accepted", triage_on, start)
        if planned.kind == DECEASED:
            record.end_date = day + DAY * rng.randint(1, min(365, (self.target.as_of - day).days))
            record.end_reason = "overleden"
            return record
        days = round(rng.lognormvariate(math.log(profile.median_months * MONTH_DAYS), profile.spread))
        end = max(start + DAY * days, day + DAY * 7)
        if end <= self.target.as_of:
            record.end_date = end
            weights = [profile.end_reasons.get(reason, 0) + 0.1 for reason in PLAIN_END_REASONS]
            record.end_reason = rng.choices(PLAIN_END_REASONS, weights)[0]
        return record

    def _subject(self, planned: Planned) -> Person | System:
        rng, profile = self.rng, approach_profile(planned.approach)
        record = planned.record
        municipality = self.residences.pick(profile.districts)
        record.municipality = municipality
        record.reported_by = self.partners.reporter(profile, municipality)
        on = record.registered_on
        if planned.approach.unit == "system":
            return self.people.system(on=on, municipality=municipality, adult_ages=profile.age_range, size=planned.size)
        low, high = profile.age_range
        age = round(rng.triangular(low, high, low + (high - low) * 0.25))
        return self.people.person(age=age, on=on, municipality=municipality, male=rng.random() < profile.male_share)

    # --- activity and writing ----------------------------------------------------------------------

    def _write(self, ordered: list[Planned]) -> None:
        write = self.writer.write
        meetings_rng = random.Random(f"{self.seed}:meetings")
        measurements_rng = random.Random(f"{self.seed}:measurements")
        planner = InterventionPlanner(self.region, self.partners, random.Random(f"{self.seed}:interventions"))
        rows = {name: [] for name in ("discussions.csv", "measurements.csv", "case_interventions.csv")}
        for planned in ordered:
            write("cases.csv", *planned.record.row())
            if planned.kind == COMPARISON:
                continue
            case, profile = planned.record, approach_profile(planned.approach)
            agenda = discussions(case, self.tables, self.scale, self.period, meetings_rng, first=planned.day)
            rows["discussions.csv"] += [d.row() for d in agenda]
            rows["measurements.csv"] += [m.row() for m in measurements(
                case, self.region.domains, profile, self.scale, self.period, measurements_rng)]
            rows["case_interventions.csv"] += [i.row() for i in planner.plan(case, profile, self.period)]
        for name, file_rows in rows.items():
            for row in file_rows:
                write(name, *row)
        for registration in self._police(ordered):
            write("police_registrations.csv", *registration.row())

    def _police(self, ordered: list[Planned]):
        rng = random.Random(f"{self.seed}:police")
        groups: dict[tuple, list[Followed]] = {key: [] for key in self.totals}
        registrations = []
        for planned in ordered:
            if planned.kind in (COUNTED, COMPARISON):
                groups[planned.group] += [
                    Followed(person, planned.day, self.target.as_of, registration_weight(person, planned.day))
                    for person in planned.persons
                ]
                continue
            profile = approach_profile(planned.approach)
            for person in planned.persons:
                if registration_weight(person, planned.day):
                    registrations += police_registrations(person, planned.day, before=profile.police_before,
                                                          after=profile.police_after, period=self.period, rng=rng)
        for key, group in groups.items():
            cell = self.totals[key]
            try:
                registrations += exact_registrations(
                    group, before=cell.registrations_before, after=cell.registrations_after, rng=rng,
                    persons_any_before=cell.persons_any_before, persons_any_after=cell.persons_any_after,
                    kinds=cell.by_kind,
                )
            except ValueError as error:
                where = ".".join(str(part) for part in (key[0], "recidivism", *key[1:]))
                raise CalibrationError(f"{where}.{error}") from None
        return sorted(registrations, key=lambda r: (r.person_ref, r.date, r.kind))


def calibrate_outcomes(
    document: dict, out_dir: Path, *, seed: int, region_dir: Path | None = None, today: datetime.date | None = None,
) -> dict[str, int]:
    """Write the dataset of an outcomes target into `out_dir`; return the number of data rows per file.

    Raises `CalibrationError` when the target cannot be met (its shape and figures are checked before anything
    is written). The same target and seed always give byte-identical files.
    """
    region = load_region(region_dir)
    target = parse_outcomes_target(document, region, today=today or timezone.localdate())
    with DatasetWriter(out_dir) as writer:
        writer.write_region(region)
        OutcomesHouse(target, region, seed=seed, writer=writer).run()
    counts = writer.counts | add_version_2(out_dir, region=region, last=target.as_of, seed=seed)
    problems = recidivism_mismatches(document, out_dir)
    if problems:  # a bug of the generator, not of the target
        raise CalibrationError("internal error: the dataset does not reproduce the target: " + "; ".join(problems[:20]))
    return counts


def is_outcomes_target(path: Path) -> dict | None:
    """The parsed document when the file is an outcomes target, else None (an annual target, or unreadable:
    the annual reader reports that)."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return document if isinstance(document, dict) and document.get("report") == "outcomes" else None
