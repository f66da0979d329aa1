"""`demo-data --calibrate TARGET.json`: datasets whose annual report reproduces a target exactly, and the
refusal of targets that cannot be met, naming the figure.

Two small targets written here: SMALL has the shape of the ZVHRU target (the built-in region, Top X with
its district tables and the Stad split, a months-scheme approach, by_district, a system approach with
persons_involved); CUSTOM brings its own reference and approaches and uses every kind of figure (transfers,
a parent with cases of its own, by_municipality, domain_progress, interventions, discussions, totals).
"""

import collections
import copy
import csv
import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from stdnum.nl import bsn as stdnum_bsn

from procesregie.reporting.annual import annual_report
from procesregie.synthetic.calibrate import CalibrationError, calibrate_dataset
from procesregie.synthetic.calibrate.target import parse_target
from procesregie.synthetic.calibrate.verify import dataset_report, mismatches
from procesregie.synthetic.generator import generate_dataset

from . import test_generator as generator_checks

CONSOLE = Path(sys.executable).parent / "procesregie"
SEED = 5

SMALL = {
    "report": "annual", "version": 2, "year": 2023,
    "approaches": {
        "topx-oost": {
            "flow": {"inflow": 12, "outflow": 10},
            "outflow_by_reason": {"positief": 6, "detentie_maatregel": 2},
            "inflow_by_reporter_kind": {"gemeente": 6, "politie": 5},
        },
        "topx-west": {
            "flow": {"start": 12, "inflow": 5, "transfer_in": 0, "outflow": 6, "transfer_out": 0, "end": 11,
                     "caseload": 17},
            "outflow_by_reason": {"positief": 3},
            "inflow_by_reporter_kind": {"gemeente": 3, "rvdk": 1},
            "durations": {"lt_1y": 1, "1_2y": 2, "2_4y": 1, "gt_4y": 2},
        },
        "topx-stad": {
            "flow": {"start": 20, "inflow": 9, "outflow": 8, "end": 21, "caseload": 29},
            "inflow_by_reporter_kind": {"politie": 6, "gemeente": 2, "jeugdbescherming": 1},
            "signals": {"count": 40, "by_kind": {"melding": 25}, "by_reporter_kind": {"politie": 15, "gemeente": 10}},
        },
        "topx-jeugd": {"flow": {"start": 12, "inflow": 5, "transfer_in": 0, "outflow": 4, "transfer_out": 0, "end": 13,
                                "caseload": 17},
                       "signals": {"count": 12}},
        "topx-volwassenen": {"flow": {"start": 8, "inflow": 4, "transfer_in": 0, "outflow": 4, "transfer_out": 0,
                                      "end": 8, "caseload": 12}},
        "topx-ogg": {
            "flow": {"start": 9, "inflow": 8, "transfer_in": 0, "outflow": 9, "transfer_out": 0, "end": 8},
            "declined": 3,
            "durations": {"0_6m": 2, "6_12m": 3, "1_2y": 3, "2_4y": 1},
        },
        "levensloop": {
            "flow": {"start": 9, "inflow": 3, "outflow": 1, "end": 11, "caseload": 12},
            "by_district": {"Stad": {"caseload": 6}, "Oost": {"caseload": 4}, "West": {"caseload": 2}},
        },
        "mda": {
            "flow": {"start": 10, "inflow": 6, "transfer_in": 0, "outflow": 7, "transfer_out": 0, "end": 9,
                     "caseload": 16},
            "persons_involved": 60,
            "discussions": {"client_present": 20},
        },
        "radicalisering-oost": {"flow": {"inflow": 2}, "signals": {"count": 30, "by_kind": {"adviesgesprek": 20}}},
    },
}

CUSTOM = {
    "report": "annual", "version": 2, "year": 2024,
    "reference": {
        "municipalities": [
            {"code": "GM0344", "name": "Utrecht", "district": "Stad"},
            {"code": "GM0356", "name": "Nieuwegein", "district": "Zuid"},
            {"code": "GM0321", "name": "Houten", "district": "Zuid"},
            {"code": "GM0355", "name": "Zeist", "district": "Oost"},
            {"code": "GM0310", "name": "De Bilt", "district": "Oost"},
        ],
        "organisations": [
            {"code": "politie-mn", "name": "Politie Midden-Nederland", "kind": "politie"},
            {"code": "gemeente-utrecht", "name": "Gemeente Utrecht", "kind": "gemeente"},
            {"code": "gemeente-nieuwegein", "name": "Gemeente Nieuwegein", "kind": "gemeente"},
            {"code": "gemeente-houten", "name": "Gemeente Houten", "kind": "gemeente"},
            {"code": "gemeente-zeist", "name": "Gemeente Zeist", "kind": "gemeente"},
            {"code": "gemeente-de-bilt", "name": "Gemeente De Bilt", "kind": "gemeente"},
            {"code": "reclassering-nl", "name": "Reclassering Nederland", "kind": "reclassering"},
            {"code": "veilig-thuis", "name": "Veilig Thuis", "kind": "zorg"},
            {"code": "ggz-instelling", "name": "GGZ-instelling", "kind": "ggz"},
            {"code": "zvh", "name": "Zorg- en Veiligheidshuis", "kind": "zvh"},
        ],
    },
    "approaches": {
        "pga": {
            "name": "Persoonsgerichte aanpak", "unit": "person", "duration_scheme": "years",
            "flow": {"start": 30, "inflow": 14, "outflow": 12, "end": 32},
            "discussions": {"unique_subjects": 38},
            "signals": {"count": 50, "to_registration": 5, "by_reporter_kind": {"zorg": 6}},
        },
        "pga-stad": {
            "name": "PGA Stad", "unit": "person", "parent": "pga",
            "flow": {"start": 14, "inflow": 6, "transfer_in": 1, "outflow": 5, "transfer_out": 1, "end": 15},
            "outflow_by_reason": {"positief": 3, "overdracht_intern": 1},
            "inflow_by_reporter": {"politie-mn": 4},
            "inflow_by_reporter_kind": {"politie": 4, "gemeente": 2},
            "by_municipality": {"GM0344": {"start": 14}},
            "domain_progress": {"huisvesting": {"n": 4, "+1": 2}, "financien": {"-1": 1}},
            "interventions": {"fact": 3, "jobcoaching": 0},
            "discussions": {"count": 60, "client_present": 15, "expert_present": 2},
            "signals": {"count": 20, "to_registration": 3, "by_reporter_kind": {"politie": 8, "zorg": 6},
                        "by_kind": {"melding": 10, "adviesgesprek": 10}},
        },
        "pga-regio": {
            "name": "PGA Regio", "unit": "person", "parent": "pga",
            "flow": {"inflow": 6},
            "by_district": {"Zuid": {"caseload": 9}, "Oost": {"start": 4, "end": 4, "plus": 2, "minus": 2}},
            "durations": {"gt_4y": 2, "lt_1y": 1},
        },
        "zorg": {
            "name": "Zorg en veiligheid", "unit": "person", "duration_scheme": "months",
            "flow": {"transfer_out": 2, "inflow": 8},
            "declined": 5,
        },
        "gezin": {
            "name": "Gezinsaanpak", "unit": "system",
            "flow": {"start": 6, "inflow": 4, "outflow": 3, "end": 7},
            "persons_involved": 40,
        },
    },
    "totals": {"system": {"inflow": 4, "persons_involved": 40}},
}


def write_target(directory: Path, document: dict, name: str = "target.json") -> Path:
    path = directory / name
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small_dir(tmp_path_factory):
    base = tmp_path_factory.mktemp("small")
    out = base / "dataset"
    call_command("demo_data", calibrate=str(write_target(base, SMALL)), seed=SEED, out=str(out), verbosity=0)
    return out


@pytest.fixture(scope="module")
def custom_dir(tmp_path_factory):
    base = tmp_path_factory.mktemp("custom")
    out = base / "dataset"
    calibrate_dataset(write_target(base, CUSTOM), out, seed=SEED)
    return out


def read(directory: Path, name: str) -> list[dict[str, str]]:
    with (directory / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def iso(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


# --- refusals ----------------------------------------------------------------------------------------------


def _set(path: str, value):
    """A mutation of SMALL: set approaches.<path> (dotted) to value."""

    def mutate(document):
        keys = path.split(".")
        node = document["approaches"]
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = value

    return mutate


IMPOSSIBLE = [
    (_set("topx-west.flow.end", 12),
     "topx-west.flow: start + inflow + transfer_in - outflow - transfer_out (11) != end (12)"),
    (_set("topx-west.flow.caseload", 18), "topx-west.flow.caseload (18) != start + inflow + transfer_in (17)"),
    (_set("topx-oost.outflow_by_reason.positief", 9), "topx-oost.outflow_by_reason sums to 11 > outflow + transfer_out 10"),
    (_set("topx-oost.inflow_by_reporter_kind.politie", 7), "topx-oost.inflow_by_reporter_kind sums to 13 > inflow 12"),
    (_set("topx-west.durations.lt_1y", 2), "topx-west.durations sums to 7 > outflow + transfer_out 6"),
    (_set("radicalisering-west", {"flow": {"start": 2, "inflow": 5, "outflow": 5}, "durations": {"gt_4y": 3}}),
     "radicalisering-west.durations: 3 trajectories of a year or longer ended in the year, but only 2 were in regie "
     "on 1 January (start)"),
    (_set("topx-west.flow.start", -1), "topx-west.flow.start: must be a whole number >= 0, not -1"),
    (_set("topx-west.declined", 2.5), "topx-west.declined: must be a whole number >= 0, not 2.5"),
    (_set("topx-stad.flow", {"start": 19, "inflow": 9, "outflow": 8, "end": 20, "caseload": 28}),
     "topx-stad.flow.start (19) is smaller than the sum of its children (20 = topx-jeugd 12 + topx-volwassenen 8)"),
    (_set("levensloop.by_district.Stad.caseload", 7), "levensloop.by_district: caseload sums to 13 > caseload 12"),
    (_set("topx-ogg.durations.lt_1y", 1),
     "topx-ogg.durations: unknown bucket 'lt_1y' for duration scheme 'months' (known: 0_6m, 6_12m, 1_2y, 2_4y, gt_4y)"),
    (_set("levensloop.by_district.Noord", {"caseload": 0}),
     "levensloop.by_district: unknown district 'Noord' (reference districts: Oost, Stad, West)"),
    (_set("mda.persons_involved", 15), "mda.persons_involved (15) < caseload (16): every system has at least one person"),
    (_set("topx-ogg.persons_involved", 15), "topx-ogg.persons_involved: only system approaches have persons_involved"),
    (_set("topx-west.outflow_by_reason.overdracht_intern", 1),
     "topx-west.outflow_by_reason.overdracht_intern (1) != transfer_out (0)"),
    (_set("topx-west.inflow_by_reporter", {"nobody": 1}), "topx-west.inflow_by_reporter: unknown organisation 'nobody'"),
    (_set("topx-west.colour", "red"), "topx-west.colour: unknown key"),
    (_set("unheard-of", {"flow": {"inflow": 1}}), "unheard-of: unknown approach; give its name and unit"),
    (_set("topx.inflow_by_reporter_kind", {"politie": 10}),
     "topx.inflow_by_reporter_kind.politie (10) is smaller than the sum of its children (11 = topx-oost 5 + topx-stad 6)"),
    (_set("mda.discussions.count", 10), "mda.discussions.client_present (20) > discussions.count (10)"),
    # signals (version 2)
    (_set("radicalisering-oost.signals.to_registration", 31), "radicalisering-oost.signals.to_registration = 31 > count (30)"),
    (_set("radicalisering-oost.signals.by_kind", {"melding": 11, "adviesgesprek": 20}),
     "radicalisering-oost.signals.by_kind sums to 31 != count (30)"),
    (_set("radicalisering-oost.signals.by_kind", {"adviesgesprek": 31}),
     "radicalisering-oost.signals.by_kind.adviesgesprek = 31 > count (30)"),
    (_set("radicalisering-oost.signals.by_reporter_kind", {"politie": 20, "gemeente": 11}),
     "radicalisering-oost.signals.by_reporter_kind sums to 31 > count (30)"),
    (_set("radicalisering-oost.signals.by_kind", {"tip": 1}),
     "radicalisering-oost.signals.by_kind: unknown signal kind 'tip' (known: melding, adviesgesprek)"),
    (_set("radicalisering-oost.signals.by_reporter_kind", {"school": 1}),
     "radicalisering-oost.signals.by_reporter_kind: unknown organisation kind 'school'"),
    (_set("radicalisering-oost.signals.colour", 1),
     "radicalisering-oost.signals.colour: unknown key (known: count, by_kind, by_reporter_kind, to_registration)"),
    (_set("radicalisering-oost.signals.count", -3), "radicalisering-oost.signals.count: must be a whole number >= 0, not -3"),
    (_set("topx-stad.signals", {"count": 11}), "topx-stad.signals.count (11) is smaller than the sum of its children (12)"),
    (_set("topx-volwassenen.signals", {"by_kind": {"melding": 26}}),
     "topx-stad.signals.by_kind.melding (25) is smaller than the sum of its children (26)"),
    (_set("topx-jeugd.signals.by_reporter_kind", {"politie": 16}),
     "topx-jeugd.signals.by_reporter_kind sums to 16 > count (12)"),
    (_set("topx.signals", {"count": 45, "by_reporter_kind": {"politie": 14}}),
     "topx.signals.by_reporter_kind.politie (14) is smaller than the sum of its children (15)"),
    (_set("mda.escalations", {"count": 0, "by_outcome": {"afspraak_gemaakt": 1}}),
     "mda.escalations.by_outcome.afspraak_gemaakt: escalations are not part of the interchange format; a calibrated "
     "dataset has none (only 0)"),
]


@pytest.mark.parametrize(("mutate", "message"), IMPOSSIBLE, ids=[m.split(":")[0].split(" (")[0] for _, m in IMPOSSIBLE])
def test_impossible_targets_are_refused_naming_the_figure(tmp_path, mutate, message):
    document = copy.deepcopy(SMALL)
    mutate(document)
    out = tmp_path / "dataset"
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("demo_data", calibrate=str(write_target(tmp_path, document)), out=str(out), verbosity=0)
    assert not out.exists(), "nothing is written for a refused target"


def test_totals_that_the_approaches_cannot_make_up_are_refused(tmp_path):
    document = copy.deepcopy(SMALL)
    document["totals"] = {"person": {"start": 10}}
    with pytest.raises(CommandError, match=re.escape("totals.person.start (10) is smaller than the sum of its children")):
        call_command("demo_data", calibrate=str(write_target(tmp_path, document)), out=str(tmp_path / "x"), verbosity=0)


def test_signals_by_a_kind_of_organisation_the_reference_lacks_are_refused(tmp_path):
    document = copy.deepcopy(CUSTOM)
    document["approaches"]["pga-regio"]["signals"] = {"by_reporter_kind": {"wonen": 2}}
    with pytest.raises(CalibrationError, match=re.escape(
            "pga-regio.signals.by_reporter_kind.wonen: the reference has no organisation of kind 'wonen'")):
        calibrate_dataset(write_target(tmp_path, document), tmp_path / "x", seed=SEED)


def test_signals_whose_kinds_of_organisation_are_all_listed_must_add_up(tmp_path):
    document = copy.deepcopy(CUSTOM)
    kinds = sorted({organisation["kind"] for organisation in document["reference"]["organisations"]})
    document["approaches"]["pga-regio"]["signals"] = {"count": 10, "by_reporter_kind": dict.fromkeys(kinds, 1)}
    with pytest.raises(CalibrationError, match=re.escape(
            "pga-regio.signals.by_reporter_kind: every kind of organisation is listed, but they sum to 6 < count (10)")):
        calibrate_dataset(write_target(tmp_path, document), tmp_path / "x", seed=SEED)


def test_versions_1_and_2_are_read_and_others_refused():
    assert parse_target({"version": 1, "year": 2024, "approaches": {"mda": {"flow": {"inflow": 3}}}}).year == 2024
    assert parse_target({"version": 2, "year": 2024, "approaches": {"mda": {"signals": {"count": 3}}}}).approaches[
        "mda"].signals == {"count": 3}
    with pytest.raises(CalibrationError, match=re.escape("version: 3 is not supported (only 1 and 2)")):
        parse_target({"version": 3, "year": 2024})


def test_a_target_that_is_not_json_or_missing_is_refused(tmp_path):
    (tmp_path / "broken.json").write_text("{nope", encoding="utf-8")
    with pytest.raises(CommandError, match="is not valid JSON"):
        call_command("demo_data", calibrate=str(tmp_path / "broken.json"), out=str(tmp_path / "x"), verbosity=0)
    with pytest.raises(CommandError, match="cannot read the target"):
        call_command("demo_data", calibrate=str(tmp_path / "absent.json"), out=str(tmp_path / "x"), verbosity=0)


def test_the_command_refuses_with_a_message_and_no_traceback(tmp_path):
    document = copy.deepcopy(SMALL)
    document["approaches"]["topx-west"]["flow"]["end"] = 12
    result = subprocess.run(
        [str(CONSOLE), "demo-data", "--calibrate", str(write_target(tmp_path, document)), "--out", str(tmp_path / "x")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert "topx-west.flow: start + inflow + transfer_in - outflow - transfer_out (11) != end (12)" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_calibrate_does_not_combine_with_the_plain_demo_options(tmp_path):
    path = write_target(tmp_path, SMALL)
    with pytest.raises(CommandError, match="--scale cannot be combined with --calibrate"):
        call_command("demo_data", calibrate=str(path), scale="large", out=str(tmp_path / "x"), verbosity=0)
    with pytest.raises(CommandError, match="--year needs --calibrate"):
        call_command("demo_data", year=2023, out=str(tmp_path / "x"), verbosity=0)


# --- determinism -------------------------------------------------------------------------------------------


def test_same_seed_gives_identical_files_and_another_seed_does_not(small_dir, tmp_path):
    path = write_target(tmp_path, SMALL)
    calibrate_dataset(path, tmp_path / "again", seed=SEED)
    calibrate_dataset(path, tmp_path / "other", seed=SEED + 1)
    names = sorted(p.name for p in small_dir.iterdir())
    assert names == sorted(p.name for p in (tmp_path / "again").iterdir())
    for name in names:
        assert (tmp_path / "again" / name).read_bytes() == (small_dir / name).read_bytes(), name
    for name in ("persons.csv", "cases.csv", "discussions.csv", "measurements.csv"):
        assert (tmp_path / "other" / name).read_bytes() != (small_dir / name).read_bytes(), name


# --- the figures -------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["small", "custom"])
def test_the_report_of_the_imported_dataset_reproduces_the_target(which, small_dir, custom_dir):
    directory, target = (small_dir, SMALL) if which == "small" else (custom_dir, CUSTOM)
    call_command("import", str(directory), verbosity=0)

    report = annual_report(year=target["year"])

    problems = mismatches(target, report)
    assert not problems, "\n".join(problems)
    # The generator's own check (computed from the CSV files) agrees with the report on every figure, so a
    # dataset it accepts is one the report reproduces.
    own = dataset_report(directory, target["year"])
    for code, block in own["approaches"].items():
        assert report["approaches"][code] == block, code
    assert report["totals"] == own["totals"]


def test_figures_the_target_leaves_out_are_derived_consistently(small_dir):
    report = dataset_report(small_dir, 2023)
    oost = report["approaches"]["topx-oost"]["flow"]
    assert oost["inflow"] == 12 and oost["outflow"] == 10
    assert oost["start"] > oost["inflow"] and oost["end"] == oost["start"] + 12 - 10 > 0
    assert oost["transfer_in"] == oost["transfer_out"] == 0
    # a parent is the sum of its children; topx-stad's children add up to it exactly, so no cases of its own
    stad = report["approaches"]["topx-stad"]["flow"]
    assert stad == {"start": 20, "inflow": 9, "transfer_in": 0, "outflow": 8, "transfer_out": 0, "end": 21, "caseload": 29}
    cases = read(small_dir, "cases.csv")
    assert not [case for case in cases if case["approach"] in ("topx", "topx-stad")]
    # the parent's reporter kinds are spread over its children, within their inflow
    jeugd = report["approaches"]["topx-jeugd"]["inflow_by_reporter_kind"]
    adults = report["approaches"]["topx-volwassenen"]["inflow_by_reporter_kind"]
    for kind, number in SMALL["approaches"]["topx-stad"]["inflow_by_reporter_kind"].items():
        assert jeugd.get(kind, 0) + adults.get(kind, 0) == number
    small = report["approaches"]["radicalisering-oost"]["flow"]
    assert small["inflow"] == 2 and small["start"] >= 1 and small["end"] >= 1


def test_a_parent_takes_cases_of_its_own_only_where_its_children_cannot(custom_dir):
    cases = read(custom_dir, "cases.csv")
    report = dataset_report(custom_dir, 2024)
    own = [case for case in cases if case["approach"] == "pga" and case["start_date"] >= "2024-01-01"]
    children = sum(report["approaches"][code]["flow"]["inflow"] for code in ("pga-stad", "pga-regio"))
    assert children == 12 and report["approaches"]["pga"]["flow"]["inflow"] == 14
    assert len([case for case in own if not case["transferred_from"]]) == 2


def test_internal_transfers_continue_a_case_of_another_approach(custom_dir):
    cases = {case["case_ref"]: case for case in read(custom_dir, "cases.csv")}
    continued = collections.Counter()
    for case in cases.values():
        if case["transferred_from"]:
            source = cases[case["transferred_from"]]
            continued[source["case_ref"]] += 1
            assert source["end_reason"] == "overdracht_intern"
            assert source["subject_ref"] == case["subject_ref"] and source["approach"] != case["approach"]
            assert iso(source["end_date"]) <= iso(case["start_date"]) <= iso(source["end_date"]) + datetime.timedelta(60)
    assert continued and set(continued.values()) == {1}
    in_year = [c for c in cases.values() if c["transferred_from"] and c["start_date"] >= "2024"]
    assert any(cases[c["transferred_from"]]["end_date"] == c["start_date"] for c in in_year), "one continues that day"


# --- signals (annual report version 2) ----------------------------------------------------------------------


def signals_of(directory: Path, year: int, approach: str | None = None) -> list[dict[str, str]]:
    return [signal for signal in read(directory, "signals.csv")
            if signal["date"].startswith(str(year)) and approach in (None, signal["approach"])]


@pytest.mark.parametrize("which", ["small", "custom"])
def test_a_signal_that_led_to_a_registration_came_shortly_before_it_from_the_same_partner(which, small_dir, custom_dir):
    directory = small_dir if which == "small" else custom_dir
    cases = {case["case_ref"]: case for case in read(directory, "cases.csv")}
    kind_of = {organisation["code"]: organisation["kind"] for organisation in read(directory, "organisations.csv")}
    linked, same_partner = collections.Counter(), 0
    for signal in read(directory, "signals.csv"):
        assert (signal["outcome"] == "aanmelding") == bool(signal["case_ref"]), signal
        if not signal["case_ref"]:
            continue
        case = cases[signal["case_ref"]]
        linked[signal["case_ref"]] += 1
        assert case["approach"] == signal["approach"] and not case["transferred_from"], signal
        assert (case["subject_ref"], case["municipality"]) == (signal["subject_ref"], signal["municipality"])
        assert 0 <= (iso(case["registered_on"]) - iso(signal["date"])).days <= 14, signal
        assert case["registered_on"][:4] == signal["date"][:4], "in the same year"
        same_partner += case["reported_by"] == signal["reported_by"]
        assert kind_of[signal["reported_by"]]
    assert linked and set(linked.values()) == {1}, "a registration comes from one signal at most"
    assert same_partner >= 0.5 * sum(linked.values()), "mostly the partner that registered"


def test_the_signals_of_a_target_take_their_registrations_where_the_year_has_too_few(small_dir, tmp_path):
    def registered(directory: Path) -> list[dict]:
        return [case for case in read(directory, "cases.csv") if case["approach"] == "radicalisering-oost"
                and case["registered_on"].startswith("2023") and not case["transferred_from"]]

    assert len(registered(small_dir)) < 8, "the year has fewer registrations than the target below needs"
    document = copy.deepcopy(SMALL)
    document["approaches"]["radicalisering-oost"]["signals"]["to_registration"] = 8
    calibrate_dataset(write_target(tmp_path, document), tmp_path / "dataset", seed=SEED)

    oost = signals_of(tmp_path / "dataset", 2023, "radicalisering-oost")
    assert len(oost) == 30 and sum(signal["outcome"] == "aanmelding" for signal in oost) == 8
    assert sum(signal["kind"] == "adviesgesprek" for signal in oost) == 20
    assert len(registered(tmp_path / "dataset")) >= 8
    assert mismatches(document, dataset_report(tmp_path / "dataset", 2023)) == [], "every other figure stays"


def test_a_parents_signals_are_its_childrens_and_its_own_only_as_a_last_resort(small_dir, custom_dir):
    small = dataset_report(small_dir, 2023)["approaches"]
    assert small["topx-stad"]["signals"]["count"] == 40 and small["topx-jeugd"]["signals"]["count"] == 12
    assert small["topx-volwassenen"]["signals"]["count"] == 28
    assert not signals_of(small_dir, 2023, "topx-stad"), "Top X Stad's children can take its signals"
    custom = dataset_report(custom_dir, 2024)["approaches"]
    assert custom["pga"]["signals"]["count"] == 50 and custom["pga-stad"]["signals"]["count"] == 20
    assert custom["pga-regio"]["signals"]["count"] + len(signals_of(custom_dir, 2024, "pga")) == 30
    assert custom["pga"]["signals"]["by_reporter_kind"]["zorg"] == 6 == custom["pga-stad"]["signals"]["by_reporter_kind"]["zorg"]


def test_signals_the_target_leaves_out_are_natural_and_earlier_years_have_some(small_dir):
    report = dataset_report(small_dir, 2023)["approaches"]
    radicalisation, topx = report["radicalisering-west"], report["topx-west"]
    assert radicalisation["signals"]["count"] > 5 * max(1, radicalisation["flow"]["inflow"])
    assert topx["signals"]["count"] < 2 * topx["flow"]["inflow"] + 5
    earlier = dataset_report(small_dir, 2022)["approaches"]["radicalisering-oost"]["signals"]["count"]
    assert 15 <= earlier <= 30, "the year before had about as many signals"
    anonymous = [signal for signal in signals_of(small_dir, 2023) if not signal["subject_ref"]]
    assert anonymous and all(signal["outcome"] != "aanmelding" for signal in anonymous)


# --- the rules of the interchange format and realism ------------------------------------------------------


GENERATOR_CHECKS = [
    "test_every_file_has_the_spec_columns", "test_refs_are_unique", "test_every_reference_resolves",
    "test_triage_and_dates_follow_the_rules", "test_meetings_are_shared_by_the_cases_of_one_table_and_date",
    "test_bsns_pass_the_eleven_proof_and_are_unique", "test_activity_lies_within_the_trajectory",
    "test_cells_have_the_spec_types", "test_discussions_come_about_every_six_weeks_with_clients_and_experts",
    "test_measurements_start_with_a_nulmeting_and_improve_towards_the_eindmeting",
    "test_police_registrations_drop_after_the_first_discussion",
]


@pytest.mark.parametrize("check", GENERATOR_CHECKS)
def test_the_small_dataset_passes_the_generator_checks(small_dir, check):
    getattr(generator_checks, check)(generator_checks.Dataset(small_dir))


@pytest.mark.parametrize("check", ["test_persons_have_dutch_names_and_plausible_ages",
                                   "test_district_approaches_take_subjects_from_their_district",
                                   "test_subject_unit_matches_the_approach_unit"])
def test_the_small_dataset_looks_like_the_region(small_dir, check):
    getattr(generator_checks, check)(generator_checks.Dataset(small_dir))


@pytest.mark.parametrize("which", ["small", "custom"])
def test_nothing_happens_after_the_year_and_every_row_is_consistent(which, small_dir, custom_dir):
    directory, year = (small_dir, 2023) if which == "small" else (custom_dir, 2024)
    last = datetime.date(year, 12, 31)
    data = generator_checks.Dataset(directory)
    for name, columns in {"cases.csv": ["registered_on", "triage_on", "start_date", "end_date"],
                          "discussions.csv": ["date"], "measurements.csv": ["date"],
                          "case_interventions.csv": ["agreed_on"], "police_registrations.csv": ["date"],
                          "persons.csv": ["birth_date"]}.items():
        for row in data.rows[name]:
            for column in columns:
                assert not row[column] or iso(row[column]) <= last, (name, row)
    for case in data.cases.values():
        unit = data.approaches[case["approach"]]["unit"]
        assert case["subject_ref"] in (data.systems if unit == "system" else data.persons), case
        if case["start_date"]:
            assert case["triage_decision"] == "accepted" and iso(case["triage_on"]) <= iso(case["start_date"])
        if case["end_date"]:
            assert case["end_reason"] and iso(case["end_date"]) >= iso(case["start_date"])
    for name, column in [("discussions.csv", "date"), ("measurements.csv", "date"), ("case_interventions.csv", "agreed_on")]:
        for row in data.rows[name]:
            case = data.trajectories[row["case_ref"]]
            end = iso(case["end_date"]) if case["end_date"] else last
            assert iso(case["start_date"]) <= iso(row[column]) <= end, (name, row)
    for person in data.persons.values():
        assert person["given_name"] and person["family_name"]
        assert not person["bsn"] or stdnum_bsn.is_valid(person["bsn"])
    members = collections.defaultdict(list)
    for row in data.rows["system_members.csv"]:
        members[row["system_ref"]].append(row["role"])
    assert set(members) == set(data.systems) and all("ouder" in roles for roles in members.values())


def test_cases_in_regie_on_1_january_have_a_history(small_dir):
    data = generator_checks.Dataset(small_dir)
    first = datetime.date(2023, 1, 1)
    at_start = [ref for ref, case in data.trajectories.items()
                if iso(case["start_date"]) < first and (not case["end_date"] or iso(case["end_date"]) >= first)]
    discussed = {row["case_ref"] for row in data.rows["discussions.csv"] if iso(row["date"]) < first}
    measured = {row["case_ref"] for row in data.rows["measurements.csv"] if iso(row["date"]) < first}
    totals = dataset_report(small_dir, 2023)["totals"]
    assert len(at_start) == totals["person"]["start"] + totals["system"]["start"]
    assert len(discussed & set(at_start)) >= 0.95 * len(at_start)
    assert len(measured & set(at_start)) >= 0.9 * len(at_start)
    years = {case["start_date"][:4] for ref, case in data.trajectories.items() if ref in at_start}
    assert len(years) >= 4, "the cases in regie on 1 January started over several years"
    closed_before = [case for case in data.trajectories.values() if case["end_date"] and iso(case["end_date"]) < first]
    assert len(closed_before) >= 20, "earlier years have closed trajectories too"
    declined = [case for case in data.cases.values() if case["triage_decision"] == "declined"]
    assert any(case["triage_on"] < "2023" for case in declined) and any(case["triage_on"] >= "2023" for case in declined)


def test_year_can_be_chosen_on_the_command_line(tmp_path):
    out = tmp_path / "dataset"
    call_command("demo_data", calibrate=str(write_target(tmp_path, SMALL)), year=2021, seed=SEED, out=str(out),
                 verbosity=0)
    document = copy.deepcopy(SMALL)
    document["year"] = 2021
    assert mismatches(document, dataset_report(out, 2021)) == []
    assert max(case["registered_on"] for case in read(out, "cases.csv")) <= "2021-12-31"


def test_the_complete_report_of_a_demo_dataset_can_be_calibrated(tmp_path):
    """Every figure of a report the system computes is a target that can be met: here all of them, including
    a parent that counts a subject discussed in two of its children once."""
    generate_dataset(tmp_path / "plain", seed=5, end_year=2025, years=3)
    report = dataset_report(tmp_path / "plain", 2025)
    stad = report["approaches"]["topx-stad"]["discussions"]["unique_subjects"]
    children = sum(report["approaches"][code]["discussions"]["unique_subjects"]
                   for code in ("topx-jeugd", "topx-volwassenen"))
    assert stad < children, "this seed has a subject discussed in both Top X Stad tables"
    for block in report["approaches"].values():
        del block["unit"]  # the approaches exist already (built-in region)

    calibrate_dataset(write_target(tmp_path, report), tmp_path / "calibrated", seed=SEED)

    assert mismatches(report, dataset_report(tmp_path / "calibrated", 2025)) == []
