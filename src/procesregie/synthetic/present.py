"""The demo in the present: a written dataset continued from its last day up to `as_of` (usually today).

The generators stop at the end of their period (the calibrated one at 31 December of the calibrated year), but
the demo is used years later. `continue_to` picks up the trajectories that are still in regie on the last day
and carries them on to `as_of`, so the personas find a current week:

- discussions at their table's meetings every few weeks (the table's own dates, continued at its cadence);
- tussenmetingen every two to three months (some cases fall behind, so a few are reminded of a measurement);
- the plan moves on: an intervention still open on the last day is mostly finished by now, some still run; new
  interventions are agreed, the open ones due around `as_of` (most ahead, some overdue by days or weeks), and an
  organisation that carries one takes part in the case;
- new registrations of known subjects wait for triage (registered in the last weeks), about one per approach.

Only rows are added, apart from the status and due date of interventions that were still open in an open case:
every row dated up to the last day stays as it was, so the figures of the calibrated year do not change.
Nothing added happened after `as_of` (due dates may lie ahead). Everything draws from its own random streams.
"""

import csv
import datetime
import random
from collections import Counter, defaultdict
from pathlib import Path

from .interventions import FALLBACK_PROVIDERS, PROVIDERS
from .partners import Partners
from .profiles import approach_profile
from .region import Region
from .tables import table_ref
from .trajectories import DAY
from .writer import write_file
from .written import OPEN_STATUSES, read_rows

DISCUSSION_DAYS = (42, 8)  # mean and spread of the days between two discussions of a case
DEFAULT_CADENCE_DAYS = 14
MEASUREMENT_DAYS = (70, 12)  # between two tussenmetingen
BEHIND_SHARE = 0.15  # cases whose measurements fell behind (no tussenmeting for 3-7 months)
BEHIND_DAYS = (95, 210)
NEW_INTERVENTIONS_PER_HALF_YEAR = 0.6
RECENT_DAYS = 30  # an intervention agreed this recently is still "agreed"
OVERDUE_SHARE = 0.1
OVERDUE_DAYS = (1, 45)
AHEAD_DAYS = (7, 240)
CLOSED_DUE_DAYS = (30, 365)
STILL_RUNNING_SHARE = 0.15  # of the interventions that were open on the last day
EXTRA_REGISTRATIONS = (0, 3)  # pending registrations besides one per approach in regie
PENDING_WITHIN_DAYS = 21
REPORTERS = ("politie-midden-nederland", "gemeente", "reclassering-nederland", "ggz")


def _date(value: str) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _append(path: Path, rows: list[list]) -> int:
    with path.open("a", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        for row in rows:
            writer.writerow(["" if value is None else value.isoformat() if isinstance(value, datetime.date)
                             else "true" if value is True else "false" if value is False else value for value in row])
    return len(rows)


def previous_workday(day: datetime.date) -> datetime.date:
    return day - DAY * max(0, day.weekday() - 4)


class _Dataset:
    """What the continuation needs of the written files."""

    def __init__(self, directory: Path):
        self.cases_header, self.cases = read_rows(directory / "cases.csv")
        column = {name: index for index, name in enumerate(self.cases_header)}
        self.case = {row[column["case_ref"]]: {name: row[index] for name, index in column.items()} for row in self.cases}
        self.open = [ref for ref, case in self.case.items() if case["start_date"] and not case["end_date"]]

        _, rows = read_rows(directory / "discussions.csv")
        self.meeting_dates: dict[str, set[datetime.date]] = defaultdict(set)  # approach -> dates
        self.last_discussed: dict[str, datetime.date] = {}
        for _meeting, day, case_ref, *_ in rows:
            day = datetime.date.fromisoformat(day)
            self.meeting_dates[self.case[case_ref]["approach"]].add(day)
            self.last_discussed[case_ref] = max(day, self.last_discussed.get(case_ref, day))

        _, rows = read_rows(directory / "measurements.csv")
        self.last_measured: dict[str, datetime.date] = {}
        self.levels: dict[str, dict[str, int]] = defaultdict(dict)  # case -> domain -> latest level
        latest: dict[tuple[str, str], datetime.date] = {}
        for case_ref, day, _kind, domain, level in rows:
            day = datetime.date.fromisoformat(day)
            self.last_measured[case_ref] = max(day, self.last_measured.get(case_ref, day))
            if latest.get((case_ref, domain), day) <= day:
                latest[case_ref, domain] = day
                self.levels[case_ref][domain] = int(level)

        self.interventions_header, self.interventions = read_rows(directory / "case_interventions.csv")
        _, rows = read_rows(directory / "case_participants.csv") if (directory / "case_participants.csv").exists() \
            else ([], [])
        self.participants: dict[str, set[str]] = defaultdict(set)
        for case_ref, organisation, *_ in rows:
            self.participants[case_ref].add(organisation)


class _TableDates:
    """The meeting dates of each approach's table after the last day: its own dates, continued at its cadence."""

    def __init__(self, meeting_dates: dict[str, set[datetime.date]], last: datetime.date):
        self._next: dict[str, tuple[datetime.date, int]] = {}
        for approach, dates in meeting_dates.items():
            ordered = sorted(dates)
            gaps = Counter((b - a).days for a, b in zip(ordered, ordered[1:], strict=False) if (b - a).days > 0)
            cadence = gaps.most_common(1)[0][0] if gaps else DEFAULT_CADENCE_DAYS
            self._next[approach] = (ordered[-1], cadence)
        self._last = last

    def on_or_after(self, approach: str, day: datetime.date) -> datetime.date:
        anchor, cadence = self._next.get(approach, (self._last, DEFAULT_CADENCE_DAYS))
        if day <= anchor:
            return anchor + DAY * cadence
        return anchor + DAY * (cadence * -(-(day - anchor).days // cadence))


def continue_to(directory: Path, *, region: Region, last: datetime.date, as_of: datetime.date, seed: int) -> dict[str, int]:
    """Continue the dataset in `directory` (written up to `last`) to `as_of`; return the rows added per file."""
    if as_of <= last:
        return {}
    directory = Path(directory)
    data = _Dataset(directory)
    nulmetingen, reporters = _triage_waiting(data, region, last, as_of, seed)
    open_refs = sorted(data.open)
    tables = _TableDates(data.meeting_dates, last)
    added: Counter[str] = Counter()

    rng = random.Random(f"{seed}:present:discussions")
    rows = []
    for ref in open_refs:
        case = data.case[ref]
        day = tables.on_or_after(case["approach"], max(
            data.last_discussed.get(ref, last) + DAY * max(7, round(rng.gauss(*DISCUSSION_DAYS))), last + DAY,
        ))
        while day <= as_of:
            rows.append([f"M-{case['approach']}-{day:%Y%m%d}", day, ref, rng.random() < 0.3, rng.random() < 0.08])
            day = tables.on_or_after(case["approach"], day + DAY * max(7, round(rng.gauss(*DISCUSSION_DAYS))))
    added["discussions.csv"] = _append(directory / "discussions.csv", sorted(rows, key=lambda row: (row[1], row[2])))

    rng = random.Random(f"{seed}:present:measurements")
    rows = []
    for ref in open_refs:
        levels = dict(data.levels.get(ref, {}))
        if not levels:
            continue
        until = as_of - DAY * rng.randint(*BEHIND_DAYS) if rng.random() < BEHIND_SHARE else as_of
        day = data.last_measured[ref] + DAY * max(30, round(rng.gauss(*MEASUREMENT_DAYS)))
        day = max(day, last + DAY)
        while day <= until:
            for domain in sorted(levels):
                levels[domain] = min(5, max(1, levels[domain] + rng.choice((-1, 0, 0, 0, 1, 1))))
                rows.append([ref, day, "tussenmeting", domain, levels[domain]])
            day += DAY * max(30, round(rng.gauss(*MEASUREMENT_DAYS)))
    added["measurements.csv"] = _append(directory / "measurements.csv", nulmetingen + rows)

    added["case_interventions.csv"], carriers = _interventions(data, region, open_refs, last, as_of, seed)
    write_file(directory / "case_interventions.csv", data.interventions_header, data.interventions)

    rows = []
    for ref, organisation, since in reporters + carriers:
        if organisation not in data.participants[ref]:
            data.participants[ref].add(organisation)
            rows.append([ref, organisation, since, None])
    if rows and (directory / "case_participants.csv").exists():
        added["case_participants.csv"] = _append(directory / "case_participants.csv", rows)

    new = _registrations(data, region, as_of, seed)
    added["cases.csv"] = write_file(directory / "cases.csv", data.cases_header, data.cases + new) - len(data.cases)
    return dict(added)


def _triage_waiting(
    data: _Dataset, region: Region, last: datetime.date, as_of: datetime.date, seed: int
) -> tuple[list[list], list[tuple[str, str, datetime.date]]]:
    """Triage the registrations that were waiting on the last day, in the weeks after it: most are accepted, at
    the table of their approach, directed by its least busy procesregisseur, with a nulmeting; the others are
    declined. Returns the nulmeting rows and (case, reporter, since) for the reporters that take part."""
    rng = random.Random(f"{seed}:present:triage")
    column = {name: index for index, name in enumerate(data.cases_header)}
    load: dict[str, Counter[str]] = defaultdict(Counter)  # table -> regisseur -> open cases
    for ref in data.open:
        case = data.case[ref]
        if case.get("table") and case.get("regisseur"):
            load[case["table"]][case["regisseur"]] += 1
    domains = [domain.code for domain in region.domains]
    house = Partners(region, rng).house
    nulmetingen, reporters = [], []
    for row in data.cases:
        if row[column["triage_decision"]]:
            continue
        ref = row[column["case_ref"]]
        triage_on = previous_workday(max(_date(row[column["registered_on"]]), last) + DAY * rng.randint(3, 25))
        if triage_on > as_of:
            continue
        row[column["triage_on"]] = triage_on.isoformat()
        if rng.random() < 0.2:
            row[column["triage_decision"]] = "declined"
            continue
        start = min(as_of, triage_on + DAY * rng.randint(0, 7))
        row[column["triage_decision"]], row[column["start_date"]] = "accepted", start.isoformat()
        table = table_ref(row[column["approach"]])
        if "table" in column and load.get(table):
            regisseur = min(load[table], key=lambda username: (load[table][username], username))
            load[table][regisseur] += 1
            row[column["table"]], row[column["regisseur"]] = table, regisseur
            row[column["case_holder"]] = "" if row[column["reported_by"]] == house else row[column["reported_by"]]
        data.case[ref] = {name: row[index] for name, index in column.items()}
        data.open.append(ref)
        reporter = row[column["reported_by"]]
        if reporter != house:
            reporters.append((ref, reporter, start))
        measured_on = min(as_of, start + DAY * rng.randint(0, 21))
        base = rng.gauss(2.3, 0.4)
        for domain in domains:
            level = min(5, max(1, round(rng.gauss(base, 0.8))))
            data.levels[ref][domain] = level
            nulmetingen.append([ref, measured_on, "nulmeting", domain, level])
        data.last_measured[ref] = measured_on
    return nulmetingen, reporters


def _interventions(
    data: _Dataset, region: Region, open_refs: list[str], last: datetime.date, as_of: datetime.date, seed: int
) -> tuple[int, list[tuple[str, str, datetime.date]]]:
    """Move the open interventions of open cases on, and agree new ones (rows of `data.interventions`)."""
    column = {name: index for index, name in enumerate(data.interventions_header)}
    still_open = set(open_refs)
    rng = random.Random(f"{seed}:present:interventions")

    def due(agreed_on: datetime.date, status: str) -> datetime.date:
        if status not in OPEN_STATUSES:
            return agreed_on + DAY * rng.randint(*CLOSED_DUE_DAYS)
        if rng.random() < OVERDUE_SHARE:
            return max(agreed_on + DAY, as_of - DAY * rng.randint(*OVERDUE_DAYS))
        return as_of + DAY * rng.randint(*AHEAD_DAYS)

    for row in data.interventions:
        if row[column["case_ref"]] in still_open and row[column["status"]] in OPEN_STATUSES:
            draw = rng.random()
            status = "running" if draw < STILL_RUNNING_SHARE else "done" if draw < 0.85 else "cancelled"
            row[column["status"]] = status
            if "due_date" in column:
                row[column["due_date"]] = due(_date(row[column["agreed_on"]]), status).isoformat()

    partners = Partners(region, random.Random(f"{seed}:present:providers"))
    codes = [intervention.code for intervention in region.interventions]
    new, carriers = [], []
    half_years = max(1, round((as_of - last).days / 182))
    for ref in open_refs:
        case = data.case[ref]
        favoured = approach_profile(region.approach(case["approach"])).interventions or tuple(codes)
        for _ in range(sum(rng.random() < NEW_INTERVENTIONS_PER_HALF_YEAR for _ in range(half_years))):
            code = rng.choice(favoured) if rng.random() < 0.8 else rng.choice(codes)
            agreed_on = as_of - DAY * round((as_of - last - DAY).days * rng.random() ** 1.5)
            if (as_of - agreed_on).days < RECENT_DAYS:
                status = "agreed"
            else:
                draw = rng.random()
                status = "running" if draw < 0.6 else "done" if draw < 0.9 else "cancelled"
            organisation = partners.of(rng.choice(PROVIDERS.get(code, FALLBACK_PROVIDERS)), case["municipality"])
            values = {"case_ref": ref, "intervention": code, "organisation": organisation,
                      "agreed_on": agreed_on.isoformat(), "status": status,
                      "due_date": due(agreed_on, status).isoformat()}
            new.append([values[name] for name in data.interventions_header])
            if status in OPEN_STATUSES:
                carriers.append((ref, organisation, agreed_on))
    data.interventions += sorted(new, key=lambda row: (row[column["case_ref"]], row[column["agreed_on"]]))
    return len(new), carriers


def _registrations(data: _Dataset, region: Region, as_of: datetime.date, seed: int) -> list[list]:
    """New registrations of known subjects, waiting for triage: registered in the last weeks before `as_of`, one for
    about every approach that has cases in regie (so each table has one to triage) and a few more.

    The subjects are persons and systems whose last case closed (not by death) at least two months ago and who
    have no registration open; each is registered for the approach of that case again.
    """
    rng = random.Random(f"{seed}:present:registrations")
    latest: dict[str, dict] = {}
    busy, died = set(), set()
    for case in data.case.values():
        subject = case["subject_ref"]
        if case["end_reason"] == "overleden":
            died.add(subject)
        if not case["end_date"]:
            busy.add(subject)
        if subject not in latest or case["registered_on"] >= latest[subject]["registered_on"]:
            latest[subject] = case
    by_approach: dict[str, list[str]] = defaultdict(list)
    for subject in sorted(latest):
        case = latest[subject]
        if subject not in busy | died and case["end_date"] and _date(case["end_date"]) <= as_of - DAY * 60:
            by_approach[case["approach"]].append(subject)
    in_regie = sorted({data.case[ref]["approach"] for ref in data.open})
    chosen = [rng.choice(by_approach[approach]) for approach in in_regie if by_approach[approach]]
    rest = sorted(subject for subjects in by_approach.values() for subject in subjects if subject not in chosen)
    chosen += rng.sample(rest, min(rng.randint(*EXTRA_REGISTRATIONS), len(rest)))
    numbers = [int(ref[1:]) for ref in data.case if ref[1:].isdigit()]
    next_number = max(numbers, default=0) + 1
    registered = sorted(previous_workday(as_of - DAY * rng.randint(0, PENDING_WITHIN_DAYS)) for _ in chosen)
    rows = []
    for number, (subject, on) in enumerate(zip(chosen, registered, strict=True), start=next_number):
        previous = latest[subject]
        values = {
            "case_ref": f"C{number:06d}", "subject_ref": subject, "approach": previous["approach"],
            "municipality": previous["municipality"], "registered_on": on.isoformat(),
            "reported_by": Partners(region, rng).of(rng.choice(REPORTERS), previous["municipality"]),
        }
        rows.append([values.get(name, "") for name in data.cases_header])
    return rows
