"""The demo in the present: a written dataset continued from its last day up to `as_of` (usually today).

The generators stop at the end of their period (the calibrated one at 31 December of the calibrated year), but
the demo is used years later. `continue_to` picks up the trajectories that are still in regie on the last day
and carries them on to `as_of`, so the personas find a current week:

- discussions at their table's meetings every few weeks (the table's own dates, continued at its cadence);
- tussenmetingen every two to three months (some cases fall behind, so a few are reminded of a measurement);
- the plan moves on: an intervention still open on the last day is mostly finished by now, some still run; new
  interventions are agreed, the open ones due around `as_of` (most ahead, some overdue by days or weeks), and an
  organisation that carries one takes part in the case;
- some trajectories close (not by transfer or death; mostly with an eindmeting), and as many start: known
  subjects registered again, accepted at the table of their approach by its least busy procesregisseur;
- the registrations waiting on the last day are triaged in the weeks after it;
- new registrations of known subjects wait for triage (registered in the last weeks), one to three per approach;
- persons new to the house whose registration is decided after the last day get police registrations around their
  first discussion (or, declined, around the triage day), as the generators give everyone else, so the outcomes
  report of a later cohort is not empty (`_police`).

Rows are added; of the rows already there only what happened after the last day changes (the triage of a waiting
registration, the end of a trajectory, the status and due date of an intervention still open in an open case):
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
from .people import Person
from .police import declined_means, police_registrations
from .profiles import END_REASONS, TRANSFER_REASON, approach_profile
from .region import Region
from .tables import table_ref
from .trajectories import DAY, Period
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
STILL_RUNNING_SHARE = 0.15
CLOSED_PER_YEAR = 0.12  # of the trajectories in regie on the last day; as many new ones start
EINDMETING_SHARE = 0.85  # of the interventions that were open on the last day
PER_APPROACH = (1, 3)  # registrations waiting for triage per approach in regie
EXTRA_REGISTRATIONS = (0, 3)  # and besides those
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
        self.case = {
            row[column["case_ref"]]: {name: row[index] for name, index in column.items()} for row in self.cases
        }
        self.open = [ref for ref, case in self.case.items() if case["start_date"] and not case["end_date"]]
        self.ended: dict[str, datetime.date] = {}  # open on the last day, closed since

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


def continue_to(
    directory: Path, *, region: Region, last: datetime.date, as_of: datetime.date, seed: int
) -> dict[str, int]:
    """Continue the dataset in `directory` (written up to `last`) to `as_of`; return the rows added per file."""
    if as_of <= last:
        return {}
    directory = Path(directory)
    data = _Dataset(directory)
    closed = _closures(data, region, last, as_of, seed)
    nulmetingen, reporters = _triage_waiting(data, region, last, as_of, seed)
    more, more_reporters = _arrivals(data, region, closed, last, as_of, seed)
    nulmetingen, reporters = nulmetingen + more, reporters + more_reporters
    open_refs = sorted(data.open)
    tables = _TableDates(data.meeting_dates, last)
    added: Counter[str] = Counter()

    rng = random.Random(f"{seed}:present:discussions")
    rows = []
    for ref in open_refs:
        case = data.case[ref]
        day = tables.on_or_after(case["approach"], max(
            data.last_discussed.get(ref, last) + DAY * max(7, round(rng.gauss(*DISCUSSION_DAYS))), last + DAY,
            _date(case["start_date"]),  # a trajectory that started after the last day: not before its start
        ))
        while day <= data.ended.get(ref, as_of):
            rows.append([f"M-{case['approach']}-{day:%Y%m%d}", day, ref, rng.random() < 0.3, rng.random() < 0.08])
            day = tables.on_or_after(case["approach"], day + DAY * max(7, round(rng.gauss(*DISCUSSION_DAYS))))
    added["discussions.csv"] = _append(directory / "discussions.csv", sorted(rows, key=lambda row: (row[1], row[2])))
    added["police_registrations.csv"] = _police(directory, data, region, rows, last, as_of, seed)

    rng = random.Random(f"{seed}:present:measurements")
    rows = []
    for ref in open_refs:
        levels = dict(data.levels.get(ref, {}))
        if not levels:
            continue
        end = data.ended.get(ref)
        until = as_of - DAY * rng.randint(*BEHIND_DAYS) if rng.random() < BEHIND_SHARE else as_of
        until = min(until, end - DAY * 30) if end else until
        day = data.last_measured[ref] + DAY * max(30, round(rng.gauss(*MEASUREMENT_DAYS)))
        day = max(day, last + DAY)
        while day <= until:
            for domain in sorted(levels):
                levels[domain] = min(5, max(1, levels[domain] + rng.choice((-1, 0, 0, 0, 1, 1))))
                rows.append([ref, day, "tussenmeting", domain, levels[domain]])
            day += DAY * max(30, round(rng.gauss(*MEASUREMENT_DAYS)))
        if end and rng.random() < EINDMETING_SHARE:
            for domain in sorted(levels):
                rows.append([ref, end, "eindmeting", domain, min(5, levels[domain] + rng.choice((0, 0, 1)))])
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


def _police(directory: Path, data: _Dataset, region: Region, discussions: list[list], last: datetime.date,
            as_of: datetime.date, seed: int) -> int:
    """Police registrations of the persons the house first meets after the last day (no registration yet, no case
    decided by then): around their first discussion, or around the triage day when declined. Rows are appended;
    nobody counted in a figure up to the last day is touched."""
    _, people = read_rows(directory / "persons.csv")
    birth = {row[0]: datetime.date.fromisoformat(row[4]) for row in people}
    adults: dict[str, list[str]] = defaultdict(list)
    if (directory / "system_members.csv").exists():
        for system_ref, person_ref, role in read_rows(directory / "system_members.csv")[1]:
            if role == "ouder":
                adults[system_ref].append(person_ref)
    registered = {row[0] for row in read_rows(directory / "police_registrations.csv")[1]}
    known = set(registered)
    cases = [dict(zip(data.cases_header, row, strict=True)) for row in data.cases]  # as triaged since the last day
    for case in cases:
        if case["triage_on"] and _date(case["triage_on"]) <= last:
            known.update(adults.get(case["subject_ref"]) or [case["subject_ref"]])
    first_discussion: dict[str, datetime.date] = {}
    for _meeting, day, ref, *_ in discussions:
        first_discussion[ref] = min(day, first_discussion.get(ref, day))
    rng = random.Random(f"{seed}:present:police")
    period = Period(last, as_of)
    rows = []
    for case in sorted(cases, key=lambda case: case["case_ref"]):
        ref = case["case_ref"]
        if not case["triage_on"] or _date(case["triage_on"]) <= last:
            continue
        profile = approach_profile(region.approach(case["approach"]))
        if case["triage_decision"] == "declined":
            pivot, (before, after) = _date(case["triage_on"]), declined_means(profile.police_before)
        elif ref in first_discussion:
            pivot, before, after = first_discussion[ref], profile.police_before, profile.police_after
        else:
            continue
        for person_ref in adults.get(case["subject_ref"]) or [case["subject_ref"]]:
            if person_ref in known or person_ref not in birth:
                continue
            known.add(person_ref)
            person = Person(person_ref, "", "", birth[person_ref], case["municipality"], male=False)
            rows += [registration.row() for registration in police_registrations(
                person, pivot, before=before, after=after, period=period, rng=rng)]
    return _append(directory / "police_registrations.csv", rows)


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
            if row[column["case_ref"]] in data.ended:  # the case closed since: its plan is finished
                draw = max(draw, STILL_RUNNING_SHARE)
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
        end = data.ended.get(ref)
        since = max(last, _date(case["start_date"]))
        for _ in range(sum(rng.random() < NEW_INTERVENTIONS_PER_HALF_YEAR for _ in range(half_years))):
            code = rng.choice(favoured) if rng.random() < 0.8 else rng.choice(codes)
            agreed_on = as_of - DAY * round((as_of - since - DAY).days * rng.random() ** 1.5)
            if agreed_on <= since:
                continue
            if end is not None:
                if agreed_on >= end:
                    continue
                status = "done" if rng.random() < 0.8 else "cancelled"
            elif (as_of - agreed_on).days < RECENT_DAYS:
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


def _closures(data: _Dataset, region: Region, last: datetime.date, as_of: datetime.date, seed: int) -> Counter[str]:
    """Some trajectories that were in regie on the last day closed since (not by transfer or death); return how
    many per approach."""
    rng = random.Random(f"{seed}:present:closures")
    column = {name: index for index, name in enumerate(data.cases_header)}
    share = 1 - (1 - CLOSED_PER_YEAR) ** ((as_of - last).days / 365.25)
    reasons = [reason for reason in END_REASONS if reason not in (TRANSFER_REASON, "overleden")]
    closed: Counter[str] = Counter()
    latest_end = as_of - DAY * RECENT_DAYS
    in_regie = set(data.open)
    for row in data.cases:
        ref = row[column["case_ref"]]
        if ref not in in_regie or latest_end <= last or rng.random() >= share:
            continue
        end = last + DAY * rng.randint(1, (latest_end - last).days)
        profile = approach_profile(region.approach(row[column["approach"]]))
        row[column["end_date"]] = end.isoformat()
        row[column["end_reason"]] = rng.choices(reasons, [profile.end_reasons.get(r, 0) for r in reasons])[0]
        data.case[ref] = {name: row[index] for name, index in column.items()}
        data.ended[ref] = end
        closed[row[column["approach"]]] += 1
    return closed


class _Acceptance:
    """Accepts a registration after the last day: at the table of its approach, directed by its least busy
    procesregisseur, with the reporter taking part and a nulmeting."""

    def __init__(self, data: _Dataset, region: Region, as_of: datetime.date, rng: random.Random):
        self._data, self._as_of, self._rng = data, as_of, rng
        self._column = {name: index for index, name in enumerate(data.cases_header)}
        self._load: dict[str, Counter[str]] = defaultdict(Counter)  # table -> regisseur -> open cases
        for ref in data.open:
            case = data.case[ref]
            if case.get("table") and case.get("regisseur") and ref not in data.ended:
                self._load[case["table"]][case["regisseur"]] += 1
        self._domains = [domain.code for domain in region.domains]
        self.house = Partners(region, rng).house
        self.nulmetingen: list[list] = []
        self.reporters: list[tuple[str, str, datetime.date]] = []

    def accept(self, row: list[str], triage_on: datetime.date) -> None:
        rng, column, data = self._rng, self._column, self._data
        ref = row[column["case_ref"]]
        start = min(self._as_of, triage_on + DAY * rng.randint(0, 7))
        row[column["triage_on"]] = triage_on.isoformat()
        row[column["triage_decision"]], row[column["start_date"]] = "accepted", start.isoformat()
        table = table_ref(row[column["approach"]])
        if "table" in column and self._load.get(table):
            regisseur = min(self._load[table], key=lambda username: (self._load[table][username], username))
            self._load[table][regisseur] += 1
            row[column["table"]], row[column["regisseur"]] = table, regisseur
            reporter = row[column["reported_by"]]
            row[column["case_holder"]] = "" if reporter == self.house else reporter
        data.case[ref] = {name: row[index] for name, index in column.items()}
        data.open.append(ref)
        if row[column["reported_by"]] != self.house:
            self.reporters.append((ref, row[column["reported_by"]], start))
        measured_on = min(self._as_of, start + DAY * rng.randint(0, 21))
        base = rng.gauss(2.3, 0.4)
        for domain in self._domains:
            level = min(5, max(1, round(rng.gauss(base, 0.8))))
            data.levels[ref][domain] = level
            self.nulmetingen.append([ref, measured_on, "nulmeting", domain, level])
        data.last_measured[ref] = measured_on


def _triage_waiting(
    data: _Dataset, region: Region, last: datetime.date, as_of: datetime.date, seed: int
) -> tuple[list[list], list[tuple[str, str, datetime.date]]]:
    """Triage the registrations that were waiting on the last day, in the weeks after it: most are accepted
    (`_Acceptance`), the others declined. Returns the nulmeting rows and (case, reporter, since) of the reporters
    that take part."""
    rng = random.Random(f"{seed}:present:triage")
    column = {name: index for index, name in enumerate(data.cases_header)}
    acceptance = _Acceptance(data, region, as_of, rng)
    for row in data.cases:
        if row[column["triage_decision"]]:
            continue
        triage_on = previous_workday(max(_date(row[column["registered_on"]]), last) + DAY * rng.randint(3, 25))
        if triage_on > as_of:
            continue
        if rng.random() < 0.2:
            row[column["triage_on"]], row[column["triage_decision"]] = triage_on.isoformat(), "declined"
            continue
        acceptance.accept(row, triage_on)
    return acceptance.nulmetingen, acceptance.reporters


def _known_subjects(data: _Dataset) -> dict[str, dict]:
    """Subjects that may be registered again, each with its latest case: not deceased, nothing open."""
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
    gone = busy | died
    return {subject: case for subject, case in sorted(latest.items()) if subject not in gone and case["end_date"]}


def _new_case(data: _Dataset, region: Region, rng: random.Random, subject: str, previous: dict, on: datetime.date):
    numbers = [int(ref[1:]) for ref in data.case if ref[1:].isdigit()]
    values = {
        "case_ref": f"C{max(numbers, default=0) + 1:06d}", "subject_ref": subject, "approach": previous["approach"],
        "municipality": previous["municipality"], "registered_on": on.isoformat(),
        "reported_by": Partners(region, rng).of(rng.choice(REPORTERS), previous["municipality"]),
    }
    row = [values.get(name, "") for name in data.cases_header]
    data.case[values["case_ref"]] = dict(zip(data.cases_header, row, strict=True))
    return row


def _arrivals(
    data: _Dataset, region: Region, closed: Counter[str], last: datetime.date, as_of: datetime.date, seed: int
) -> tuple[list[list], list[tuple[str, str, datetime.date]]]:
    """As many trajectories as closed since the last day start again, per approach: known subjects registered
    between the last day and a month ago, accepted (`_Acceptance`)."""
    rng = random.Random(f"{seed}:present:arrivals")
    acceptance = _Acceptance(data, region, as_of, rng)
    latest_on = as_of - DAY * RECENT_DAYS
    if latest_on <= last:
        return [], []
    taken = set()
    for approach in sorted(closed):
        for _ in range(closed[approach]):
            on = previous_workday(last + DAY * rng.randint(1, (latest_on - last).days))
            subjects = [
                subject for subject, case in _known_subjects(data).items()
                if case["approach"] == approach and subject not in taken and _date(case["end_date"]) <= on - DAY * 30
            ]
            if not subjects:
                continue
            subject = rng.choice(subjects)
            taken.add(subject)
            row = _new_case(data, region, rng, subject, _known_subjects(data)[subject], on)
            data.cases.append(row)
            acceptance.accept(row, previous_workday(on + DAY * rng.randint(3, 25)))
    return acceptance.nulmetingen, acceptance.reporters


def _registrations(data: _Dataset, region: Region, as_of: datetime.date, seed: int) -> list[list]:
    """New registrations of known subjects, waiting for triage: registered in the last weeks before `as_of`, one to
    three for every approach that has cases in regie (so each table has some to triage) and a few more.

    The subjects are persons and systems whose last case closed (not by death) at least two months ago and who
    have no registration open; each is registered for the approach of that case again.
    """
    rng = random.Random(f"{seed}:present:registrations")
    by_approach: dict[str, list[str]] = defaultdict(list)
    known = _known_subjects(data)
    for subject, case in known.items():
        if _date(case["end_date"]) <= as_of - DAY * 60:
            by_approach[case["approach"]].append(subject)
    in_regie = sorted({data.case[ref]["approach"] for ref in data.open if ref not in data.ended})
    chosen = [
        subject for approach in in_regie
        for subject in rng.sample(by_approach[approach], min(rng.randint(*PER_APPROACH), len(by_approach[approach])))
    ]
    rest = sorted(subject for subjects in by_approach.values() for subject in subjects if subject not in chosen)
    chosen += rng.sample(rest, min(rng.randint(*EXTRA_REGISTRATIONS), len(rest)))
    registered = sorted(previous_workday(as_of - DAY * rng.randint(0, PENDING_WITHIN_DAYS)) for _ in chosen)
    return [
        _new_case(data, region, rng, subject, known[subject], on)
        for subject, on in zip(chosen, registered, strict=True)
    ]
