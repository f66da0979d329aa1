"""An independent implementation of shared/spec/outcomes.md: the spec read literally over the CSV files of an
interchange dataset (shared/spec/interchange.md), with none of the report's code.

Written from the spec's wording and the definition choices of the plan (docs/decisions/0022), not from
`reporting.outcomes`: plain Python over the rows, one person at a time, no queries. Where the spec leaves room:
- a person's reference day `d` for approach A is the earliest `discussions.csv` date over the cases of A's
  subtree whose subject is the person or a system the person is a member of (membership has no dates);
- deceased: an eligible person with a case of A's subtree (theirs, or a system's they are a member of) that ended
  `overleden` on or before `d + 365`;
- comparison: persons (subject, or members of the subject system) of a declined registration of A's subtree with
  `triage_on` in the window, `d` = the earliest such `triage_on`, leaving out everyone with a trajectory (a case
  with a `start_date`: "in regie") of A's subtree, whatever its dates;
- domain progress: the annual report's rule (earliest `nulmeting`, latest `eindmeting` per case and domain; ties
  on date: the later row in the file), only domains with n > 0;
- count maps (`by_kind`, the statuses of `follow_through`, `overdue`) leave out zeros.

`ci95_change_pct` (the bootstrap) is informational and not part of the exact check: `exact()` drops it.
"""

import datetime
import math
from collections import Counter, defaultdict
from pathlib import Path

from tests.reporting.annual_oracle import day, read  # reading the CSV files, nothing of the report

YEAR = datetime.timedelta(days=365)
DAY = datetime.timedelta(days=1)
Z = 1.96
STATUSES = ("agreed", "running", "done", "cancelled")


def change_pct(before: int, after: int) -> float | None:
    return None if before == 0 else round(100 * (after - before) / before, 1)


def wilson95(successes: int, n: int) -> list[float]:
    """The Wilson score interval of successes / n (z = 1.96), in %, rounded to 1 decimal."""
    p = successes / n
    denominator = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / denominator
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / denominator
    return [round(100 * (centre - half), 1), round(100 * (centre + half), 1)]


class Dataset:
    """The CSV files of one dataset, read once."""

    def __init__(self, directory: Path):
        self.approaches = {row["code"]: row for row in read(directory, "approaches.csv")}
        self.children = defaultdict(list)
        for code, row in self.approaches.items():
            if row["parent"]:
                self.children[row["parent"]].append(code)
        self.members = defaultdict(set)
        for row in read(directory, "system_members.csv"):
            self.members[row["system_ref"]].add(row["person_ref"])
        self.cases = read(directory, "cases.csv")
        self.case = {row["case_ref"]: row for row in self.cases}
        self.discussions = read(directory, "discussions.csv")
        self.measurements = read(directory, "measurements.csv")
        self.interventions = read(directory, "case_interventions.csv")
        self.police = defaultdict(list)  # person → [(date, kind)]
        for row in read(directory, "police_registrations.csv"):
            self.police[row["person_ref"]].append((day(row["date"]), row["kind"]))

    def subtree(self, code: str) -> set[str]:
        return {code, *(member for child in self.children[code] for member in self.subtree(child))}

    def persons_of(self, case: dict) -> set[str]:
        """The persons a case is about: its subject, or the members of its subject system."""
        if self.approaches[case["approach"]]["unit"] == "system":
            return set(self.members[case["subject_ref"]])
        return {case["subject_ref"]}


def figures(data: Dataset, reference: dict[str, datetime.date], as_of: datetime.date,
            deceased: dict[str, list[datetime.date]]) -> dict:
    """The recidivism figures of the persons in `reference` (person → d, all in the window)."""
    n = not_eligible = excluded_deceased = 0
    before = after = any_before = any_after = 0
    by_kind = defaultdict(lambda: {"before": 0, "after": 0})
    for person, d in reference.items():
        if not d + YEAR <= as_of:
            not_eligible += 1
            continue
        if any(end <= d + YEAR for end in deceased.get(person, ())):
            excluded_deceased += 1
            continue
        n += 1
        mine_before = [kind for date, kind in data.police[person] if d - YEAR <= date <= d - DAY]
        mine_after = [kind for date, kind in data.police[person] if d + DAY <= date <= d + YEAR]
        before += len(mine_before)
        after += len(mine_after)
        any_before += bool(mine_before)
        any_after += bool(mine_after)
        for kind in mine_before:
            by_kind[kind]["before"] += 1
        for kind in mine_after:
            by_kind[kind]["after"] += 1
    return {
        "n": n, "not_eligible": not_eligible, "excluded_deceased": excluded_deceased,
        "registrations_before": before, "registrations_after": after, "change_pct": change_pct(before, after),
        "persons_any_before": any_before, "persons_any_after": any_after,
        "by_kind": {kind: pair for kind, pair in by_kind.items() if pair["before"] + pair["after"] > 0},
    }


def recidivism(data: Dataset, codes: set[str], first: datetime.date, last: datetime.date,
               as_of: datetime.date) -> dict:
    # Reference day: the earliest discussion of a case of the subtree about the person.
    earliest: dict[str, datetime.date] = {}
    for row in data.discussions:
        case = data.case[row["case_ref"]]
        if case["approach"] not in codes:
            continue
        for person in data.persons_of(case):
            date = day(row["date"])
            if person not in earliest or date < earliest[person]:
                earliest[person] = date
    cohort = {person: d for person, d in earliest.items() if first <= d <= last}
    deceased = defaultdict(list)  # person → end dates of their 'overleden' cases in the subtree
    in_regie = set()  # persons ever in regie in the subtree (any trajectory, any date)
    for case in data.cases:
        if case["approach"] not in codes:
            continue
        if case["start_date"]:
            in_regie |= data.persons_of(case)
        if case["end_reason"] == "overleden":
            for person in data.persons_of(case):
                deceased[person].append(day(case["end_date"]))
    result = figures(data, cohort, as_of, deceased)

    declined: dict[str, datetime.date] = {}
    for case in data.cases:
        if case["approach"] not in codes or case["triage_decision"] != "declined":
            continue
        triage_on = day(case["triage_on"])
        if not first <= triage_on <= last:
            continue
        for person in data.persons_of(case) - in_regie:
            if person not in declined or triage_on < declined[person]:
                declined[person] = triage_on
    result["comparison"] = figures(data, declined, as_of, {})
    return result


def domain_progress(data: Dataset, codes: set[str], first: datetime.date, last: datetime.date) -> dict:
    ended = {row["case_ref"] for row in data.cases
             if row["approach"] in codes and row["start_date"] and row["end_date"]
             and first <= day(row["end_date"]) <= last}
    nul, eind = {}, {}  # (case, domain) → (date, level); file order decides ties
    for row in data.measurements:
        if row["case_ref"] not in ended:
            continue
        key, date = (row["case_ref"], row["domain"]), day(row["date"])
        if row["kind"] == "nulmeting" and (key not in nul or date <= nul[key][0]):
            nul[key] = (date, int(row["level"]))
        if row["kind"] == "eindmeting" and (key not in eind or date >= eind[key][0]):
            eind[key] = (date, int(row["level"]))
    counts = defaultdict(Counter)
    for key, (_, level) in eind.items():
        if key in nul:
            delta = level - nul[key][1]
            counts[key[1]]["improved" if delta > 0 else "same" if delta == 0 else "worse"] += 1
    progress = {}
    for domain, count in counts.items():
        n = count["improved"] + count["same"] + count["worse"]
        progress[domain] = {"n": n, "improved": count["improved"], "same": count["same"], "worse": count["worse"],
                            "improved_pct": round(100 * count["improved"] / n, 1),
                            "wilson95": wilson95(count["improved"], n)}
    return progress


def follow_through(data: Dataset, codes: set[str], first: datetime.date, last: datetime.date,
                   as_of: datetime.date) -> dict:
    result = defaultdict(Counter)
    for row in data.interventions:
        if data.case[row["case_ref"]]["approach"] not in codes or not first <= day(row["agreed_on"]) <= last:
            continue
        counts = result[row["organisation"]]
        counts[row["status"]] += 1
        if row["status"] in ("agreed", "running") and row.get("due_date") and day(row["due_date"]) < as_of:
            counts["overdue"] += 1
    return {organisation: dict(+counts) for organisation, counts in result.items()}


def oracle(directory: Path, first: datetime.date, last: datetime.date, as_of: datetime.date) -> dict:
    """The spec's document (without `ci95_change_pct`) for the window [first, last] and `as_of`, literally."""
    data = Dataset(directory)
    approaches = {}
    for code in data.approaches:
        codes = data.subtree(code)
        approaches[code] = {
            "recidivism": recidivism(data, codes, first, last, as_of),
            "domain_progress": domain_progress(data, codes, first, last),
            "follow_through": follow_through(data, codes, first, last, as_of),
        }
    return {"report": "outcomes", "version": 1, "from": first.isoformat(), "to": last.isoformat(),
            "as_of": as_of.isoformat(), "approaches": approaches}


def exact(document: dict) -> dict:
    """The document without its informational bootstrap intervals (`ci95_change_pct`, also in `comparison`)."""

    def strip(value):
        if isinstance(value, dict):
            return {key: strip(item) for key, item in value.items() if key != "ci95_change_pct"}
        return value

    return strip(document)
