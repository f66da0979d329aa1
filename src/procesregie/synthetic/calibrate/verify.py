"""The annual-report figures of a dataset directory (version 2: with the signals of signals.csv), computed from
its CSV files alone (no database), and the comparison of a report with a target.

This follows shared/spec/annual-report.md with the choices of `procesregie.reporting.annual` (a parent
rolls up its whole subtree; distinct counts are distinct over the union; durations of a parent by its own
scheme) and uses that package's pure definitions. The calibrated generator checks its own output with it,
so a dataset that would not reproduce its target is never reported as a success.
"""

import csv
from collections import Counter, defaultdict
from pathlib import Path

from procesregie.reporting.annual.definitions import (
    DURATION_BUCKETS,
    FLOW_KEYS,
    MUNICIPALITY_KEYS,
    Period,
    delta_key,
    duration_bucket,
    flow_of,
    whole_months,
)

# A version 1 target is met by a version 2 report: "version" names the shape, not a figure.
SKIPPED_KEYS = {"name", "parent", "duration_scheme", "unit", "reference", "version"}


def _rows(directory: Path, name: str) -> list[dict[str, str]]:
    path = Path(directory) / name
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _date(value: str):
    import datetime

    return datetime.date.fromisoformat(value) if value else None


class _Tally:
    def __init__(self):
        self.flow = Counter()
        self.reasons = Counter()
        self.reporters = Counter()
        self.kinds = Counter()
        self.declined = 0
        self.months = Counter()
        self.places = defaultdict(Counter)
        self.discussions = Counter()
        self.subjects = set()
        self.progress = defaultdict(Counter)
        self.interventions = Counter()
        self.systems = set()
        self.signals = Counter()  # "count", "to_registration"
        self.signal_kinds = Counter()
        self.signal_reporter_kinds = Counter()

    def add(self, other: "_Tally") -> None:
        for name in ("flow", "reasons", "reporters", "kinds", "months", "discussions", "interventions", "signals",
                     "signal_kinds", "signal_reporter_kinds"):
            getattr(self, name).update(getattr(other, name))
        self.declined += other.declined
        for name in ("places", "progress"):
            for key, counts in getattr(other, name).items():
                getattr(self, name)[key].update(counts)
        self.subjects |= other.subjects
        self.systems |= other.systems


def dataset_report(directory: Path, year: int) -> dict:
    """The report's JSON shape for `year`, computed from the dataset's files."""
    period = Period.of(year)
    approaches = {row["code"]: row for row in _rows(directory, "approaches.csv")}
    district_of = {row["code"]: row["district"] for row in _rows(directory, "municipalities.csv")}
    kind_of = {row["code"]: row["kind"] for row in _rows(directory, "organisations.csv")}
    domain_order = [row["code"] for row in _rows(directory, "domains.csv")]
    members = defaultdict(set)
    for row in _rows(directory, "system_members.csv"):
        members[row["system_ref"]].add(row["person_ref"])
    cases = {row["case_ref"]: row for row in _rows(directory, "cases.csv")}
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    ended_in_year = {}
    for ref, case in cases.items():
        tally = tallies[case["approach"]]
        if case["triage_decision"] == "declined" and case["triage_on"] and _date(case["triage_on"]) in period:
            tally.declined += 1
        if not case["start_date"]:
            continue
        start, end = _date(case["start_date"]), _date(case["end_date"])
        flow = flow_of(period, start, end, case["end_reason"] or None, bool(case["transferred_from"]))
        tally.flow.update(flow)
        if flow["outflow"] or flow["transfer_out"]:
            tally.reasons[case["end_reason"]] += 1
            tally.months[whole_months(start, end)] += 1
            ended_in_year[ref] = case["approach"]
        if flow["inflow"]:
            tally.reporters[case["reported_by"]] += 1
            tally.kinds[kind_of[case["reported_by"]]] += 1
        if flow["caseload"] and case["subject_ref"] in members:
            tally.systems.add(case["subject_ref"])
        figures = {"start": flow["start"], "end": flow["end"], "plus": flow["inflow"] + flow["transfer_in"],
                   "minus": flow["outflow"] + flow["transfer_out"]}
        if any(figures.values()):
            tally.places[case["municipality"]].update(figures)
    for row in _rows(directory, "discussions.csv"):
        if _date(row["date"]) in period:
            case = cases[row["case_ref"]]
            tally = tallies[case["approach"]]
            tally.discussions["count"] += 1
            tally.discussions["client_present"] += row["client_present"] == "true"
            tally.discussions["expert_present"] += row["expert_present"] == "true"
            tally.subjects.add(case["subject_ref"])
    first_nul, last_eind = {}, {}
    for index, row in enumerate(_rows(directory, "measurements.csv")):
        if row["case_ref"] not in ended_in_year:
            continue
        key = (row["case_ref"], row["domain"])
        if row["kind"] == "nulmeting":
            candidate = (_date(row["date"]), -index, int(row["level"]))
            if key not in first_nul or candidate < first_nul[key]:
                first_nul[key] = candidate
        elif row["kind"] == "eindmeting":
            candidate = (_date(row["date"]), index, int(row["level"]))
            if key not in last_eind or candidate > last_eind[key]:
                last_eind[key] = candidate
    for key, (_, _, level) in last_eind.items():
        if key in first_nul:
            progress = tallies[ended_in_year[key[0]]].progress[key[1]]
            progress[delta_key(level - first_nul[key][2])] += 1
            progress["n"] += 1
    for row in _rows(directory, "case_interventions.csv"):
        if _date(row["agreed_on"]) in period:
            tallies[cases[row["case_ref"]]["approach"]].interventions[row["intervention"]] += 1
    for row in _rows(directory, "signals.csv"):
        if _date(row["date"]) in period:
            tally = tallies[row["approach"]]
            tally.signals["count"] += 1
            tally.signals["to_registration"] += row["outcome"] == "aanmelding"
            tally.signal_kinds[row["kind"]] += 1
            tally.signal_reporter_kinds[kind_of[row["reported_by"]]] += 1

    children = defaultdict(list)
    for code, row in approaches.items():
        if row["parent"]:
            children[row["parent"]].append(code)

    def subtree(code: str) -> list[str]:
        return [code, *(member for child in children[code] for member in subtree(child))]

    def persons(systems: set) -> int:
        return len(set().union(*(members[s] for s in systems))) if systems else 0

    report = {"report": "annual", "version": 2, "year": year, "approaches": {}}
    for code in sorted(approaches):
        tally = _Tally()
        for member in subtree(code):
            tally.add(tallies[member])
        scheme = approaches[code]["duration_scheme"] or "years"
        buckets = Counter()
        for months, number in tally.months.items():
            buckets[duration_bucket(scheme, months)] += number
        districts = defaultdict(Counter)
        for municipality, figures in tally.places.items():
            districts[district_of[municipality]].update(figures)
        block = {
            "unit": approaches[code]["unit"],
            "flow": {key: tally.flow[key] for key in FLOW_KEYS},
            "outflow_by_reason": dict(sorted((k, v) for k, v in tally.reasons.items() if v)),
            "inflow_by_reporter": dict(sorted((k, v) for k, v in tally.reporters.items() if v)),
            "inflow_by_reporter_kind": dict(sorted((k, v) for k, v in tally.kinds.items() if v)),
            "declined": tally.declined,
            "durations": {key: buckets[key] for key, _, _ in DURATION_BUCKETS[scheme] if buckets[key]},
            "by_municipality": {m: {k: f[k] for k in MUNICIPALITY_KEYS} for m, f in sorted(tally.places.items())},
            "by_district": {d: {**{k: f[k] for k in MUNICIPALITY_KEYS}, "caseload": f["start"] + f["plus"]}
                            for d, f in sorted(districts.items())},
            "discussions": {"count": tally.discussions["count"], "unique_subjects": len(tally.subjects),
                            "client_present": tally.discussions["client_present"],
                            "expert_present": tally.discussions["expert_present"]},
            "domain_progress": {
                domain: dict(tally.progress[domain]) for domain in domain_order if tally.progress[domain]["n"]
            },
            "interventions": dict(sorted((k, v) for k, v in tally.interventions.items() if v)),
            "signals": {
                "count": tally.signals["count"],
                "by_kind": dict(sorted((k, v) for k, v in tally.signal_kinds.items() if v)),
                "by_reporter_kind": dict(sorted((k, v) for k, v in tally.signal_reporter_kinds.items() if v)),
                "to_registration": tally.signals["to_registration"],
            },
            # Not part of the interchange format: an imported dataset has no escalations.
            "escalations": {"count": 0, "resolved": 0, "by_outcome": {}},
        }
        if approaches[code]["unit"] == "system":
            block["persons_involved"] = persons(tally.systems)
        report["approaches"][code] = block
    report["totals"] = {}
    for unit in ("person", "system"):
        leaves = [code for code, row in approaches.items() if row["unit"] == unit and not children[code]]
        tally = _Tally()
        for code in leaves:
            tally.add(tallies[code])
        totals = {key: tally.flow[key] for key in ("start", "inflow", "outflow", "end", "caseload")}
        if unit == "system":
            totals["persons_involved"] = persons(tally.systems)
        report["totals"][unit] = totals
    return report


def mismatches(target, report, path: str = "") -> list[str]:
    """Every figure of `target` that `report` does not have: "approaches.topx-west.flow.start: target 32,
    report 31". Count maps only for the keys the target lists (a key the report leaves out is 0)."""
    found = []
    if isinstance(target, dict):
        for key, value in target.items():
            if key in SKIPPED_KEYS or key.startswith("_"):
                continue
            here = f"{path}.{key}" if path else key
            other = report.get(key) if isinstance(report, dict) else None
            if isinstance(value, dict):
                found += mismatches(value, other if isinstance(other, dict) else {}, here)
            else:
                actual = 0 if other is None and isinstance(value, int) else other
                if actual != value:
                    found.append(f"{here}: target {value}, report {actual}")
    return found
