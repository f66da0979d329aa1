"""Every definition of shared/spec/annual-report.md on hand-written cases, with the edges that are easy to get wrong.

Year under test: 2024 (F = 2024-01-01, L = 2024-12-31).
"""

import pytest

from procesregie.reporting.annual import annual_report, annual_report_with_comparison, flow_comparison

from .annual_data import APPROACHES, Dataset

ZERO_FLOW = {"start": 0, "inflow": 0, "transfer_in": 0, "outflow": 0, "transfer_out": 0, "end": 0, "caseload": 0}
NO_SIGNALS = {"count": 0, "by_kind": {}, "by_reporter_kind": {}, "to_registration": 0}
NO_ESCALATIONS = {"count": 0, "resolved": 0, "by_outcome": {}}


def flow(**figures) -> dict:
    return {**ZERO_FLOW, **figures}


@pytest.fixture
def report(db, tmp_path):
    """report(dataset, year=2024): import the dataset with the real command, then compute the report."""

    def make(dataset: Dataset, year: int = 2024) -> dict:
        dataset.load(tmp_path / "dataset")
        return annual_report(year=year)

    return make


# --- the shape ---------------------------------------------------------------------------------------------


def test_every_approach_appears_with_zeros_and_the_spec_keys(report):
    data = Dataset()
    data.case("c1", "topx-west", "2023-05-01")
    result = report(data)
    assert list(result) == ["report", "version", "year", "approaches", "totals"]
    assert (result["report"], result["version"], result["year"]) == ("annual", 2, 2024)
    assert set(result["approaches"]) == {code for code, *_ in APPROACHES}
    assert result["approaches"]["levensloop"] == {
        "unit": "person", "flow": ZERO_FLOW, "outflow_by_reason": {}, "inflow_by_reporter": {},
        "inflow_by_reporter_kind": {}, "declined": 0, "durations": {}, "by_municipality": {}, "by_district": {},
        "discussions": {"count": 0, "unique_subjects": 0, "client_present": 0, "expert_present": 0},
        "domain_progress": {}, "interventions": {}, "signals": NO_SIGNALS, "escalations": NO_ESCALATIONS,
    }
    assert list(result["approaches"]["mda-regio"])[-3:] == ["signals", "escalations", "persons_involved"]
    assert result["approaches"]["mda-regio"]["persons_involved"] == 0
    assert "persons_involved" not in result["approaches"]["topx-west"]
    assert result["totals"] == {
        "person": {"start": 1, "inflow": 0, "outflow": 0, "end": 1, "caseload": 1},
        "system": {"start": 0, "inflow": 0, "outflow": 0, "end": 0, "caseload": 0, "persons_involved": 0},
    }


# --- flow --------------------------------------------------------------------------------------------------


def test_flow_edges_of_the_year(report):
    data = Dataset()
    data.case("jan1", "topx-west", "2024-01-01")  # starts on F: inflow, not start
    data.case("dec31", "topx-west", "2022-03-01", "2024-12-31")  # ends on L: outflow, not in end
    data.case("within", "topx-west", "2024-02-01", "2024-11-30")  # starts and ends in Y
    data.case("before", "topx-west", "2021-01-01", "2023-06-30")  # started and ended before Y: nowhere
    data.case("eve", "topx-west", "2023-01-01", "2023-12-31")  # ended on the last day before Y: nowhere
    data.case("next", "topx-west", "2025-01-01")  # starts after Y: nowhere
    data.case("open", "topx-west", "2023-12-31")  # in regie on F and after L: start and end
    data.case("pending", "topx-west", None)  # a registration without trajectory: nowhere
    block = report(data)["approaches"]["topx-west"]
    assert block["flow"] == flow(start=2, inflow=2, outflow=2, end=2, caseload=4)
    assert block["flow"]["end"] == block["flow"]["caseload"] - block["flow"]["outflow"] - block["flow"]["transfer_out"]


def test_a_case_ending_on_the_first_day_counts_in_start_and_outflow(report):
    data = Dataset()
    data.case("c", "topx-west", "2023-05-01", "2024-01-01")
    assert report(data)["approaches"]["topx-west"]["flow"] == flow(start=1, outflow=1, caseload=1)


def test_internal_transfer_on_the_last_day(report):
    data = Dataset()
    data.case("old", "topx-west", "2022-01-10", "2024-12-31", "overdracht_intern", subject="p1")
    data.case("new", "topx-ogg", "2024-12-31", subject="p1", transferred_from="old", reported_by="gemeente-utrecht")
    approaches = report(data)["approaches"]
    old, new = approaches["topx-west"], approaches["topx-ogg"]
    assert old["flow"] == flow(start=1, transfer_out=1, caseload=1)
    assert old["outflow_by_reason"] == {"overdracht_intern": 1}
    assert new["flow"] == flow(transfer_in=1, end=1, caseload=1)
    assert new["inflow_by_reporter"] == {} and new["inflow_by_reporter_kind"] == {}
    assert old["by_municipality"] == {"GM0344": {"start": 1, "end": 0, "plus": 0, "minus": 1}}
    assert new["by_municipality"] == {"GM0344": {"start": 0, "end": 1, "plus": 1, "minus": 0}}
    assert old["durations"] == {"2_4y": 1}  # a transfer_out has a duration too (m = 35)


def test_outflow_by_reason_and_inflow_by_reporter(report):
    data = Dataset()
    data.case("a", "topx-west", "2023-01-01", "2024-03-01", "positief")
    data.case("b", "topx-west", "2023-01-01", "2024-03-01", "positief")
    data.case("c", "topx-west", "2023-01-01", "2024-03-01", "detentie_maatregel")
    data.case("d", "topx-west", "2023-01-01", "2023-03-01", "negatief")  # before Y
    data.case("e", "topx-west", "2024-02-01", reported_by="gemeente-utrecht")
    data.case("f", "topx-west", "2024-02-01", reported_by="rvdk")
    data.case("g", "topx-west", "2024-02-01", reported_by="rvdk")
    data.case("h", "topx-west", "2023-02-01", reported_by="reclassering")  # not inflow in Y
    block = report(data)["approaches"]["topx-west"]
    assert block["outflow_by_reason"] == {"detentie_maatregel": 1, "positief": 2}
    assert block["inflow_by_reporter"] == {"gemeente-utrecht": 1, "rvdk": 2}
    assert block["inflow_by_reporter_kind"] == {"gemeente": 1, "rvdk": 2}


def test_declined_is_counted_by_the_year_of_the_triage_decision(db, tmp_path):
    data = Dataset()
    data.declined("late", "topx-west", triage_on="2024-01-15", registered_on="2023-12-20")
    data.declined("early", "topx-west", triage_on="2023-12-31", registered_on="2023-12-01")
    data.declined("other", "topx-ogg", triage_on="2024-12-31")
    data.case("accepted", "topx-west", "2024-02-01", triage_on="2024-01-31")
    data.load(tmp_path / "dataset")
    assert annual_report(year=2024)["approaches"]["topx-west"]["declined"] == 1
    assert annual_report(year=2023)["approaches"]["topx-west"]["declined"] == 1
    assert annual_report(year=2024)["approaches"]["topx-ogg"]["declined"] == 1
    assert annual_report(year=2024)["approaches"]["topx"]["declined"] == 1  # rolled up


# --- durations ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("start", "end", "years_bucket", "months_bucket"), [
    ("2024-01-15", "2024-01-15", "lt_1y", "0_6m"),  # m = 0
    ("2023-07-15", "2024-01-14", "lt_1y", "0_6m"),  # m = 5 (e.day < s.day)
    ("2023-07-15", "2024-01-15", "lt_1y", "6_12m"),  # m = 6
    ("2023-02-10", "2024-02-09", "lt_1y", "6_12m"),  # m = 11 (e.day < s.day)
    ("2023-02-10", "2024-02-10", "1_2y", "1_2y"),  # m = 12
    ("2022-03-31", "2024-03-30", "1_2y", "1_2y"),  # m = 23
    ("2022-03-30", "2024-03-30", "2_4y", "2_4y"),  # m = 24
    ("2020-05-20", "2024-05-19", "2_4y", "2_4y"),  # m = 47
    ("2020-05-20", "2024-05-20", "gt_4y", "gt_4y"),  # m = 48
    ("2020-01-31", "2024-02-29", "gt_4y", "gt_4y"),  # m = 48 (29 < 31)
])
def test_duration_buckets(report, start, end, years_bucket, months_bucket):
    data = Dataset()
    data.case("y", "topx-west", start, end)
    data.case("m", "topx-ogg", start, end)
    approaches = report(data)["approaches"]
    assert approaches["topx-west"]["durations"] == {years_bucket: 1}
    assert approaches["topx-ogg"]["durations"] == {months_bucket: 1}


def test_durations_only_for_trajectories_ending_in_the_year(report):
    data = Dataset()
    data.case("open", "topx-west", "2020-01-01")
    data.case("ended-before", "topx-west", "2020-01-01", "2023-12-31")
    data.case("ended", "topx-west", "2023-01-01", "2024-06-01")
    assert report(data)["approaches"]["topx-west"]["durations"] == {"1_2y": 1}


# --- municipalities and districts --------------------------------------------------------------------------


def test_by_municipality_and_by_district(report):
    data = Dataset()
    data.case("a", "topx-west", "2023-01-01", municipality="GM0356")  # start, end
    data.case("b", "topx-west", "2024-03-01", "2024-09-01", municipality="GM0356")  # plus, minus
    data.case("c", "topx-west", "2024-03-01", municipality="GM0632")  # plus, end
    data.case("gone", "topx-west", "2020-01-01", "2023-05-01", municipality="GM0307")  # all four zero: left out
    block = report(data)["approaches"]["topx-west"]
    assert block["by_municipality"] == {
        "GM0356": {"start": 1, "end": 1, "plus": 1, "minus": 1},
        "GM0632": {"start": 0, "end": 1, "plus": 1, "minus": 0},
    }
    assert block["by_district"] == {"West": {"start": 1, "end": 2, "plus": 2, "minus": 1, "caseload": 3}}


def test_municipality_is_the_one_of_the_registration_not_of_the_person(report):
    data = Dataset()
    data.person("p", municipality="GM0307")
    data.case("c", "topx-west", "2024-03-01", subject="p", municipality="GM0356")
    assert list(report(data)["approaches"]["topx-west"]["by_municipality"]) == ["GM0356"]


# --- discussions and interventions -------------------------------------------------------------------------


def test_discussions(report):
    data = Dataset()
    data.case("a", "topx-jeugd", "2023-01-01", subject="p1")
    data.case("b", "topx-jeugd", "2024-05-01", subject="p1")  # the same subject again
    data.case("c", "topx-volwassenen", "2023-01-01", subject="p1")  # and in a sibling approach
    data.case("d", "topx-jeugd", "2022-01-01", "2023-06-01", subject="p2")  # closed before Y, discussed in Y
    data.discussion("a", "2024-01-01", client=True)
    data.discussion("a", "2024-12-31", expert=True)
    data.discussion("b", "2024-06-01", client=True, expert=True)
    data.discussion("a", "2023-12-31", client=True)  # not in Y
    data.discussion("a", "2025-01-01")  # not in Y
    data.discussion("c", "2024-02-02")
    data.discussion("d", "2024-02-02")
    approaches = report(data)["approaches"]
    assert approaches["topx-jeugd"]["discussions"] == {
        "count": 4, "unique_subjects": 2, "client_present": 2, "expert_present": 2,
    }
    assert approaches["topx-volwassenen"]["discussions"] == {
        "count": 1, "unique_subjects": 1, "client_present": 0, "expert_present": 0,
    }
    # p1 is discussed in both children: the parent counts the subject once (distinct, not summed).
    for parent in ("topx-stad", "topx"):
        assert approaches[parent]["discussions"] == {
            "count": 5, "unique_subjects": 2, "client_present": 2, "expert_present": 2,
        }


def test_interventions_by_agreed_on(report):
    data = Dataset()
    data.case("a", "topx-west", "2022-01-01", "2023-05-01")
    data.case("b", "topx-ogg", "2024-01-01")
    data.intervention("a", "fact", "2023-05-01")  # not in Y
    data.intervention("a", "fact", "2024-01-01", status="cancelled")  # in Y, whatever the status
    data.intervention("b", "fact", "2024-12-31", status="done")
    data.intervention("b", "schuldhulp", "2024-06-01")
    data.intervention("b", "schuldhulp", "2024-07-01", status="running")
    approaches = report(data)["approaches"]
    assert approaches["topx-west"]["interventions"] == {"fact": 1}
    assert approaches["topx-ogg"]["interventions"] == {"fact": 1, "schuldhulp": 2}
    assert approaches["topx"]["interventions"] == {"fact": 1}


# --- domain progress ---------------------------------------------------------------------------------------


def test_domain_progress(report):
    data = Dataset()
    data.case("a", "topx-west", "2022-01-01", "2024-06-30")
    data.measurement("a", "2022-01-05", "nulmeting", "huisvesting", 2)
    data.measurement("a", "2022-06-01", "nulmeting", "huisvesting", 4)  # a later nulmeting: not the earliest
    data.measurement("a", "2023-01-01", "tussenmeting", "huisvesting", 5)  # ignored
    data.measurement("a", "2024-06-30", "eindmeting", "huisvesting", 5)
    data.measurement("a", "2024-06-30", "eindmeting", "huisvesting", 3)  # same date, entered later: this one
    data.measurement("a", "2022-01-05", "nulmeting", "financien", 4)
    data.measurement("a", "2024-01-01", "eindmeting", "financien", 1)
    data.measurement("a", "2022-01-05", "nulmeting", "justitie", 3)  # no eindmeting: no delta
    data.case("b", "topx-west", "2023-01-01", "2024-12-31", "overdracht_intern")  # transfer_out counts too
    data.measurement("b", "2023-01-02", "nulmeting", "huisvesting", 1)
    data.measurement("b", "2023-01-02", "nulmeting", "huisvesting", 3)  # same date, entered later: this one
    data.measurement("b", "2024-12-01", "eindmeting", "huisvesting", 3)
    data.measurement("b", "2024-12-01", "eindmeting", "justitie", 3)  # no nulmeting: no delta
    data.case("c", "topx-west", "2023-01-01")  # still open: not counted
    data.measurement("c", "2023-01-02", "nulmeting", "huisvesting", 1)
    data.measurement("c", "2024-12-01", "eindmeting", "huisvesting", 5)
    data.case("d", "topx-west", "2022-01-01", "2023-12-31")  # ended before Y: not counted
    data.measurement("d", "2022-01-02", "nulmeting", "huisvesting", 1)
    data.measurement("d", "2023-12-01", "eindmeting", "huisvesting", 5)
    approaches = report(data)["approaches"]
    expected = {"huisvesting": {"n": 2, "+1": 1, "0": 1}, "financien": {"n": 1, "-3": 1}}
    assert approaches["topx-west"]["domain_progress"] == expected
    assert list(approaches["topx-west"]["domain_progress"]) == ["huisvesting", "financien"]  # display order
    assert list(approaches["topx-west"]["domain_progress"]["huisvesting"]) == ["n", "+1", "0"]
    assert approaches["topx"]["domain_progress"] == expected


def test_domain_progress_ties_follow_entry_order_not_level(report):
    data = Dataset()
    data.case("a", "topx-west", "2022-01-01", "2024-06-30")
    data.measurement("a", "2022-01-05", "nulmeting", "huisvesting", 5)
    data.measurement("a", "2022-01-05", "nulmeting", "huisvesting", 1)  # the later row wins: nul = 1
    data.measurement("a", "2024-06-30", "eindmeting", "huisvesting", 1)
    data.measurement("a", "2024-06-30", "eindmeting", "huisvesting", 5)  # the later row wins: eind = 5
    assert report(data)["approaches"]["topx-west"]["domain_progress"] == {"huisvesting": {"n": 1, "+4": 1}}


# --- roll-ups and totals -----------------------------------------------------------------------------------


def test_nested_parents_sum_their_children_and_their_own_cases(report):
    data = Dataset()
    data.case("w1", "topx-west", "2023-01-01", municipality="GM0356")
    data.case("w2", "topx-west", "2024-02-01", "2024-10-01", "negatief", reported_by="rvdk", municipality="GM0356")
    data.case("j1", "topx-jeugd", "2022-01-01", "2024-03-01", "positief")
    data.case("j2", "topx-jeugd", "2024-04-01")
    data.case("v1", "topx-volwassenen", "2023-03-01")
    data.case("v2", "topx-volwassenen", "2024-05-01", "2024-12-31", "overdracht_intern", subject="pv")
    data.case("j3", "topx-jeugd", "2024-12-31", subject="pv", transferred_from="v2")  # a transfer between siblings
    data.case("s1", "topx-stad", "2023-06-01")  # a case on the parent itself
    data.case("t1", "topx", "2024-07-01", reported_by="gemeente-utrecht")  # and on the grandparent
    approaches = report(data)["approaches"]
    assert approaches["topx-jeugd"]["flow"] == flow(start=1, inflow=1, transfer_in=1, outflow=1, end=2, caseload=3)
    assert approaches["topx-volwassenen"]["flow"] == flow(start=1, inflow=1, transfer_out=1, end=1, caseload=2)
    assert approaches["topx-stad"]["flow"] == flow(
        start=3, inflow=2, transfer_in=1, outflow=1, transfer_out=1, end=4, caseload=6
    )
    assert approaches["topx-west"]["flow"] == flow(start=1, inflow=1, outflow=1, end=1, caseload=2)
    assert approaches["topx"]["flow"] == flow(
        start=4, inflow=4, transfer_in=1, outflow=2, transfer_out=1, end=6, caseload=9
    )
    assert approaches["topx"]["outflow_by_reason"] == {"negatief": 1, "overdracht_intern": 1, "positief": 1}
    assert approaches["topx"]["inflow_by_reporter_kind"] == {"gemeente": 1, "politie": 2, "rvdk": 1}
    assert approaches["topx"]["by_district"] == {
        "Stad": {"start": 3, "end": 5, "plus": 4, "minus": 2, "caseload": 7},
        "West": {"start": 1, "end": 1, "plus": 1, "minus": 1, "caseload": 2},
    }
    for code, block in approaches.items():
        figures = block["flow"]
        assert figures["end"] == figures["caseload"] - figures["outflow"] - figures["transfer_out"], code


def test_totals_count_leaf_approaches_only(report):
    data = Dataset()
    data.case("w", "topx-west", "2023-01-01")
    data.case("j", "topx-jeugd", "2024-02-01", "2024-08-01")
    data.case("own", "topx", "2024-03-01")  # on a parent: in the topx block, in no total
    data.case("o", "topx-ogg", "2022-01-01", "2024-12-31", "overdracht_intern", subject="p")
    data.case("l", "levensloop", "2024-12-31", subject="p", transferred_from="o")
    data.case("m", "mda-stad", "2024-04-01")
    result = report(data)
    assert result["approaches"]["topx"]["flow"] == flow(start=1, inflow=2, outflow=1, end=2, caseload=3)
    assert result["totals"]["person"] == {"start": 2, "inflow": 1, "outflow": 1, "end": 2, "caseload": 4}
    assert result["totals"]["system"] == {
        "start": 0, "inflow": 1, "outflow": 0, "end": 1, "caseload": 1, "persons_involved": 1,
    }


def test_persons_involved_is_distinct_over_systems_and_approaches(report):
    data = Dataset()
    data.system("gezin-a", ["ouder-a", "kind", "oma"])
    data.system("gezin-b", ["ouder-b", "kind"])  # kind is a member of both systems
    data.system("gezin-c", ["ouder-c", "oma"])
    data.system("gezin-d", ["ouder-d"])
    data.case("a", "mda-stad", "2023-01-01", subject="gezin-a")
    data.case("b", "mda-stad", "2024-03-01", "2024-09-01", subject="gezin-b")
    data.case("c", "mda-regio", "2024-03-01", subject="gezin-c")
    data.case("d", "mda-regio", "2020-03-01", "2023-09-01", subject="gezin-d")  # not in caseload
    result = report(data)
    approaches = result["approaches"]
    assert approaches["mda-stad"]["persons_involved"] == 4  # ouder-a, kind, oma, ouder-b
    assert approaches["mda-regio"]["persons_involved"] == 2  # ouder-c, oma
    assert approaches["mda"]["persons_involved"] == 5  # oma counted once, not 4 + 2 = 6
    assert result["totals"]["system"]["persons_involved"] == 5
    assert approaches["mda"]["discussions"]["unique_subjects"] == 0


# --- signals (version 2) -----------------------------------------------------------------------------------


def test_signals_count_by_their_date_on_the_year_boundaries(db, tmp_path):
    data = Dataset()
    data.signal("eve", "topx-west", "2023-12-31")  # the last day before Y
    data.signal("first", "topx-west", "2024-01-01")  # F
    data.signal("last", "topx-west", "2024-12-31", "adviesgesprek")  # L
    data.signal("next", "topx-west", "2025-01-01", "adviesgesprek")  # the first day after Y
    data.load(tmp_path / "dataset")
    assert annual_report(year=2024)["approaches"]["topx-west"]["signals"] == {
        "count": 2, "by_kind": {"adviesgesprek": 1, "melding": 1}, "by_reporter_kind": {"politie": 2},
        "to_registration": 0,
    }
    assert annual_report(year=2023)["approaches"]["topx-west"]["signals"]["by_kind"] == {"melding": 1}
    assert annual_report(year=2025)["approaches"]["topx-west"]["signals"]["by_kind"] == {"adviesgesprek": 1}


def test_signals_by_kind_by_reporter_kind_and_to_registration(report):
    data = Dataset()
    data.case("led", "topx-west", "2024-03-01")
    data.declined("refused", "topx-west", triage_on="2024-04-01")
    data.signal("s1", "topx-west", "2024-02-01", "melding", outcome="aanmelding", case="led", subject="s-led")
    data.signal("s2", "topx-west", "2024-03-15", "melding", reported_by="rvdk", outcome="aanmelding", case="refused")
    data.signal("s3", "topx-west", "2024-05-01", "adviesgesprek", reported_by="gemeente-utrecht", outcome="advies")
    data.signal("s4", "topx-west", "2024-05-02", "adviesgesprek", reported_by="gemeente-utrecht")  # open: no outcome
    data.signal("s5", "topx-west", "2024-06-01", "melding", reported_by="reclassering", outcome="doorverwezen")
    data.signal("s6", "topx-west", "2024-07-01", "adviesgesprek", reported_by="rvdk", outcome="geen_actie",
                municipality="GM0356")
    data.case("earlier", "topx-west", "2023-12-01")
    data.signal("old", "topx-west", "2023-11-01", outcome="aanmelding", case="earlier")  # before Y: nowhere in Y
    approaches = report(data)["approaches"]
    assert approaches["topx-west"]["signals"] == {
        "count": 6,
        "by_kind": {"adviesgesprek": 3, "melding": 3},
        "by_reporter_kind": {"gemeente": 2, "politie": 1, "reclassering": 1, "rvdk": 2},
        "to_registration": 2,  # the outcome, whatever became of the registration (one was declined)
    }
    assert approaches["topx-ogg"]["signals"] == NO_SIGNALS  # an approach without signals
    assert approaches["levensloop"]["signals"] == NO_SIGNALS


def test_parents_sum_the_signals_of_their_children_and_their_own(report):
    data = Dataset()
    data.case("w", "topx-west", "2023-01-01")
    data.signal("j1", "topx-jeugd", "2024-01-10", reported_by="rvdk")
    data.signal("j2", "topx-jeugd", "2024-02-10", "adviesgesprek")
    data.signal("v1", "topx-volwassenen", "2024-03-10", reported_by="reclassering", outcome="geen_actie")
    data.signal("s1", "topx-stad", "2024-04-10", "adviesgesprek", reported_by="gemeente-utrecht")  # the parent's own
    data.signal("t1", "topx", "2024-05-10", outcome="aanmelding", case="w")  # the grandparent's own
    data.signal("w1", "topx-west", "2024-06-10", "adviesgesprek", reported_by="rvdk")
    data.signal("w2", "topx-west", "2023-06-10")  # not in Y
    data.signal("m1", "mda-stad", "2024-07-10")
    result = report(data)
    approaches = result["approaches"]
    assert approaches["topx-stad"]["signals"] == {
        "count": 4, "by_kind": {"adviesgesprek": 2, "melding": 2},
        "by_reporter_kind": {"gemeente": 1, "politie": 1, "reclassering": 1, "rvdk": 1}, "to_registration": 0,
    }
    assert approaches["topx"]["signals"] == {
        "count": 6, "by_kind": {"adviesgesprek": 3, "melding": 3},
        "by_reporter_kind": {"gemeente": 1, "politie": 2, "reclassering": 1, "rvdk": 2}, "to_registration": 1,
    }
    assert approaches["mda"]["signals"] == approaches["mda-stad"]["signals"] == {
        "count": 1, "by_kind": {"melding": 1}, "by_reporter_kind": {"politie": 1}, "to_registration": 0,
    }
    assert approaches["mda-regio"]["signals"] == NO_SIGNALS
    # `totals` sum flow figures only (the spec): signals add no key there.
    assert result["totals"]["person"] == {"start": 1, "inflow": 0, "outflow": 0, "end": 1, "caseload": 1}


# --- escalations (version 2) -------------------------------------------------------------------------------


def test_escalations_count_by_the_day_they_were_raised_and_resolve_by_the_last_day(db, tmp_path):
    data = Dataset()
    data.case("a", "topx-west", "2022-01-01")
    data.case("b", "topx-west", "2023-01-01", "2024-06-30")  # closed in Y: its escalations of Y count
    data.escalation("a", "2023-12-31", "2024-01-02", "ingetrokken")  # raised before Y: not in Y
    data.escalation("a", "2024-01-01", "2024-12-31", "afspraak_gemaakt")  # raised on F, resolved on L
    data.escalation("a", "2024-12-31", "2025-01-01", "bestuurlijk_opgeschaald")  # raised on L, resolved after L
    data.escalation("a", "2024-06-01")  # still open
    data.escalation("b", "2024-03-01", "2024-03-20", "afspraak_gemaakt")
    data.escalation("b", "2024-04-01", "2024-05-01", "niet_opgelost")
    data.escalation("b", "2024-06-01", "2025-02-01", "afspraak_gemaakt")  # resolved after L: not in by_outcome
    data.escalation("a", "2025-01-01", "2025-01-02", "ingetrokken")  # raised after Y
    data.load(tmp_path / "dataset")
    assert annual_report(year=2024)["approaches"]["topx-west"]["escalations"] == {
        "count": 6, "resolved": 3, "by_outcome": {"afspraak_gemaakt": 2, "niet_opgelost": 1},
    }
    # Raised on 31 December and resolved on 1 January: counted in the year raised, resolved in neither.
    assert annual_report(year=2023)["approaches"]["topx-west"]["escalations"] == {
        "count": 1, "resolved": 0, "by_outcome": {},
    }
    assert annual_report(year=2025)["approaches"]["topx-west"]["escalations"] == {
        "count": 1, "resolved": 1, "by_outcome": {"ingetrokken": 1},
    }


def test_parents_sum_the_escalations_of_their_children_and_their_own(report):
    data = Dataset()
    data.case("j", "topx-jeugd", "2023-01-01")
    data.case("v", "topx-volwassenen", "2023-01-01")
    data.case("s", "topx-stad", "2023-01-01")
    data.case("w", "topx-west", "2023-01-01")
    data.case("m", "mda-regio", "2023-01-01")
    data.escalation("j", "2024-02-01", "2024-02-10", "afspraak_gemaakt")
    data.escalation("v", "2024-03-01", "2024-04-10", "bestuurlijk_opgeschaald")
    data.escalation("v", "2024-05-01")
    data.escalation("s", "2024-06-01", "2024-06-02", "afspraak_gemaakt")  # the parent's own case
    data.escalation("w", "2024-07-01", "2024-07-02", "ingetrokken")
    data.escalation("m", "2024-08-01")
    approaches = report(data)["approaches"]
    assert approaches["topx-stad"]["escalations"] == {
        "count": 4, "resolved": 3, "by_outcome": {"afspraak_gemaakt": 2, "bestuurlijk_opgeschaald": 1},
    }
    assert approaches["topx"]["escalations"] == {
        "count": 5, "resolved": 4,
        "by_outcome": {"afspraak_gemaakt": 2, "bestuurlijk_opgeschaald": 1, "ingetrokken": 1},
    }
    assert approaches["mda"]["escalations"] == {"count": 1, "resolved": 0, "by_outcome": {}}
    assert approaches["topx-ogg"]["escalations"] == NO_ESCALATIONS


def test_the_comparison_gives_last_years_signal_and_escalation_counts_rolled_up(db, tmp_path):
    data = Dataset()
    data.case("j", "topx-jeugd", "2022-01-01")
    data.signal("a", "topx-jeugd", "2023-01-01")  # the first day of last year
    data.signal("b", "topx-volwassenen", "2023-12-31")
    data.signal("c", "topx-jeugd", "2024-01-01")
    data.signal("d", "topx-jeugd", "2022-12-31")  # two years back: in neither
    data.escalation("j", "2023-12-31", "2024-01-01", "afspraak_gemaakt")
    data.escalation("j", "2024-02-01")
    data.escalation("j", "2024-03-01")
    data.load(tmp_path / "dataset")
    report, comparison = annual_report_with_comparison(year=2024)
    assert report == annual_report(year=2024)
    assert flow_comparison(year=2024) == comparison
    assert comparison["topx-jeugd"]["signals"] == {"current": 1, "previous": 1}
    assert comparison["topx-stad"]["signals"] == comparison["topx"]["signals"] == {"current": 1, "previous": 2}
    assert comparison["topx"]["escalations"] == {"current": 2, "previous": 1}
    assert comparison["topx-west"]["signals"] == comparison["topx-west"]["escalations"] == {"current": 0, "previous": 0}
    assert report["approaches"]["topx"]["signals"]["count"] == 1  # last year's stay out of this year's figures
