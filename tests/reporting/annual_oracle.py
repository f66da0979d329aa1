"""An independent implementation of shared/spec/annual-report.md: the spec read literally over the CSV files of
an interchange dataset, with none of the report's code (and none of the calibrator's).

The report and the calibrated data generator share `whole_months`, `DURATION_BUCKETS` and `flow_of`; a golden test
that only compares the report with the target cannot see a wrong definition in them. This oracle can: every
definition is written out again below, from the spec's wording. File order breaks ties between measurements.

Version 2: `signals` from signals.csv; `escalations` are not in the interchange format (the installation's own
registration), so the caller passes them as rows (`case_ref`, `raised_on`, `resolved_on`, `outcome`).
"""

import csv
import datetime
from collections import Counter, defaultdict
from pathlib import Path


def read(directory: Path, name: str) -> list[dict]:
    path = directory / name
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def day(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def oracle(directory: Path, year: int, escalations: list[dict] = ()) -> dict:
    """The spec, literally, over the CSV files (and the escalations given)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    approaches = {row["code"]: row for row in read(directory, "approaches.csv")}
    children = defaultdict(list)
    for code, row in approaches.items():
        if row["parent"]:
            children[row["parent"]].append(code)

    def subtree(code):
        return [code, *(member for child in children[code] for member in subtree(child))]

    kinds = {row["code"]: row["kind"] for row in read(directory, "organisations.csv")}
    district = {row["code"]: row["district"] for row in read(directory, "municipalities.csv")}
    members = defaultdict(set)
    for row in read(directory, "system_members.csv"):
        members[row["system_ref"]].add(row["person_ref"])
    cases = read(directory, "cases.csv")
    by_ref = {row["case_ref"]: row for row in cases}
    trajectories = [row for row in cases if row["start_date"]]

    def in_year(value):
        return value is not None and first <= value <= last

    def figures(row):
        s, e = day(row["start_date"]), day(row["end_date"])
        internal = row["end_reason"] == "overdracht_intern"
        result = {
            "start": int(s < first and (e is None or e >= first)),
            "inflow": int(in_year(s) and not row["transferred_from"]),
            "transfer_in": int(in_year(s) and bool(row["transferred_from"])),
            "outflow": int(in_year(e) and not internal),
            "transfer_out": int(in_year(e) and internal),
            "end": int(s <= last and (e is None or e > last)),
        }
        result["caseload"] = result["start"] + result["inflow"] + result["transfer_in"]
        return result

    def months(row):
        s, e = day(row["start_date"]), day(row["end_date"])
        return 12 * (e.year - s.year) + (e.month - s.month) - (1 if e.day < s.day else 0)

    def bucket(scheme, m):
        if scheme == "months" and m < 12:
            return "0_6m" if m < 6 else "6_12m"
        return "lt_1y" if m < 12 else "1_2y" if m < 24 else "2_4y" if m < 48 else "gt_4y"

    nul, eind = {}, {}  # (case, domain) → level; file order decides ties
    for row in read(directory, "measurements.csv"):
        key, date = (row["case_ref"], row["domain"]), day(row["date"])
        if row["kind"] == "nulmeting" and (key not in nul or date <= nul[key][0]):
            nul[key] = (date, int(row["level"]))
        if row["kind"] == "eindmeting" and (key not in eind or date >= eind[key][0]):
            eind[key] = (date, int(row["level"]))
    deltas = defaultdict(list)
    for (case_ref, domain), (_, level) in eind.items():
        if (case_ref, domain) in nul:
            deltas[case_ref].append((domain, level - nul[(case_ref, domain)][1]))

    discussions = [row for row in read(directory, "discussions.csv") if in_year(day(row["date"]))]
    interventions = [row for row in read(directory, "case_interventions.csv") if in_year(day(row["agreed_on"]))]
    signals = [row for row in read(directory, "signals.csv") if in_year(day(row["date"]))]
    raised = [row for row in escalations if in_year(day(row["raised_on"]))]

    def block(code):
        codes = set(subtree(code))
        scheme = approaches[code]["duration_scheme"]
        own = [row for row in trajectories if row["approach"] in codes]
        flow = Counter()
        reasons, reporters, reporter_kinds, durations, progress = Counter(), Counter(), Counter(), Counter(), {}
        municipalities = defaultdict(Counter)
        systems = set()
        for row in own:
            f = figures(row)
            flow.update(f)
            if f["outflow"] or f["transfer_out"]:
                reasons[row["end_reason"]] += 1
                durations[bucket(scheme, months(row))] += 1
                for domain, delta in deltas[row["case_ref"]]:
                    counts = progress.setdefault(domain, Counter())
                    counts["+%d" % delta if delta > 0 else str(delta)] += 1
                    counts["n"] += 1
            if f["inflow"]:
                reporters[row["reported_by"]] += 1
                reporter_kinds[kinds[row["reported_by"]]] += 1
            if f["caseload"]:
                systems.add(row["subject_ref"])
            m = municipalities[row["municipality"]]
            m.update({"start": f["start"], "end": f["end"], "plus": f["inflow"] + f["transfer_in"],
                      "minus": f["outflow"] + f["transfer_out"]})
        districts = defaultdict(Counter)
        for code_, m in municipalities.items():
            if any(m.values()):
                districts[district[code_]].update(m)
        discussed = [row for row in discussions if by_ref[row["case_ref"]]["approach"] in codes]
        result = {
            "unit": approaches[code]["unit"],
            "flow": {key: flow[key] for key in ("start", "inflow", "transfer_in", "outflow", "transfer_out", "end",
                                                "caseload")},
            "outflow_by_reason": dict(+reasons), "inflow_by_reporter": dict(+reporters),
            "inflow_by_reporter_kind": dict(+reporter_kinds),
            "declined": sum(1 for row in cases if row["approach"] in codes and row["triage_decision"] == "declined"
                            and in_year(day(row["triage_on"]))),
            "durations": dict(+durations),
            "by_municipality": {k: {f: m[f] for f in ("start", "end", "plus", "minus")}
                                for k, m in municipalities.items() if any(m.values())},
            "by_district": {k: {"start": m["start"], "end": m["end"], "plus": m["plus"], "minus": m["minus"],
                                "caseload": m["start"] + m["plus"]} for k, m in districts.items()},
            "discussions": {
                "count": len(discussed),
                "unique_subjects": len({by_ref[row["case_ref"]]["subject_ref"] for row in discussed}),
                "client_present": sum(row["client_present"] == "true" for row in discussed),
                "expert_present": sum(row["expert_present"] == "true" for row in discussed),
            },
            "domain_progress": {domain: dict(+counts) for domain, counts in progress.items()},
            "interventions": dict(+Counter(row["intervention"] for row in interventions
                                           if by_ref[row["case_ref"]]["approach"] in codes)),
        }
        own_signals = [row for row in signals if row["approach"] in codes]
        result["signals"] = {
            "count": len(own_signals),
            "by_kind": dict(+Counter(row["kind"] for row in own_signals)),
            "by_reporter_kind": dict(+Counter(kinds[row["reported_by"]] for row in own_signals)),
            "to_registration": sum(row["outcome"] == "aanmelding" for row in own_signals),
        }
        own_escalations = [row for row in raised if by_ref[row["case_ref"]]["approach"] in codes]
        resolved = [row for row in own_escalations if row["resolved_on"] and day(row["resolved_on"]) <= last]
        result["escalations"] = {
            "count": len(own_escalations), "resolved": len(resolved),
            "by_outcome": dict(+Counter(row["outcome"] for row in resolved)),
        }
        if approaches[code]["unit"] == "system":
            result["persons_involved"] = len(set().union(*(members[s] for s in systems)))
        return result, systems

    blocks = {code: block(code) for code in approaches}
    totals = {}
    for unit in ("person", "system"):
        leaves = [code for code in approaches if approaches[code]["unit"] == unit and not children[code]]
        totals[unit] = {key: sum(blocks[code][0]["flow"][key] for code in leaves)
                        for key in ("start", "inflow", "outflow", "end", "caseload")}
        if unit == "system":
            systems = set().union(*(blocks[code][1] for code in leaves))
            totals[unit]["persons_involved"] = len(set().union(*(members[s] for s in systems)))
    return {"report": "annual", "version": 2, "year": year,
            "approaches": {code: blocks[code][0] for code in approaches}, "totals": totals}
