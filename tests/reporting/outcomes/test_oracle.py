"""`report outcomes --format json` on a generated dataset against the spec computed independently over its CSV files.

The dataset is the annual oracle's (the demo region, seed 11, imported by its `demo` fixture), with a few persons
added on the edges of the spec (registrations on the reference day and 365/366 days away, a person declined and
later accepted, a person declined in two children of a parent and in regie elsewhere, deaths on `d + 365` and
`d + 366`, a household whose trajectory ended `overleden`, a person first discussed in two children) and imported
again. The oracle (oracle.py) reads the same CSV files with none of the report's code; every figure except the
informational bootstrap interval must be equal, for windows that cut cohorts and `as_of` dates that leave persons
without a full year of follow-up.
"""

import csv
import datetime
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from ..test_annual_oracle import demo  # noqa: F401 - the annual oracle's dataset fixture, reused
from .oracle import Dataset, exact, oracle

D = datetime.date
YEAR = datetime.timedelta(days=365)
DAY = datetime.timedelta(days=1)

WINDOWS = [
    # (from, to, as_of)
    (D(2023, 1, 1), D(2023, 12, 31), D(2026, 12, 6)),  # a cohort year, everyone followed for a full year
    (D(2023, 4, 15), D(2024, 6, 30), D(2025, 3, 1)),  # a window that cuts cohort years; some not eligible
    (D(2022, 7, 1), D(2023, 6, 30), D(2024, 3, 9)),  # as_of = d + 365 of the edge person XA: just eligible
    (D(2024, 1, 1), D(2024, 12, 31), D(2025, 6, 30)),  # a recent year: many not eligible yet
    (D(2020, 1, 1), D(2025, 12, 31), D(2026, 12, 6)),  # everything
]
XA_D = D(2023, 3, 10)  # reference day of XA (first discussed in topx-west)


def append(directory: Path, name: str, rows: list[dict]) -> None:
    """Add rows to a CSV file of the dataset, in the file's own column order (missing columns empty)."""
    path = directory / name
    with path.open(newline="", encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle))
    with path.open("a", newline="", encoding="utf-8") as handle:
        csv.DictWriter(handle, header, restval="", lineterminator="\n").writerows(rows)


def edge_rows() -> dict[str, list[dict]]:
    """Persons on the edges of the spec, in the demo region's approaches (topx ⊃ topx-oost, topx-west,
    topx-stad ⊃ topx-jeugd, topx-volwassenen; levensloop; mda, a system approach)."""
    persons, cases, discussions, police = [], [], [], []
    meetings = iter(range(1, 100))

    def person(ref):
        persons.append({"person_ref": ref, "given_name": "Rand", "family_name": ref, "birth_date": "1990-01-01",
                        "municipality": "GM0344"})

    def case(ref, subject, approach, triage_on, decision="accepted", start="", end="", reason=""):
        cases.append({"case_ref": ref, "subject_ref": subject, "approach": approach, "municipality": "GM0344",
                      "reported_by": "politie-midden-nederland", "registered_on": triage_on,
                      "triage_decision": decision, "triage_on": triage_on, "start_date": start, "end_date": end,
                      "end_reason": reason})

    def discussed(case_ref, date):
        discussions.append({"meeting_ref": f"XM-{next(meetings)}", "date": date.isoformat(), "case_ref": case_ref,
                            "client_present": "false", "expert_present": "false"})

    def registrations(ref, *dates, kind="misdrijf"):
        police.extend({"person_ref": ref, "date": date.isoformat(), "kind": kind} for date in dates)

    # XA: declined in topx-west, then accepted there (so never in its comparison group); registrations on d,
    # d ± 1, d ± 365 (counted) and d ± 366 (not counted).
    person("XA")
    case("XA-declined", "XA", "topx-west", "2023-02-01", decision="declined")
    case("XA-1", "XA", "topx-west", "2023-03-01", start="2023-03-02")
    discussed("XA-1", XA_D)
    discussed("XA-1", XA_D + 30 * DAY)
    registrations("XA", XA_D, XA_D - DAY, XA_D + DAY, XA_D - YEAR, XA_D + YEAR, XA_D - YEAR - DAY, XA_D + YEAR + DAY)
    registrations("XA", XA_D - 10 * DAY, kind="overtreding")
    # XB: in regie in levensloop only; declined in topx-oost (2022), topx-volwassenen and topx-jeugd (2023): in the
    # comparison group of those children and of topx-stad and topx, with the earliest declined day in the window.
    person("XB")
    case("XB-lev", "XB", "levensloop", "2022-06-01", start="2022-06-01")
    discussed("XB-lev", D(2022, 6, 10))
    case("XB-oost", "XB", "topx-oost", "2022-11-01", decision="declined")
    case("XB-volw", "XB", "topx-volwassenen", "2023-02-01", decision="declined")
    case("XB-jeugd", "XB", "topx-jeugd", "2023-05-05", decision="declined")
    registrations("XB", D(2022, 3, 1), D(2022, 9, 1), D(2023, 1, 15), D(2023, 3, 1), D(2023, 7, 1), D(2024, 1, 20))
    registrations("XB", D(2022, 12, 1), D(2023, 6, 1), kind="overtreding")
    # XC, XD: in topx-oost, died on d + 365 (left out) and d + 366 (counted).
    for ref, days in (("XC", 365), ("XD", 366)):
        person(ref)
        d = D(2023, 6, 5)
        case(f"{ref}-1", ref, "topx-oost", "2023-06-01", start="2023-06-01", end=(d + days * DAY).isoformat(),
             reason="overleden")
        discussed(f"{ref}-1", d)
        registrations(ref, d - 100 * DAY, d + 100 * DAY)
    # XF: first discussed in topx-volwassenen, later in topx-jeugd: once in topx-stad and topx, in both children.
    person("XF")
    case("XF-volw", "XF", "topx-volwassenen", "2023-01-20", start="2023-01-20", end="2023-07-01",
         reason="overdracht_intern")
    discussed("XF-volw", D(2023, 2, 1))
    case("XF-jeugd", "XF", "topx-jeugd", "2023-07-01", start="2023-07-01")
    discussed("XF-jeugd", D(2023, 8, 1))
    registrations("XF", D(2022, 5, 1), D(2023, 5, 1), D(2024, 5, 1))
    # XS: a household in mda whose trajectory ended 'overleden' within the year: both members left out.
    person("XM1")
    person("XM2")
    case("XS-1", "XS", "mda", "2023-05-01", start="2023-05-01", end="2024-01-10", reason="overleden")
    discussed("XS-1", D(2023, 5, 15))
    registrations("XM1", D(2022, 12, 24), D(2023, 9, 1))
    return {
        "persons.csv": persons, "cases.csv": cases, "discussions.csv": discussions,
        "police_registrations.csv": police,
        "systems.csv": [{"system_ref": "XS", "name": "Huishouden XS", "municipality": "GM0344"}],
        "system_members.csv": [{"system_ref": "XS", "person_ref": "XM1", "role": "ouder"},
                               {"system_ref": "XS", "person_ref": "XM2", "role": "kind"}],
    }


@pytest.fixture
def dataset(demo):  # noqa: F811 - the imported fixture
    """The annual oracle's demo dataset with the edge persons added, imported again (an import upserts)."""
    directory, _ = demo
    for name, rows in edge_rows().items():
        append(directory, name, rows)
    call_command("import", str(directory), verbosity=0)
    return directory


def command_json(first: datetime.date, last: datetime.date, as_of: datetime.date) -> dict:
    out = io.StringIO()
    call_command("report", "outcomes", "--from", first.isoformat(), "--to", last.isoformat(),
                 "--as-of", as_of.isoformat(), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def assert_exercised(expected: dict, data: Dataset) -> None:
    """The first window's figures are not between empty reports: comparison groups, deaths, households, parents."""
    blocks = {code: block["recidivism"] for code, block in expected["approaches"].items()}
    assert sum(r["comparison"]["n"] for r in blocks.values()) > 10
    assert any(r["comparison"]["registrations_before"] and r["comparison"]["registrations_after"]
               for r in blocks.values())
    assert blocks["topx-oost"]["excluded_deceased"] >= 1 and blocks["mda"]["excluded_deceased"] >= 2
    assert data.approaches["mda"]["unit"] == "system"
    assert blocks["mda"]["n"] > 50 and blocks["mda"]["registrations_before"] > 0
    # Parents: over distinct persons (XF is in both children of topx-stad, once in topx-stad).
    assert data.approaches["topx-jeugd"]["parent"] == "topx-stad" and data.approaches["topx-stad"]["parent"] == "topx"
    stad = blocks["topx-stad"]["n"]
    assert stad < blocks["topx-jeugd"]["n"] + blocks["topx-volwassenen"]["n"]
    assert blocks["topx"]["n"] > max(stad, blocks["topx-oost"]["n"], blocks["topx-west"]["n"])
    assert sum(r["registrations_before"] for r in blocks.values()) > 1000
    assert {"misdrijf", "overtreding"} <= set(blocks["topx"]["by_kind"])
    assert any(block["domain_progress"] for block in expected["approaches"].values())
    assert any(figures.get("overdue") for block in expected["approaches"].values()
               for figures in block["follow_through"].values())


@pytest.mark.slow
def test_the_commands_json_equals_the_spec_computed_over_the_csv_files(dataset):
    data = Dataset(dataset)
    not_eligible = 0
    for first, last, as_of in WINDOWS:
        expected = oracle(dataset, first, last, as_of)
        actual = command_json(first, last, as_of)
        assert set(actual["approaches"]) == set(expected["approaches"]), (first, last, as_of)
        for code, block in expected["approaches"].items():
            assert exact(actual["approaches"][code]) == block, (first, last, as_of, code)
        assert exact(actual) == expected, (first, last, as_of)
        for block in actual["approaches"].values():  # the informational interval is there, in its shape
            for figures in (block["recidivism"], block["recidivism"]["comparison"]):
                interval = figures["ci95_change_pct"]
                assert interval is None or (len(interval) == 2 and all(isinstance(x, float) for x in interval))
        not_eligible += sum(block["recidivism"]["not_eligible"] for block in expected["approaches"].values())
        if (first, last, as_of) == WINDOWS[0]:
            assert_exercised(expected, data)
    assert not_eligible > 100


def test_the_oracle_counts_the_edges_as_the_spec_says(tmp_path):
    """The oracle itself on the edge persons alone (no database): XA's registrations on d and d ± 366 count in
    neither year, d ± 1 and d ± 365 do; XB is compared with their earliest declined day in the window; XC (died on
    d + 365) and the household XS are left out, XD (d + 366) is not."""
    directory = tmp_path / "edges"
    directory.mkdir()
    files = edge_rows()
    files["approaches.csv"] = [
        {"code": code, "name": code, "unit": unit, "duration_scheme": "years", "parent": parent}
        for code, unit, parent in (("topx", "person", ""), ("topx-oost", "person", "topx"),
                                   ("topx-west", "person", "topx"), ("topx-stad", "person", "topx"),
                                   ("topx-jeugd", "person", "topx-stad"), ("topx-volwassenen", "person", "topx-stad"),
                                   ("levensloop", "person", ""), ("mda", "system", ""))]
    for name, rows in files.items():
        with (directory / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, list(rows[0]), restval="", lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    result = oracle(directory, D(2023, 1, 1), D(2023, 12, 31), D(2026, 12, 6))["approaches"]
    west = result["topx-west"]["recidivism"]
    assert (west["n"], west["registrations_before"], west["registrations_after"]) == (1, 3, 2)
    assert west["by_kind"] == {"misdrijf": {"before": 2, "after": 2}, "overtreding": {"before": 1, "after": 0}}
    assert west["comparison"]["n"] == 0  # XA was declined, then accepted
    oost = result["topx-oost"]["recidivism"]
    assert (oost["n"], oost["excluded_deceased"], oost["comparison"]["n"]) == (1, 1, 0)  # XB's 2022 decline is out
    jeugd, stad = result["topx-jeugd"]["recidivism"]["comparison"], result["topx-stad"]["recidivism"]["comparison"]
    # XB around 2023-05-05 (topx-jeugd) and around 2023-02-01 (topx-stad, topx: the earliest in the window).
    assert (jeugd["n"], jeugd["registrations_before"], jeugd["registrations_after"]) == (1, 4, 3)
    assert (stad["n"], stad["registrations_before"], stad["registrations_after"]) == (1, 4, 4)
    assert result["topx"]["recidivism"]["comparison"] == stad
    assert result["topx-stad"]["recidivism"]["n"] == 1 and result["topx-jeugd"]["recidivism"]["n"] == 1
    mda = result["mda"]["recidivism"]
    assert (mda["n"], mda["excluded_deceased"]) == (0, 2)
    assert result["topx"]["recidivism"]["n"] == 3  # XA, XD, XF (once); XC left out
    early = oracle(directory, D(2023, 1, 1), D(2023, 12, 31), XA_D + YEAR - DAY)["approaches"]["topx-west"]
    assert early["recidivism"]["not_eligible"] == 1 and early["recidivism"]["n"] == 0
