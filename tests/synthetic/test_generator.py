"""The synthetic dataset generator: every file follows the interchange spec and its consistency rules,
the data looks like a house's casework, and the same seed gives the same bytes.

The checks read the CSV files back with the csv module only, independent of the generator's own classes.
"""

import collections
import csv
import datetime
import random
import statistics

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from stdnum.nl import bsn as stdnum_bsn

from procesregie.accounts.models import User
from procesregie.casework.models import Case, Participation, Registration
from procesregie.interchange import format as interchange_format
from procesregie.meetings.models import Discussion, Meeting
from procesregie.monitoring.models import Measurement
from procesregie.plans.models import CaseIntervention
from procesregie.reference.models import Table
from procesregie.subjects.models import Person, PoliceRegistration, System, SystemMember
from procesregie.synthetic.bsn import BsnSource, check_digit
from procesregie.synthetic.generator import generate_dataset
from procesregie.synthetic.measurements import measurements
from procesregie.synthetic.meetings import Tables, discussions
from procesregie.synthetic.profiles import SCALES, approach_profile
from procesregie.synthetic.region import load_region
from procesregie.synthetic.trajectories import CaseRecord, Period

SEED = 11
END_YEAR = 2025
PERIOD_FIRST = datetime.date(END_YEAR - SCALES["demo"].years + 1, 1, 1)
PERIOD_LAST = datetime.date(END_YEAR, 12, 31)

# The spec's columns (shared/spec/interchange.md), written out here so a typo in the generator shows; version 2
# adds files and columns (after version 1's; tests/synthetic/test_version2.py checks what they hold).
SPEC_COLUMNS = {
    "municipalities.csv": ["code", "name", "district"],
    "organisations.csv": ["code", "name", "kind", "wgs_participant"],
    "approaches.csv": ["code", "name", "unit", "duration_scheme", "parent"],
    "domains.csv": ["code", "name"],
    "interventions.csv": ["code", "name"],
    "persons.csv": ["person_ref", "bsn", "given_name", "family_name", "birth_date", "municipality"],
    "systems.csv": ["system_ref", "name", "municipality"],
    "system_members.csv": ["system_ref", "person_ref", "role"],
    "cases.csv": [
        "case_ref", "subject_ref", "approach", "municipality", "reported_by", "registered_on", "triage_decision",
        "triage_on", "start_date", "end_date", "end_reason", "transferred_from", "table", "regisseur", "case_holder",
    ],
    "discussions.csv": ["meeting_ref", "date", "case_ref", "client_present", "expert_present"],
    "measurements.csv": ["case_ref", "date", "kind", "domain", "level"],
    "case_interventions.csv": ["case_ref", "intervention", "organisation", "agreed_on", "status", "due_date"],
    "police_registrations.csv": ["person_ref", "date", "kind"],
    "staff.csv": ["username", "name", "organisation", "roles"],
    "tables.csv": ["table_ref", "name", "approach", "district"],
    "table_members.csv": ["table_ref", "organisation", "username"],
    "case_participants.csv": ["case_ref", "organisation", "since", "until"],
    "signals.csv": [  # tests/synthetic/test_signals_csv.py checks what it holds
        "signal_ref", "approach", "date", "kind", "reported_by", "municipality", "subject_ref", "outcome", "case_ref",
    ],
}
END_REASONS = {
    "positief", "negatief", "detentie_maatregel", "overdracht_intern", "overdracht_extern", "overleden", "overig",
}


def read(directory, name):
    with (directory / name).open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


def iso(value):
    assert len(value) == 10, value
    return datetime.date.fromisoformat(value)


class Dataset:
    """A generated dataset read back into plain dicts."""

    def __init__(self, directory):
        self.directory = directory
        self.headers = {}
        self.rows = {}
        for name in SPEC_COLUMNS:
            self.headers[name], self.rows[name] = read(directory, name)
        self.approaches = {row["code"]: row for row in self.rows["approaches.csv"]}
        self.persons = {row["person_ref"]: row for row in self.rows["persons.csv"]}
        self.systems = {row["system_ref"]: row for row in self.rows["systems.csv"]}
        self.cases = {row["case_ref"]: row for row in self.rows["cases.csv"]}
        self.trajectories = {ref: row for ref, row in self.cases.items() if row["start_date"]}

    def case_window(self, case_ref):
        case = self.trajectories[case_ref]
        return iso(case["start_date"]), iso(case["end_date"]) if case["end_date"] else PERIOD_LAST


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("demo")
    generate_dataset(directory, seed=SEED, end_year=END_YEAR)
    return directory


@pytest.fixture(scope="module")
def demo(demo_dir):
    return Dataset(demo_dir)


# --- the format -------------------------------------------------------------------------------------------


def test_every_file_has_the_spec_columns(demo):
    assert demo.headers == SPEC_COLUMNS


def test_columns_are_accepted_by_the_importer_format():
    by_name = {spec.name: spec for spec in interchange_format.ALL_FILES}
    assert set(SPEC_COLUMNS) <= set(by_name)
    for name, columns in SPEC_COLUMNS.items():
        assert set(columns) <= set(by_name[name].allowed), name
        assert set(by_name[name].required) <= set(columns), name


def test_reference_files_copy_the_bundled_region(demo):
    region = load_region()
    assert [row["code"] for row in demo.rows["municipalities.csv"]] == [m.code for m in region.municipalities]
    assert [row["code"] for row in demo.rows["domains.csv"]] == [d.code for d in region.domains]
    assert [row["code"] for row in demo.rows["organisations.csv"]] == [o.code for o in region.organisations]
    assert set(demo.approaches) == {a.code for a in region.approaches}


def test_cells_have_the_spec_types(demo):
    date_columns = {
        "persons.csv": ["birth_date"], "cases.csv": ["registered_on", "triage_on", "start_date", "end_date"],
        "discussions.csv": ["date"], "measurements.csv": ["date"], "case_interventions.csv": ["agreed_on"],
        "police_registrations.csv": ["date"],
    }
    for name, columns in date_columns.items():
        for row in demo.rows[name]:
            for column in columns:
                if row[column]:
                    assert iso(row[column]) <= PERIOD_LAST, (name, row)
    for row in demo.rows["discussions.csv"]:
        assert row["client_present"] in {"true", "false"} and row["expert_present"] in {"true", "false"}
    for row in demo.rows["measurements.csv"]:
        assert row["kind"] in {"nulmeting", "tussenmeting", "eindmeting"}
        assert row["level"] in {"1", "2", "3", "4", "5"}
    assert {row["status"] for row in demo.rows["case_interventions.csv"]} == {"agreed", "running", "done", "cancelled"}
    assert {row["kind"] for row in demo.rows["police_registrations.csv"]} == {"misdrijf", "overtreding"}
    for name, rows in demo.rows.items():
        for row in rows:
            for value in row.values():
                assert value == value.strip() and not value.startswith(("=", "+", "-", "@")), (name, row)


def test_refs_are_unique(demo):
    for name, column in [
        ("persons.csv", "person_ref"), ("systems.csv", "system_ref"), ("cases.csv", "case_ref"),
        ("municipalities.csv", "code"), ("organisations.csv", "code"), ("approaches.csv", "code"),
    ]:
        values = [row[column] for row in demo.rows[name]]
        assert len(values) == len(set(values)), name
    members = [(row["system_ref"], row["person_ref"]) for row in demo.rows["system_members.csv"]]
    assert len(members) == len(set(members))
    discussed = [(row["meeting_ref"], row["case_ref"]) for row in demo.rows["discussions.csv"]]
    assert len(discussed) == len(set(discussed))


def test_every_reference_resolves(demo):
    municipalities = {row["code"] for row in demo.rows["municipalities.csv"]}
    organisations = {row["code"] for row in demo.rows["organisations.csv"]}
    domains = {row["code"] for row in demo.rows["domains.csv"]}
    interventions = {row["code"] for row in demo.rows["interventions.csv"]}
    for row in demo.approaches.values():
        assert not row["parent"] or row["parent"] in demo.approaches
    for row in [*demo.persons.values(), *demo.systems.values()]:
        assert row["municipality"] in municipalities
    for row in demo.rows["system_members.csv"]:
        assert row["system_ref"] in demo.systems and row["person_ref"] in demo.persons
    for row in demo.cases.values():
        assert row["approach"] in demo.approaches
        assert row["municipality"] in municipalities
        assert row["reported_by"] in organisations
    for name in ("discussions.csv", "measurements.csv", "case_interventions.csv"):
        for row in demo.rows[name]:
            assert row["case_ref"] in demo.trajectories, (name, row)
    for row in demo.rows["measurements.csv"]:
        assert row["domain"] in domains
    for row in demo.rows["case_interventions.csv"]:
        assert row["intervention"] in interventions and row["organisation"] in organisations
    for row in demo.rows["police_registrations.csv"]:
        assert row["person_ref"] in demo.persons


# --- the consistency rules of cases.csv ------------------------------------------------------------------


def test_subject_unit_matches_the_approach_unit(demo):
    parents = {row["parent"] for row in demo.approaches.values() if row["parent"]}
    for case in demo.cases.values():
        approach = demo.approaches[case["approach"]]
        assert case["approach"] not in parents, "cases belong to leaf approaches"
        subjects = demo.systems if approach["unit"] == "system" else demo.persons
        assert case["subject_ref"] in subjects, case


def test_triage_and_dates_follow_the_rules(demo):
    for case in demo.cases.values():
        registered_on = iso(case["registered_on"])
        assert case["triage_decision"] in {"", "accepted", "declined"}
        if case["triage_decision"]:
            assert iso(case["triage_on"]) >= registered_on
        else:
            assert not case["triage_on"] and not case["start_date"]
        if case["start_date"]:
            assert case["triage_decision"] == "accepted"
            assert iso(case["start_date"]) >= iso(case["triage_on"])
        elif case["triage_decision"] == "accepted":
            pytest.fail(f"accepted without a start date: {case}")
        if case["end_date"]:
            assert case["start_date"] and case["end_reason"] in END_REASONS
            assert iso(case["end_date"]) >= iso(case["start_date"])
        else:
            assert not case["end_reason"]


def test_transfers_continue_in_another_approach_of_the_same_unit(demo):
    continued = collections.Counter()
    for case in demo.cases.values():
        source_ref = case["transferred_from"]
        if not source_ref:
            continue
        source = demo.cases[source_ref]
        continued[source_ref] += 1
        assert source["end_reason"] == "overdracht_intern"
        assert case["start_date"] == source["end_date"]
        assert case["subject_ref"] == source["subject_ref"]
        assert case["approach"] != source["approach"]
        assert demo.approaches[case["approach"]]["unit"] == demo.approaches[source["approach"]]["unit"]
    transferred = [ref for ref, case in demo.cases.items() if case["end_reason"] == "overdracht_intern"]
    assert transferred, "the demo has internal transfers"
    assert sorted(continued) == sorted(transferred)
    assert set(continued.values()) == {1}


def test_activity_lies_within_the_trajectory(demo):
    for name, column in [("discussions.csv", "date"), ("measurements.csv", "date"),
                         ("case_interventions.csv", "agreed_on")]:
        for row in demo.rows[name]:
            start, last = demo.case_window(row["case_ref"])
            assert start <= iso(row[column]) <= last, (name, row)


def test_meetings_are_shared_by_the_cases_of_one_table_and_date(demo):
    meetings = collections.defaultdict(set)
    for row in demo.rows["discussions.csv"]:
        meetings[row["meeting_ref"]].add((row["date"], demo.cases[row["case_ref"]]["approach"]))
    assert all(len(keys) == 1 for keys in meetings.values()), "one date and one table per meeting"
    sizes = collections.Counter(row["meeting_ref"] for row in demo.rows["discussions.csv"])
    assert max(sizes.values()) >= 5


# --- realism ---------------------------------------------------------------------------------------------


def test_bsns_pass_the_eleven_proof_and_are_unique(demo):
    bsns = [row["bsn"] for row in demo.persons.values() if row["bsn"]]
    assert 0.8 <= len(bsns) / len(demo.persons) < 1, "most persons have a BSN, not all"
    assert len(bsns) == len(set(bsns))
    for bsn in bsns:
        assert len(bsn) == 9 and bsn != "000000000" and stdnum_bsn.is_valid(bsn), bsn


def test_bsn_source_picks_the_check_digit_and_skips_prefixes_without_one():
    assert check_digit("11122233") == 3  # 111222333 is a well-known valid test number
    prefixes = [f"{number:08d}" for number in range(10_000_000, 10_000_200)]
    assert any(check_digit(prefix) is None for prefix in prefixes)
    source = BsnSource(random.Random(1))
    drawn = [source.next() for _ in range(2000)]
    assert len(set(drawn)) == len(drawn) and all(stdnum_bsn.is_valid(bsn) for bsn in drawn)


def test_persons_have_dutch_names_and_plausible_ages(demo):
    assert all(row["given_name"] and row["family_name"] and row["birth_date"] for row in demo.persons.values())
    assert any(row["family_name"].startswith(("van ", "de ")) for row in demo.persons.values())
    ages = collections.defaultdict(list)
    for case in demo.cases.values():
        if case["subject_ref"] in demo.persons and not case["transferred_from"]:
            born = iso(demo.persons[case["subject_ref"]]["birth_date"])
            ages[case["approach"]].append((iso(case["registered_on"]) - born).days / 365.25)
    assert 12 <= min(ages["topx-jeugd"]) and max(ages["topx-jeugd"]) < 23
    assert min(ages["topx-volwassenen"]) >= 18 and min(ages["topx-ogg"]) >= 18


def test_district_approaches_take_subjects_from_their_district(demo):
    districts = {row["code"]: row["district"] for row in demo.rows["municipalities.csv"]}
    for approach, district in [("topx-oost", "Oost"), ("topx-west", "West"), ("topx-jeugd", "Stad")]:
        cases = [case for case in demo.cases.values() if case["approach"] == approach]
        assert cases and {districts[case["municipality"]] for case in cases} == {district}


def test_systems_have_parents_and_children_and_some_persons_two_systems(demo):
    members = collections.defaultdict(list)
    for row in demo.rows["system_members.csv"]:
        members[row["system_ref"]].append(row["role"])
    assert set(members) == set(demo.systems)
    for roles in members.values():
        assert 2 <= len(roles) <= 6 and "ouder" in roles and set(roles) <= {"ouder", "kind"}
    systems_per_person = collections.Counter(row["person_ref"] for row in demo.rows["system_members.csv"])
    assert 1 <= sum(count == 2 for count in systems_per_person.values()) < 0.1 * len(systems_per_person)


def test_triage_outcomes_and_end_reasons_are_distributed(demo):
    cases = list(demo.cases.values())
    decisions = collections.Counter(case["triage_decision"] for case in cases)
    assert 0.05 < decisions["declined"] / len(cases) < 0.2
    pending = [case for case in cases if not case["triage_decision"]]
    assert pending and all(iso(case["registered_on"]) > PERIOD_LAST - datetime.timedelta(days=120) for case in pending)
    reasons = collections.Counter(case["end_reason"] for case in cases if case["end_reason"])
    assert set(reasons) == END_REASONS
    assert reasons.most_common(1)[0][0] == "positief"
    reporters = {row["code"]: row["kind"] for row in demo.rows["organisations.csv"]}
    mda_reporters = collections.Counter(reporters[case["reported_by"]] for case in cases if case["approach"] == "mda")
    assert {"zorg", "politie", "gemeente"} <= set(mda_reporters)


def test_demo_scale_has_a_few_hundred_registrations_a_year(demo):
    per_year = collections.Counter(case["registered_on"][:4] for case in demo.cases.values())
    assert sorted(per_year) == [str(year) for year in range(PERIOD_FIRST.year, END_YEAR + 1)]
    assert all(150 <= count <= 450 for count in per_year.values()), per_year


def test_durations_follow_the_approach(demo):
    def median_months(approach):
        return statistics.median(
            (iso(case["end_date"]) - iso(case["start_date"])).days / 30.44
            for case in demo.trajectories.values() if case["approach"] == approach and case["end_date"]
        )
    assert median_months("topx-ogg") < median_months("topx-oost")


def test_discussions_come_about_every_six_weeks_with_clients_and_experts(demo):
    dates = collections.defaultdict(list)
    for row in demo.rows["discussions.csv"]:
        dates[row["case_ref"]].append(iso(row["date"]))
    gaps = [(b - a).days for days in dates.values() for a, b in zip(sorted(days), sorted(days)[1:], strict=False)]
    assert 35 <= statistics.mean(gaps) <= 56
    rows = demo.rows["discussions.csv"]
    assert 0.25 < sum(row["client_present"] == "true" for row in rows) / len(rows) < 0.35
    assert 0.05 < sum(row["expert_present"] == "true" for row in rows) / len(rows) < 0.11


def test_measurements_start_with_a_nulmeting_and_improve_towards_the_eindmeting(demo):
    kinds = collections.defaultdict(collections.Counter)
    levels = collections.defaultdict(list)
    domain_count = len(demo.rows["domains.csv"])
    for row in demo.rows["measurements.csv"]:
        kinds[row["case_ref"]][row["kind"]] += 1
        levels[row["kind"]].append(int(row["level"]))
    with_nulmeting = [ref for ref in demo.trajectories if kinds[ref]["nulmeting"]]
    assert all(kinds[ref]["nulmeting"] == domain_count for ref in with_nulmeting), "nulmeting on all domains"
    assert 0.9 < len(with_nulmeting) / len(demo.trajectories) < 1, "occasionally a case without nulmeting"
    closed = [ref for ref, case in demo.trajectories.items() if case["end_date"]]
    assert sum(bool(kinds[ref]["eindmeting"]) for ref in closed) / len(closed) > 0.6
    assert any(kinds[ref]["tussenmeting"] for ref in demo.trajectories)
    assert statistics.mean(levels["eindmeting"]) > statistics.mean(levels["nulmeting"]) + 0.3


def test_police_registrations_drop_after_the_first_discussion(demo):
    first_discussion = {}
    for row in demo.rows["discussions.csv"]:
        subject = demo.cases[row["case_ref"]]["subject_ref"]
        day = iso(row["date"])
        if subject in demo.persons and day < first_discussion.get(subject, datetime.date.max):
            first_discussion[subject] = day
    year = datetime.timedelta(days=365)
    before = after = 0
    for row in demo.rows["police_registrations.csv"]:
        pivot = first_discussion.get(row["person_ref"])
        if pivot is not None and pivot + year <= PERIOD_LAST:
            day = iso(row["date"])
            before += pivot - year <= day < pivot
            after += pivot < day <= pivot + year
    assert before > 0 and after < 0.8 * before


# --- determinism and the command -------------------------------------------------------------------------


def test_same_seed_gives_identical_files_and_another_seed_does_not(demo_dir, tmp_path):
    generate_dataset(tmp_path / "again", seed=SEED, end_year=END_YEAR)
    generate_dataset(tmp_path / "other", seed=SEED + 1, end_year=END_YEAR)
    for name in SPEC_COLUMNS:
        assert (tmp_path / "again" / name).read_bytes() == (demo_dir / name).read_bytes(), name
    for name in ("persons.csv", "cases.csv", "discussions.csv", "measurements.csv"):
        assert (tmp_path / "other" / name).read_bytes() != (demo_dir / name).read_bytes(), name


def test_command_writes_the_dataset_for_the_chosen_years(tmp_path, capsys):
    call_command("demo_data", out=str(tmp_path), seed=3, years=2, end_year=2019)
    _, cases = read(tmp_path, "cases.csv")
    assert {case["registered_on"][:4] for case in cases} == {"2018", "2019"}
    assert "cases.csv" in capsys.readouterr().out


# --- the large scale, a slice of it ----------------------------------------------------------------------


def test_large_scale_discusses_scaled_down_cases_less_often():
    scale = SCALES["large"]
    region = load_region()
    period = Period.of_years(2025, 10)
    tables = Tables(region.leaf_approaches(), period, scale.meeting_cadence_days)
    case = CaseRecord(
        ref="C1", subject_ref="P1", approach="topx-oost", municipality="GM0307", reported_by="zvhru",
        registered_on=datetime.date(2020, 1, 6), triage_decision="accepted", triage_on=datetime.date(2020, 1, 6),
        start_date=datetime.date(2020, 1, 6), end_date=datetime.date(2022, 1, 6), end_reason="positief",
    )
    agenda = discussions(case, tables, scale, period, random.Random(5))
    days = [discussion.date for discussion in agenda]
    early = [d for d in days if (d - case.start_date).days < scale.intensive_days]
    late = [d for d in days if (d - case.start_date).days >= scale.intensive_days]
    assert len(early) >= 2 and len(late) >= 2
    assert statistics.mean((b - a).days for a, b in zip(late, late[1:], strict=False)) > 2 * scale.discussion_interval_days
    assert all(d.weekday() == days[0].weekday() for d in days), "a table meets on its own weekday"

    rows = measurements(case, region.domains, approach_profile(region.approach("topx-oost")), scale, period,
                        random.Random(5))
    per_kind = collections.Counter(row.kind for row in rows if row.kind != "tussenmeting")
    assert set(per_kind.values()) <= {scale.measured_domains}


# --- the importer accepts it -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_dataset_imports_completely(demo_dir, demo):
    call_command("import", str(demo_dir), verbosity=0)

    assert Registration.objects.count() == len(demo.cases)
    assert Case.objects.count() == len(demo.trajectories)
    assert Case.objects.filter(transferred_from__isnull=False).count() == sum(
        1 for case in demo.cases.values() if case["transferred_from"]
    )
    assert Discussion.objects.count() == len(demo.rows["discussions.csv"])
    assert Meeting.objects.count() == len({row["meeting_ref"] for row in demo.rows["discussions.csv"]})
    assert Measurement.objects.count() == len(demo.rows["measurements.csv"])
    assert CaseIntervention.objects.count() == len(demo.rows["case_interventions.csv"])
    assert Person.objects.count() == len(demo.persons)
    assert System.objects.count() == len(demo.systems)
    assert SystemMember.objects.count() == len(demo.rows["system_members.csv"])
    assert PoliceRegistration.objects.count() == len(demo.rows["police_registrations.csv"])
    assert User.objects.count() == len(demo.rows["staff.csv"])
    assert Table.objects.filter(code__in=[row["table_ref"] for row in demo.rows["tables.csv"]]).count() == len(
        demo.rows["tables.csv"])
    assert Participation.objects.count() == len(demo.rows["case_participants.csv"])
    assert Case.objects.filter(procesregisseur__isnull=False).count() == len(demo.trajectories)
    assert not CaseIntervention.objects.filter(due_date__isnull=True).exists()


def test_a_plain_dataset_that_would_reach_past_today_is_refused(tmp_path):
    """The importer refuses dates after the day of import (interchange v2); a dataset to 31 December of this year
    would hold them, so the generator says so instead of writing files nobody can import."""
    this_year = timezone.localdate().year
    with pytest.raises(CommandError, match=f"--end-year {this_year} would write dates after today"):
        call_command("demo_data", out=str(tmp_path / "x"), end_year=this_year, years=1, verbosity=0)
    assert not (tmp_path / "x").exists()
