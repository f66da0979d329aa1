"""`demo-data --calibrate OUTCOMES.json`: a dataset whose outcomes report (shared/spec/outcomes.md) gives an
outcomes target's recidivism figures exactly, per window, cohort year and comparison group, for person and system
approaches; the same target and seed give the same bytes; a target that cannot be met is refused, naming the
figure.
"""

import datetime
import hashlib
import json

import pytest
from django.core.management import CommandError, call_command

from procesregie.reporting.outcomes import outcomes_report
from procesregie.synthetic.calibrate import CalibrationError, calibrate_dataset
from procesregie.synthetic.calibrate.recidivism_check import DatasetRecidivism
from procesregie.synthetic.writer import COLUMNS

SEED = 15
FIRST, LAST, AS_OF = datetime.date(2019, 3, 1), datetime.date(2022, 12, 31), datetime.date(2023, 6, 30)

TARGET = {
    "report": "outcomes", "version": 1, "from": FIRST.isoformat(), "to": LAST.isoformat(), "as_of": AS_OF.isoformat(),
    "approaches": {
        # A parent: its persons spread over its leaves; cohorts fix some years, the rest goes to the others.
        "topx": {"unit": "person", "recidivism": {
            "n": 60, "excluded_deceased": 3, "not_eligible": 7, "registrations_before": 300,
            "registrations_after": 190, "change_pct": -36.7,
            "comparison": {"n": 12, "registrations_before": 40, "registrations_after": 34, "change_pct": -15.0},
            "cohorts": {
                "2019": {"n": 10, "registrations_before": 50, "registrations_after": 30},
                "2021": {"n": 20, "registrations_before": 110, "registrations_after": 60, "excluded_deceased": 1,
                         "change_pct": -45.5},
                "2022": {"n": 5, "registrations_before": 20, "registrations_after": 16, "not_eligible": 7},
            },
        }},
        # A system approach: the members of the households, exactly.
        "mda": {"unit": "system", "recidivism": {
            "n": 23, "excluded_deceased": 4, "registrations_before": 30, "registrations_after": 21,
            "comparison": {"n": 5, "registrations_before": 4, "registrations_after": 4},
        }},
        # One leaf with the figures only a whole window can fix: who had any, and the kinds.
        "levensloop": {"recidivism": {
            "n": 9, "registrations_before": 27, "registrations_after": 18, "persons_any_before": 8,
            "persons_any_after": 5, "by_kind": {"misdrijf": {"before": 20, "after": 11},
                                                "overtreding": {"before": 7, "after": 7}},
        }},
    },
}


def write_target(directory, document):
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "target.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def digests(directory):
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(directory.glob("*.csv"))}


def test_the_same_target_and_seed_give_identical_files_and_another_seed_does_not(tmp_path):
    target = write_target(tmp_path, TARGET)
    calibrate_dataset(target, tmp_path / "one", seed=SEED)
    calibrate_dataset(target, tmp_path / "two", seed=SEED)
    calibrate_dataset(target, tmp_path / "other", seed=SEED + 1)
    assert digests(tmp_path / "one") == digests(tmp_path / "two")
    assert set(COLUMNS) <= set(digests(tmp_path / "one"))
    assert digests(tmp_path / "one")["police_registrations.csv"] != digests(tmp_path / "other")["police_registrations.csv"]


@pytest.mark.django_db
def test_the_imported_dataset_gives_every_figure_of_the_target(tmp_path):
    call_command("demo_data", calibrate=str(write_target(tmp_path, TARGET)), seed=SEED, out=str(tmp_path / "data"),
                 verbosity=0)
    call_command("import", str(tmp_path / "data"), verbosity=0)

    report = outcomes_report(first=FIRST, last=LAST, as_of=AS_OF)["approaches"]
    topx = report["topx"]["recidivism"]
    assert {key: topx[key] for key in ("n", "excluded_deceased", "not_eligible", "registrations_before",
                                       "registrations_after", "change_pct")} == {
        "n": 60, "excluded_deceased": 3, "not_eligible": 7, "registrations_before": 300, "registrations_after": 190,
        "change_pct": -36.7}
    assert {key: topx["comparison"][key] for key in ("n", "registrations_before", "registrations_after")} == {
        "n": 12, "registrations_before": 40, "registrations_after": 34}
    mda = report["mda"]["recidivism"]
    assert (mda["n"], mda["excluded_deceased"], mda["registrations_before"], mda["registrations_after"]) == (23, 4, 30, 21)
    assert (mda["comparison"]["n"], mda["comparison"]["registrations_before"]) == (5, 4)
    levensloop = report["levensloop"]["recidivism"]
    assert (levensloop["persons_any_before"], levensloop["persons_any_after"]) == (8, 5)
    assert levensloop["by_kind"] == {"misdrijf": {"before": 20, "after": 11}, "overtreding": {"before": 7, "after": 7}}

    # Per cohort year: the listed ones as given, the rest (2020) carries what is left of each figure.
    cohorts = {year: outcomes_report(first=max(FIRST, datetime.date(year, 1, 1)), last=datetime.date(year, 12, 31),
                                     as_of=AS_OF)["approaches"]["topx"]["recidivism"] for year in range(2019, 2023)}
    figures = {year: (block["n"], block["registrations_before"], block["registrations_after"],
                      block["excluded_deceased"], block["not_eligible"]) for year, block in cohorts.items()}
    assert figures[2019][:3] == (10, 50, 30)
    assert figures[2021][:4] == (20, 110, 60, 1)
    assert figures[2022] == (5, 20, 16, 0, 7)
    assert figures[2020][:3] == (25, 120, 84)
    assert sum(block[3] for block in figures.values()) == 3
    # A system's members are all counted: the households hold exactly 23 + 4 persons besides the comparison.
    members = [line for line in (tmp_path / "data" / "system_members.csv").read_text().splitlines()[1:]]
    assert len(members) == 23 + 4 + 5


def test_the_rules_of_the_spec_hold_in_the_written_files(tmp_path):
    """Nothing on the reference day itself; the deceased died within the year after; nothing after as_of."""
    calibrate_dataset(write_target(tmp_path, TARGET), tmp_path / "data", seed=SEED)
    data = DatasetRecidivism(tmp_path / "data")
    subjects = {row["case_ref"]: row for row in data.cases}
    first_day = {}
    for ref, day in data.discussed.items():
        for person in data.persons(subjects[ref]["subject_ref"]):
            first_day[person] = min(day, first_day.get(person, day))
    on_the_day = sum(day == first_day.get(person) for person, rows in data.police.items() for day, _ in rows)
    assert on_the_day == 0
    assert max(day for rows in data.police.values() for day, _ in rows) <= AS_OF
    dead = [row for row in data.cases if row["end_reason"] == "overleden"]
    assert sum(len(data.persons(row["subject_ref"])) for row in dead) == 3 + 4  # Top X's three, MDA's four members
    for row in dead:
        end = datetime.date.fromisoformat(row["end_date"])
        assert first_day[data.persons(row["subject_ref"])[0]] < end <= first_day[data.persons(row["subject_ref"])[0]] \
            + datetime.timedelta(days=365)


def _refused(tmp_path, change, message):
    document = json.loads(json.dumps(TARGET))
    change(document)
    with pytest.raises(CalibrationError) as refusal:
        calibrate_dataset(write_target(tmp_path, document), tmp_path / "data", seed=SEED)
    assert message in str(refusal.value)
    return str(refusal.value)


def _set(path, value):
    def change(document):
        block = document
        for key in path[:-1]:
            block = block[key]
        block[path[-1]] = value
    return change


REFUSALS = {
    "registrations without persons": (
        _set(["approaches", "levensloop", "recidivism"], {"n": 0, "registrations_before": 4}),
        "levensloop.recidivism.registrations_before (4): there are no persons to register (n is 0)"),
    "a change that does not follow": (
        _set(["approaches", "topx", "recidivism", "change_pct"], -39.0),
        "topx.recidivism.change_pct (-39.0): registrations_before 300 and registrations_after 190 give -36.7"),
    "cohorts more than the window": (
        _set(["approaches", "topx", "recidivism", "cohorts", "2020"], {"n": 30, "registrations_before": 1,
                                                                        "registrations_after": 1}),
        "topx.recidivism.cohorts: the cohorts' n add up to 65, more than the window's 60"),
    "a cohort outside the window": (
        _set(["approaches", "topx", "recidivism", "cohorts", "2018"], {"n": 1, "registrations_before": 1,
                                                                        "registrations_after": 1}),
        "topx.recidivism.cohorts.2018: outside the window"),
    "every year listed, the rest has nowhere to go": (
        _set(["approaches", "topx", "recidivism", "cohorts", "2020"], {"n": 24, "registrations_before": 120,
                                                                        "registrations_after": 84}),
        "topx.recidivism.n (60): the cohorts give 59 and no other year of the window can take the rest"),
    "not eligible without a late enough day": (
        _set(["as_of"], "2024-06-30"),
        "topx.recidivism.not_eligible (7): no day of the window 2019-03-01..2022-12-31 has less than a year of "
        "follow-up by as_of 2024-06-30"),
    "a parent and its child both targeted": (
        _set(["approaches", "topx-oost"], {"recidivism": {"n": 1, "registrations_before": 1, "registrations_after": 0}}),
        "approaches.topx-oost: lies within approaches.topx, which is a target too"),
    "the wrong unit": (
        _set(["approaches", "mda", "unit"], "person"),
        "mda.unit: 'person', but the region's mda is a 'system' approach"),
    "more persons with registrations than registrations": (
        _set(["approaches", "levensloop", "recidivism", "persons_any_after"], 19),
        "levensloop.recidivism.persons_any_after (19): must lie between 1 and both n (9) and registrations_after (18)"),
    "kinds that do not add up": (
        _set(["approaches", "levensloop", "recidivism", "by_kind", "overtreding"], {"before": 6, "after": 7}),
        "levensloop.recidivism.by_kind: the kinds add up to 26 registrations before, not registrations_before (27)"),
    "a figure that is no target": (
        _set(["approaches", "topx", "recidivism", "ci95"], [1, 2]),
        "topx.recidivism.ci95: not a figure a target can give"),
    "an unknown approach": (
        _set(["approaches", "topx-noord"], {"recidivism": {"n": 1}}),
        "approaches.topx-noord: not an approach of the region"),
    "as_of in the future": (
        _set(["as_of"], "2999-01-01"), "as_of (2999-01-01) lies after today"),
    "a window backwards": (
        _set(["from"], "2023-01-01"), "from (2023-01-01) lies after to (2022-12-31)"),
    "a fraction": (
        _set(["approaches", "topx", "recidivism", "registrations_after"], 190.5),
        "topx.recidivism.registrations_after: must be a whole number >= 0, not 190.5"),
}


@pytest.mark.parametrize("case", REFUSALS)
def test_a_target_that_cannot_be_met_is_refused_naming_the_figure(tmp_path, case):
    change, message = REFUSALS[case]
    _refused(tmp_path, change, message)
    assert not (tmp_path / "data").exists()  # refused before anything is written


def test_the_command_refuses_options_an_outcomes_target_brings_itself(tmp_path):
    target = write_target(tmp_path, TARGET)
    for option, value, message in (("year", 2022, "--year"), ("as_of", "2023-01-01", "--as-of"),
                                   ("recidivism", str(target), "--recidivism")):
        with pytest.raises(CommandError, match=f"{message} cannot be combined with an outcomes target"):
            call_command("demo_data", calibrate=str(target), out=str(tmp_path / "data"), verbosity=0,
                         **{option: value})
