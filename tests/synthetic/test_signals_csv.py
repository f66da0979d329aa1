"""The signals of a generated dataset (signals.csv, interchange version 2): every reference resolves, a signal
that led to a registration came shortly before it from the same partner about the same subject, the approaches
differ as a house's do, and the file is what the export writes back after an import.

Read back with the csv module (through test_generator's `Dataset`), independent of the generator's classes.
"""

import collections
import datetime
import filecmp

import pytest
from django.core.management import call_command

from procesregie.synthetic.generator import generate_dataset
from procesregie.synthetic.region import load_region
from procesregie.synthetic.signals_csv import LEAD_DAYS, OPEN_DAYS, SignalFigures, write_signals
from procesregie.synthetic.writer import write_file

from .test_generator import END_YEAR, PERIOD_FIRST, PERIOD_LAST, SEED, Dataset, iso, read


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    directory = tmp_path_factory.mktemp("signals")
    generate_dataset(directory, seed=SEED, end_year=END_YEAR)
    return Dataset(directory)


def signals(demo) -> list[dict]:
    return demo.rows["signals.csv"]


def test_every_signal_is_of_the_period_with_known_references(demo):
    organisations = {row["code"] for row in demo.rows["organisations.csv"]}
    municipalities = {row["code"] for row in demo.rows["municipalities.csv"]}
    refs = [signal["signal_ref"] for signal in signals(demo)]
    assert len(refs) == len(set(refs)) > 500 and refs == sorted(refs)
    for signal in signals(demo):
        assert PERIOD_FIRST <= iso(signal["date"]) <= PERIOD_LAST, signal
        assert signal["approach"] in demo.approaches and signal["reported_by"] in organisations
        assert signal["municipality"] in municipalities | {""}
        assert signal["kind"] in ("melding", "adviesgesprek")
        assert signal["outcome"] in ("advies", "doorverwezen", "aanmelding", "geen_actie", "")
        unit = demo.approaches[signal["approach"]]["unit"]
        assert signal["subject_ref"] in (demo.systems if unit == "system" else demo.persons) or not signal["subject_ref"]
        assert (signal["outcome"] == "aanmelding") == bool(signal["case_ref"]), signal


def test_a_signal_that_led_to_a_registration_came_shortly_before_it_from_the_same_partner(demo):
    linked = collections.Counter()
    for signal in signals(demo):
        if not signal["case_ref"]:
            continue
        case = demo.cases[signal["case_ref"]]
        linked[signal["case_ref"]] += 1
        assert (case["approach"], case["reported_by"], case["subject_ref"], case["municipality"]) == (
            signal["approach"], signal["reported_by"], signal["subject_ref"], signal["municipality"])
        assert not case["transferred_from"], "an internal transfer comes from no signal"
        assert 0 <= (iso(case["registered_on"]) - iso(signal["date"])).days <= LEAD_DAYS
    assert set(linked.values()) == {1}, "a registration comes from one signal at most"
    registrations = [case for case in demo.cases.values() if not case["transferred_from"]]
    assert 0.15 < len(linked) / len(registrations) < 0.6


def test_radicalisation_lives_on_signals_and_the_other_approaches_have_fewer(demo):
    per_approach = collections.Counter(signal["approach"] for signal in signals(demo))
    registered = collections.Counter(case["approach"] for case in demo.cases.values() if not case["transferred_from"])
    for code in ("radicalisering-stad", "radicalisering-oost", "radicalisering-west"):
        assert per_approach[code] > 8 * registered[code], code
    for code in ("topx-oost", "topx-ogg", "levensloop", "mda"):
        assert 0 < per_approach[code] < 2 * registered[code], code
    assert not per_approach["topx"] and not per_approach["topx-stad"], "parents hold no cases, so no signals"


def test_advice_is_often_anonymous_and_meldingen_mostly_name_someone(demo):
    by_kind = collections.defaultdict(list)
    for signal in signals(demo):
        by_kind[signal["kind"]].append(not signal["subject_ref"])
    advice, meldingen = by_kind["adviesgesprek"], by_kind["melding"]
    assert sum(advice) / len(advice) > 2 * sum(meldingen) / len(meldingen) > 0
    assert not [signal for signal in signals(demo) if not signal["subject_ref"] and signal["outcome"] == "aanmelding"]


def test_nobody_is_reported_after_their_death(demo, tmp_path):
    died = {case["subject_ref"]: iso(case["end_date"]) for case in demo.cases.values()
            if case["end_reason"] == "overleden"}
    about_the_dead = [signal for signal in signals(demo) if signal["subject_ref"] in died]
    assert all(iso(signal["date"]) <= died[signal["subject_ref"]] for signal in about_the_dead)
    # Rare in a demo dataset, so once more on purpose: of two subjects of the year, one died on 10 January.
    columns = ["case_ref", "subject_ref", "approach", "municipality", "reported_by", "registered_on", "triage_decision",
               "triage_on", "start_date", "end_date", "end_reason", "transferred_from"]
    write_file(tmp_path / "cases.csv", columns, [
        ["C1", "P1", "radicalisering-stad", "GM0344", "politie-midden-nederland", "2023-03-01", "accepted",
         "2023-03-05", "2023-03-06", "2024-01-10", "overleden", ""],
        ["C2", "P2", "radicalisering-stad", "GM0344", "gemeente-utrecht", "2024-02-01", "declined", "2024-02-10",
         "", "", "", ""],
    ])
    write_signals(tmp_path, region=load_region(), last=datetime.date(2024, 12, 31), seed=SEED,
                  figures={"radicalisering-stad": SignalFigures(count=300, melding=300, to_registration=0)})
    _header, rows = read(tmp_path, "signals.csv")
    named = [row for row in rows if row["date"] >= "2024-01-11" and row["subject_ref"]]
    assert len(named) > 150 and {row["subject_ref"] for row in named} == {"P2"}
    assert any(row["subject_ref"] == "P1" for row in rows), "before then, P1 was a subject too"


def test_only_recent_meldingen_wait_for_a_procesregisseur(demo):
    waiting = [signal for signal in signals(demo) if not signal["outcome"]]
    assert waiting, "the last days of the data have an open melding"
    for signal in waiting:
        assert signal["kind"] == "melding" and iso(signal["date"]) > PERIOD_LAST - datetime.timedelta(OPEN_DAYS)


def test_the_same_seed_gives_the_same_signals(demo, tmp_path):
    generate_dataset(tmp_path / "again", seed=SEED, end_year=END_YEAR)
    generate_dataset(tmp_path / "other", seed=SEED + 1, end_year=END_YEAR)
    assert (tmp_path / "again" / "signals.csv").read_bytes() == (demo.directory / "signals.csv").read_bytes()
    assert (tmp_path / "other" / "signals.csv").read_bytes() != (demo.directory / "signals.csv").read_bytes()


@pytest.mark.django_db
def test_the_import_takes_every_signal_and_the_export_gives_the_same_file(demo, tmp_path):
    call_command("import", str(demo.directory), verbosity=0)
    call_command("export", str(tmp_path / "out"), verbosity=0)
    assert filecmp.cmp(demo.directory / "signals.csv", tmp_path / "out" / "signals.csv", shallow=False)
