"""The recidivism figures of shared/spec/outcomes.md computed from a dataset's CSV files alone (no database), and
the comparison with an outcomes target: the recidivism calibration checks its own output with it, so a dataset
that would not give its target is never reported as a success.

With the outcomes report's definition choices (plan of issue 15): a person's reference day is the earliest
discussion of a case of the approach's subtree whose subject is the person or a system they are a member of;
deceased = a case of the subtree (theirs or their system's) ended `overleden` on or before d + 365; the
comparison group = persons of a registration of the subtree declined with triage in the window, d = the earliest
such triage day, leaving out persons with any case (accepted registration) in the subtree.
"""

import datetime
from collections import defaultdict
from pathlib import Path

from .verify import _date, _rows

YEAR = datetime.timedelta(days=365)
DAY = datetime.timedelta(days=1)


class DatasetRecidivism:
    """The files a recidivism figure needs, read once."""

    def __init__(self, directory: Path):
        self.children: dict[str, list[str]] = defaultdict(list)
        for row in _rows(directory, "approaches.csv"):
            self.children[row["parent"]].append(row["code"])
        self.members: dict[str, list[str]] = defaultdict(list)
        for row in _rows(directory, "system_members.csv"):
            self.members[row["system_ref"]].append(row["person_ref"])
        self.cases = _rows(directory, "cases.csv")
        self.discussed: dict[str, datetime.date] = {}
        for row in _rows(directory, "discussions.csv"):
            day = _date(row["date"])
            if row["case_ref"] not in self.discussed or day < self.discussed[row["case_ref"]]:
                self.discussed[row["case_ref"]] = day
        self.police: dict[str, list[tuple[datetime.date, str]]] = defaultdict(list)
        for row in _rows(directory, "police_registrations.csv"):
            self.police[row["person_ref"]].append((_date(row["date"]), row["kind"]))

    def subtree(self, code: str) -> set[str]:
        found, stack = set(), [code]
        while stack:
            current = stack.pop()
            found.add(current)
            stack += self.children.get(current, [])
        return found

    def persons(self, subject_ref: str) -> list[str]:
        return self.members.get(subject_ref) or [subject_ref]

    def figures(self, code: str, first: datetime.date, last: datetime.date, as_of: datetime.date) -> dict:
        subtree = self.subtree(code)
        cases = [row for row in self.cases if row["approach"] in subtree]
        reference: dict[str, datetime.date] = {}
        ended_dead: dict[str, list[datetime.date]] = defaultdict(list)
        in_regie: set[str] = set()
        for row in cases:
            persons = self.persons(row["subject_ref"])
            if row["start_date"]:
                in_regie.update(persons)
            if row["end_reason"] == "overleden":
                for person in persons:
                    ended_dead[person].append(_date(row["end_date"]))
            day = self.discussed.get(row["case_ref"])
            if day is not None:
                for person in persons:
                    reference[person] = min(day, reference.get(person, day))
        block = self._block(reference, first, last, as_of, ended_dead)
        declined: dict[str, datetime.date] = {}
        for row in cases:
            triage_on = _date(row["triage_on"])
            if row["triage_decision"] == "declined" and first <= triage_on <= last:
                for person in self.persons(row["subject_ref"]):
                    if person not in in_regie:
                        declined[person] = min(triage_on, declined.get(person, triage_on))
        block["comparison"] = self._block(declined, first, last, as_of, {})
        return block

    def _block(self, reference, first, last, as_of, ended_dead) -> dict:
        result = {"n": 0, "not_eligible": 0, "excluded_deceased": 0, "registrations_before": 0,
                  "registrations_after": 0, "persons_any_before": 0, "persons_any_after": 0}
        kinds: dict[str, dict[str, int]] = defaultdict(lambda: {"before": 0, "after": 0})
        for person, day in reference.items():
            if not first <= day <= last:
                continue
            if day + YEAR > as_of:
                result["not_eligible"] += 1
                continue
            if any(end <= day + YEAR for end in ended_dead.get(person, [])):
                result["excluded_deceased"] += 1
                continue
            result["n"] += 1
            sides = {"before": 0, "after": 0}
            for date, kind in self.police.get(person, []):
                side = "before" if day - YEAR <= date <= day - DAY else "after" if day + DAY <= date <= day + YEAR else ""
                if side:
                    sides[side] += 1
                    kinds[kind][side] += 1
            for side, number in sides.items():
                result[f"registrations_{side}"] += number
                result[f"persons_any_{side}"] += number > 0
        before, after = result["registrations_before"], result["registrations_after"]
        result["change_pct"] = round(100 * (after - before) / before, 1) if before else None
        result["by_kind"] = {kind: pair for kind, pair in sorted(kinds.items()) if sum(pair.values())}
        return result


def _compare(target: dict, actual: dict, path: str) -> list[str]:
    found = []
    for key, value in target.items():
        if key.startswith("_") or key in ("cohorts", "ci95_change_pct", "comparison"):
            continue
        if key == "by_kind":
            value = {kind: {"before": pair.get("before", 0), "after": pair.get("after", 0)} for kind, pair in
                     value.items() if pair.get("before", 0) + pair.get("after", 0)}
        if actual.get(key) != value:
            found.append(f"{path}.{key}: target {value}, dataset {actual.get(key)}")
    return found


def recidivism_mismatches(document: dict, directory: Path) -> list[str]:
    """'topx.recidivism.registrations_after: target 1185, dataset 1184' for every figure of the outcomes target
    (its window, each cohort year and the comparison group) that the dataset does not give."""
    data = DatasetRecidivism(directory)
    first, last, as_of = (datetime.date.fromisoformat(document[key]) for key in ("from", "to", "as_of"))
    found = []
    for code, block in document.get("approaches", {}).items():
        target = block.get("recidivism", {})
        path = f"{code}.recidivism"
        actual = data.figures(code, first, last, as_of)
        found += _compare(target, actual, path)
        if "comparison" in target:
            found += _compare(target["comparison"], actual["comparison"], f"{path}.comparison")
        for year, figures in target.get("cohorts", {}).items():
            low, high = max(first, datetime.date(int(year), 1, 1)), min(last, datetime.date(int(year), 12, 31))
            found += _compare(figures, data.figures(code, low, high, as_of), f"{path}.cohorts.{year}")
    return found
