"""Every definition of shared/spec/outcomes.md on hand-written cases, with the edges that are easy to get wrong.

Unless a test says otherwise: the cohort window is 2023 (from 2023-01-01 to 2023-12-31), measured on 2025-01-01.
The datasets are loaded with the real `import` command (tests/reporting/annual_data.py, with police registrations
and due dates added by outcomes_data.py).
"""

import datetime

import pytest

from procesregie.reporting.outcomes import (
    REPORT,
    VERSION,
    OutcomesWindowError,
    annual_chapter_window,
    default_cohort_year,
    outcomes_report,
)
from procesregie.retention.erasure import erase_person
from procesregie.subjects.models import Person

from ..annual_data import APPROACHES
from .outcomes_data import OutcomesDataset

FIRST, LAST, AS_OF = datetime.date(2023, 1, 1), datetime.date(2023, 12, 31), datetime.date(2025, 1, 1)

NOBODY = {
    "n": 0, "not_eligible": 0, "excluded_deceased": 0, "registrations_before": 0, "registrations_after": 0,
    "change_pct": None, "persons_any_before": 0, "persons_any_after": 0, "by_kind": {}, "ci95_change_pct": None,
}


def figures(**values) -> dict:
    """The recidivism figures without the bootstrap interval and the comparison (checked on their own)."""
    return {**{key: value for key, value in NOBODY.items() if key != "ci95_change_pct"}, **values}


def exact(block: dict) -> dict:
    """A recidivism block without its (informational) interval and comparison."""
    return {key: value for key, value in block.items() if key not in ("ci95_change_pct", "comparison")}


@pytest.fixture
def report(db, tmp_path):
    """report(dataset, first=, last=, as_of=): import the dataset with the real command, then compute."""
    loaded = []

    def make(dataset: OutcomesDataset, first=FIRST, last=LAST, as_of=AS_OF) -> dict:
        if not loaded:
            dataset.load(tmp_path / "dataset")
            loaded.append(dataset)
        return outcomes_report(first=first, last=last, as_of=as_of)

    return make


def recidivism(result: dict, approach: str) -> dict:
    return result["approaches"][approach]["recidivism"]


# --- the shape ---------------------------------------------------------------------------------------------


def test_every_approach_appears_in_the_annual_order_with_zeros(report):
    data = OutcomesDataset()
    data.discussed("c1", "topx-west", "2023-03-01", subject="p1")
    result = report(data)
    assert list(result) == ["report", "version", "from", "to", "as_of", "approaches"]
    assert (result["report"], result["version"]) == (REPORT, VERSION) == ("outcomes", 1)
    assert (result["from"], result["to"], result["as_of"]) == ("2023-01-01", "2023-12-31", "2025-01-01")
    assert list(result["approaches"]) == sorted(code for code, *_ in APPROACHES)
    assert result["approaches"]["levensloop"] == {
        "recidivism": {**NOBODY, "comparison": NOBODY}, "domain_progress": {}, "follow_through": {},
    }
    block = recidivism(result, "topx-west")
    assert list(block) == [*NOBODY, "comparison"]
    assert block["comparison"] == NOBODY  # nobody declined: present, with n 0


# --- recidivism: the reference day and the two years around it ---------------------------------------------


def test_registrations_on_the_reference_day_and_exactly_365_days_before_and_after(report):
    data = OutcomesDataset()
    data.discussed("c1", "topx-west", "2023-05-01", "2023-03-01", subject="p1")  # d = 2023-03-01, the earliest
    data.police("p1", "2023-03-01")  # on d itself: neither
    data.police("p1", "2022-03-01", "2023-02-28")  # d - 365 and d - 1: before
    data.police("p1", "2022-02-28")  # d - 366: neither
    data.police("p1", "2023-03-02", kind="overtreding")  # d + 1: after
    data.police("p1", "2024-02-29", kind="overtreding")  # d + 365 (2024 is a leap year): after
    data.police("p1", "2024-03-01")  # d + 366: neither
    block = recidivism(report(data), "topx-west")
    assert exact(block) == figures(
        n=1, registrations_before=2, registrations_after=2, change_pct=0.0, persons_any_before=1,
        persons_any_after=1, by_kind={"misdrijf": {"before": 2, "after": 0}, "overtreding": {"before": 0, "after": 2}},
    )


def test_the_cohort_is_who_was_first_discussed_in_the_window(report):
    data = OutcomesDataset()
    data.discussed("first", "topx-west", "2023-01-01", subject="p-first")  # d = from: in
    data.discussed("last", "topx-west", "2023-12-31", subject="p-last")  # d = to: in
    data.discussed("eve", "topx-west", "2022-12-31", subject="p-eve")  # the day before: out
    data.discussed("next", "topx-west", "2024-01-01", subject="p-next")  # the day after: out
    # first discussed before the window, discussed again in it: the earliest discussion decides, out
    data.discussed("again", "topx-west", "2022-06-01", "2023-06-01", subject="p-again")
    data.case("never", "topx-west", "2023-02-01", subject="p-never")  # a case never discussed: no reference day
    for person in ("p-first", "p-last", "p-eve", "p-next", "p-again", "p-never"):
        data.police(person, "2023-06-30")
    block = recidivism(report(data), "topx-west")
    # p-first's registration is after its d, p-last's before
    assert exact(block) == figures(n=2, registrations_before=1, registrations_after=1, change_pct=0.0,
                                   persons_any_before=1, persons_any_after=1,
                                   by_kind={"misdrijf": {"before": 1, "after": 1}})


def test_as_of_too_early_is_not_eligible(report):
    data = OutcomesDataset()
    data.discussed("c1", "topx-west", "2023-12-31", subject="p1")
    data.police("p1", "2023-06-01", "2024-06-01")
    # d + 365 = 2024-12-30: eligible from that day on
    eligible = recidivism(report(data, as_of=datetime.date(2024, 12, 30)), "topx-west")
    assert exact(eligible) == figures(n=1, registrations_before=1, registrations_after=1, change_pct=0.0,
                                      persons_any_before=1, persons_any_after=1,
                                      by_kind={"misdrijf": {"before": 1, "after": 1}})
    early = recidivism(report(data, as_of=datetime.date(2024, 12, 29)), "topx-west")
    assert early == {**NOBODY, "not_eligible": 1, "comparison": NOBODY}


def test_change_pct_is_none_without_registrations_before_and_by_kind_leaves_out_zeros(report):
    data = OutcomesDataset()
    data.discussed("c1", "topx-west", "2023-03-01", subject="p1")
    data.discussed("c2", "topx-west", "2023-04-01", subject="p2")
    data.police("p1", "2023-05-01", "2023-06-01")  # after only, misdrijf only
    block = recidivism(report(data), "topx-west")
    assert exact(block) == figures(n=2, registrations_after=2, persons_any_after=1,
                                   by_kind={"misdrijf": {"before": 0, "after": 2}})
    assert block["change_pct"] is None and block["ci95_change_pct"] is None


def test_change_pct_rounds_to_one_decimal_and_the_interval_surrounds_it(report):
    data = OutcomesDataset()
    for i in range(6):
        data.discussed(f"c{i}", "topx-west", "2023-03-01", subject=f"p{i}")
    data.police("p0", "2022-06-01", "2022-07-01", "2022-08-01")
    data.police("p1", "2022-06-01", "2023-06-01")
    data.police("p2", "2022-06-01", "2022-07-01")
    data.police("p3", "2023-06-01")
    block = recidivism(report(data), "topx-west")
    assert (block["registrations_before"], block["registrations_after"]) == (6, 2)
    assert block["change_pct"] == -66.7
    low, high = block["ci95_change_pct"]
    assert isinstance(low, float) and low <= -66.7 <= high


# --- recidivism: whose cases, roll-up ---------------------------------------------------------------------


def test_a_person_first_discussed_in_a_child_approach_counts_in_every_ancestor(report):
    data = OutcomesDataset()
    data.discussed("jeugd", "topx-jeugd", "2023-04-01", subject="p1")  # topx → topx-stad → topx-jeugd
    data.police("p1", "2022-10-01", "2022-11-01")
    result = report(data)
    for code in ("topx-jeugd", "topx-stad", "topx"):
        assert exact(recidivism(result, code)) == figures(
            n=1, registrations_before=2, change_pct=-100.0, persons_any_before=1,
            by_kind={"misdrijf": {"before": 2, "after": 0}},
        ), code
    for code in ("topx-west", "topx-volwassenen", "topx-ogg"):
        assert recidivism(result, code)["n"] == 0, code


def test_parents_count_each_person_once_with_the_earliest_reference_day_of_their_subtree(report):
    data = OutcomesDataset()
    # p1 in two children of topx-stad: once in the parent, measured from the earlier discussion
    data.discussed("j1", "topx-jeugd", "2023-06-01", subject="p1")
    data.discussed("v1", "topx-volwassenen", "2023-03-01", subject="p1")
    data.police("p1", "2023-04-01")  # after 2023-03-01, before 2023-06-01
    # p2 discussed in topx-jeugd in 2023, but in topx-west (under topx) already in 2022: not in topx's cohort
    data.discussed("j2", "topx-jeugd", "2023-05-01", subject="p2")
    data.discussed("w2", "topx-west", "2022-05-01", subject="p2")
    data.police("p2", "2023-04-01")
    result = report(data)
    assert exact(recidivism(result, "topx-jeugd")) == figures(
        n=2, registrations_before=2, change_pct=-100.0, persons_any_before=2,
        by_kind={"misdrijf": {"before": 2, "after": 0}},
    )
    assert exact(recidivism(result, "topx-volwassenen")) == figures(
        n=1, registrations_after=1, persons_any_after=1, by_kind={"misdrijf": {"before": 0, "after": 1}},
    )
    # topx-stad: p1 (d = 2023-03-01, after) and p2 (d = 2023-05-01, before): not the sum of its children (3)
    assert exact(recidivism(result, "topx-stad")) == figures(
        n=2, registrations_before=1, registrations_after=1, change_pct=0.0, persons_any_before=1,
        persons_any_after=1, by_kind={"misdrijf": {"before": 1, "after": 1}},
    )
    # topx: p1 only (p2's reference day in topx is 2022-05-01, before the window)
    assert exact(recidivism(result, "topx")) == figures(
        n=1, registrations_after=1, persons_any_after=1, by_kind={"misdrijf": {"before": 0, "after": 1}},
    )
    assert recidivism(result, "topx-west")["n"] == 0


def test_system_approaches_measure_the_members_of_the_system(report):
    data = OutcomesDataset()
    data.system("gezin", ["ouder", "kind"])
    data.discussed("g", "mda-stad", "2023-04-01", subject="gezin")
    data.police("ouder", "2022-05-01", "2022-06-01")
    data.police("kind", "2023-05-01", kind="overtreding")
    result = report(data)
    for code in ("mda-stad", "mda"):
        assert exact(recidivism(result, code)) == figures(
            n=2, registrations_before=2, registrations_after=1, change_pct=-50.0, persons_any_before=1,
            persons_any_after=1,
            by_kind={"misdrijf": {"before": 2, "after": 0}, "overtreding": {"before": 0, "after": 1}},
        ), code
    assert recidivism(result, "mda-regio")["n"] == 0


def test_persons_who_died_within_the_follow_up_year_are_left_out(report):
    data = OutcomesDataset()
    # d = 2023-03-01, d + 365 = 2024-02-29
    data.discussed("died", "topx-west", "2023-03-01", subject="p-died", end="2024-02-29", reason="overleden")
    data.discussed("later", "topx-west", "2023-03-01", subject="p-later", end="2024-03-01", reason="overleden")
    data.discussed("other", "topx-west", "2023-03-01", subject="p-other", end="2023-09-01", reason="negatief")
    # died, but not yet eligible: counts as not eligible, not as deceased
    data.discussed("young", "topx-west", "2023-12-31", subject="p-young", end="2024-06-01", reason="overleden")
    for person in ("p-died", "p-later", "p-other", "p-young"):
        data.police(person, "2022-06-01")
    block = recidivism(report(data, as_of=datetime.date(2024, 12, 1)), "topx-west")
    assert exact(block) == figures(
        n=2, not_eligible=1, excluded_deceased=1, registrations_before=2, change_pct=-100.0, persons_any_before=2,
        by_kind={"misdrijf": {"before": 2, "after": 0}},
    )


def test_a_death_in_another_approach_of_the_subtree_counts_in_the_parent_only(report):
    data = OutcomesDataset()
    data.discussed("w", "topx-west", "2023-03-01", subject="p1")
    data.case("j", "topx-jeugd", "2023-05-01", "2023-10-01", "overleden", subject="p1")
    data.police("p1", "2022-06-01")
    result = report(data)
    assert (recidivism(result, "topx-west")["n"], recidivism(result, "topx-west")["excluded_deceased"]) == (1, 0)
    assert (recidivism(result, "topx")["n"], recidivism(result, "topx")["excluded_deceased"]) == (0, 1)


def test_a_person_erased_by_retention_stays_in_the_cohort_with_what_is_left(report):
    data = OutcomesDataset()
    data.discussed("gone", "topx-west", "2023-03-01", subject="p-gone", end="2023-10-01")
    data.discussed("kept", "topx-west", "2023-03-01", subject="p-kept", end="2023-10-01")
    data.police("p-gone", "2022-06-01", "2023-06-01")
    data.police("p-kept", "2022-06-01")
    assert exact(recidivism(report(data), "topx-west")) == figures(
        n=2, registrations_before=2, registrations_after=1, change_pct=-50.0, persons_any_before=2,
        persons_any_after=1, by_kind={"misdrijf": {"before": 2, "after": 1}},
    )
    erase_person(actor=None, person=Person.objects.get(ref="p-gone"), on=datetime.date(2026, 1, 1))
    # a tombstone: its police registrations are gone, the person and the first discussion remain
    assert exact(recidivism(report(data), "topx-west")) == figures(
        n=2, registrations_before=1, change_pct=-100.0, persons_any_before=1,
        by_kind={"misdrijf": {"before": 1, "after": 0}},
    )


# --- recidivism: the comparison group ---------------------------------------------------------------------


def test_the_comparison_group_is_declined_at_triage_and_never_in_regie(report):
    data = OutcomesDataset()
    data.declined("r1", "topx-west", "2023-05-01")  # subject s-r1: d = 2023-05-01
    data.police("s-r1", "2022-06-01", "2022-07-01", "2023-06-01")
    # declined twice in the window: d is the earliest triage day
    data.case("r2a", "topx-west", None, subject="q2", decision="declined", triage_on="2023-08-01")
    data.case("r2b", "topx-west", None, subject="q2", decision="declined", triage_on="2023-03-01")
    data.police("q2", "2023-05-01")  # after 2023-03-01 (it would be before 2023-08-01)
    data.case("r7a", "topx-west", None, subject="q7", decision="declined", triage_on="2023-03-01")
    data.case("r7b", "topx-west", None, subject="q7", decision="declined", triage_on="2023-08-01")
    data.police("q7", "2023-05-01")  # the same, declined in the other order
    # declined before the window and again in it: the one in the window
    data.case("r3a", "topx-west", None, subject="q3", decision="declined", triage_on="2022-12-31")
    data.case("r3b", "topx-west", None, subject="q3", decision="declined", triage_on="2023-07-01")
    data.police("q3", "2023-01-15")  # before 2023-07-01 (after 2022-12-31)
    # declined, later accepted in the same approach: in regie, so not in the comparison group
    data.case("r4", "topx-west", None, subject="q4", decision="declined", triage_on="2023-02-01")
    data.discussed("c4", "topx-west", "2023-09-01", subject="q4", start="2023-08-01")
    data.police("q4", "2023-04-01", "2023-04-02", "2023-04-03")
    # declined only after the window: not in it
    data.case("r5", "topx-west", None, subject="q5", decision="declined", triage_on="2024-01-01")
    # still pending at triage: not declined
    data.case("r6", "topx-west", None, subject="q6", decision="", triage_on="")
    # accepted, the trajectory not started yet: not declined either
    data.case("r8", "topx-west", None, subject="q8", decision="accepted", triage_on="2023-04-01")
    data.police("q6", "2023-05-01")
    data.police("q8", "2023-05-01")
    block = recidivism(report(data), "topx-west")
    assert exact(block["comparison"]) == figures(
        n=4, registrations_before=3, registrations_after=3, change_pct=0.0, persons_any_before=2,
        persons_any_after=3, by_kind={"misdrijf": {"before": 3, "after": 3}},
    )
    assert list(block["comparison"]) == list(NOBODY)  # no nested comparison
    # q4 counts in the main block instead: d = 2023-09-01, all three registrations before
    assert exact(block) == figures(n=1, registrations_before=3, change_pct=-100.0, persons_any_before=1,
                                   by_kind={"misdrijf": {"before": 3, "after": 0}})


def test_the_comparison_group_of_a_parent_leaves_out_cases_anywhere_in_its_subtree(report):
    data = OutcomesDataset()
    data.case("r1", "topx-west", None, subject="q1", decision="declined", triage_on="2023-05-01")
    data.case("j1", "topx-jeugd", "2021-01-01", "2021-12-31", subject="q1")  # long ago, never discussed
    data.police("q1", "2023-06-01")
    result = report(data)
    assert recidivism(result, "topx-west")["comparison"]["n"] == 1
    assert recidivism(result, "topx-west")["comparison"]["registrations_after"] == 1
    assert recidivism(result, "topx")["comparison"]["n"] == 0
    assert recidivism(result, "topx-jeugd")["comparison"]["n"] == 0


def test_the_comparison_group_of_a_system_approach_is_the_members_and_has_its_own_eligibility(report):
    data = OutcomesDataset()
    data.system("gezin", ["ouder", "kind"])
    data.case("r", "mda-stad", None, subject="gezin", decision="declined", triage_on="2023-03-01")
    data.police("kind", "2022-06-01")
    data.declined("late", "topx-west", "2023-12-31")  # d + 365 = 2024-12-30 > as_of
    result = report(data, as_of=datetime.date(2024, 12, 1))
    assert exact(recidivism(result, "mda")["comparison"]) == figures(
        n=2, registrations_before=1, change_pct=-100.0, persons_any_before=1,
        by_kind={"misdrijf": {"before": 1, "after": 0}},
    )
    assert recidivism(result, "topx-west")["comparison"] == {**NOBODY, "not_eligible": 1}


# --- life-domain progress ---------------------------------------------------------------------------------


def test_domain_progress_of_trajectories_ending_in_the_window_with_wilson_intervals(report):
    data = OutcomesDataset()
    for ref, nul, eind in (("a", 2, 4), ("b", 1, 3), ("c", 3, 3)):
        data.case(ref, "topx-west", "2022-01-01", "2023-06-30", subject=f"p-{ref}")
        data.measurement(ref, "2022-01-10", "nulmeting", "huisvesting", nul)
        data.measurement(ref, "2023-06-30", "eindmeting", "huisvesting", eind)
    data.case("d", "topx-jeugd", "2022-01-01", "2023-12-31", subject="p-d")
    data.measurement("d", "2022-01-10", "nulmeting", "financien", 4)
    data.measurement("d", "2022-02-10", "nulmeting", "financien", 2)  # not the earliest: ignored
    data.measurement("d", "2023-12-01", "eindmeting", "financien", 3)
    data.measurement("d", "2023-12-01", "nulmeting", "justitie", 3)  # no eindmeting: not counted
    data.case("e", "topx-west", "2022-01-01", "2024-01-01", subject="p-e")  # ends after the window
    data.measurement("e", "2022-01-10", "nulmeting", "huisvesting", 1)
    data.measurement("e", "2024-01-01", "eindmeting", "huisvesting", 5)
    result = report(data)
    west = result["approaches"]["topx-west"]["domain_progress"]
    assert west == {"huisvesting": {"n": 3, "improved": 2, "same": 1, "worse": 0, "improved_pct": 66.7,
                                    "wilson95": [20.8, 93.9]}}
    worse = {"n": 1, "improved": 0, "same": 0, "worse": 1, "improved_pct": 0.0, "wilson95": [0.0, 79.3]}
    assert result["approaches"]["topx-jeugd"]["domain_progress"] == {"financien": worse}
    # the parent adds its subtree's trajectories, domains in display order
    assert result["approaches"]["topx"]["domain_progress"] == {"huisvesting": west["huisvesting"],
                                                               "financien": worse}
    assert list(result["approaches"]["topx"]["domain_progress"]) == ["huisvesting", "financien"]


# --- follow-through ---------------------------------------------------------------------------------------


def test_follow_through_per_organisation_with_overdue_relative_to_as_of(report):
    data = OutcomesDataset()
    data.case("c", "topx-west", "2022-06-01", subject="p1")
    data.agreed("c", "2023-02-01", "agreed", due="2024-12-31")  # before as_of: overdue
    data.agreed("c", "2023-02-01", "running", due="2024-06-01")  # overdue
    data.agreed("c", "2023-02-01", "running", due="2025-01-01")  # due on as_of: not overdue
    data.agreed("c", "2023-02-01", "agreed")  # no due date: never overdue
    data.agreed("c", "2023-02-01", "done", due="2023-03-01")  # done: not overdue
    data.agreed("c", "2023-12-31", "cancelled", organisation="reclassering", due="2024-01-01")
    data.agreed("c", "2022-12-31", "agreed", organisation="reclassering", due="2023-01-01")  # before the window
    data.agreed("c", "2024-01-01", "agreed", organisation="politie-mn", due="2024-02-01")  # after the window
    data.case("j", "topx-jeugd", "2022-06-01", subject="p2")
    data.agreed("j", "2023-05-01", "done", organisation="reclassering")
    result = report(data)
    west = {"gemeente-utrecht": {"agreed": 2, "running": 2, "done": 1, "overdue": 2},
            "reclassering": {"cancelled": 1}}
    assert result["approaches"]["topx-west"]["follow_through"] == west
    assert list(west["gemeente-utrecht"]) == ["agreed", "running", "done", "overdue"]
    assert result["approaches"]["topx"]["follow_through"] == {
        "gemeente-utrecht": west["gemeente-utrecht"], "reclassering": {"done": 1, "cancelled": 1},
    }
    # measured a day later, the intervention due on 2025-01-01 is overdue too
    later = report(data, as_of=datetime.date(2025, 1, 2))
    assert later["approaches"]["topx-west"]["follow_through"]["gemeente-utrecht"]["overdue"] == 3


# --- the window -------------------------------------------------------------------------------------------


def test_a_window_that_ends_before_it_starts_is_refused(db, django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(OutcomesWindowError, match="after it ends"):
        outcomes_report(first=datetime.date(2023, 12, 31), last=datetime.date(2023, 1, 1), as_of=AS_OF)


@pytest.mark.parametrize(("first", "last", "as_of"), [
    (datetime.date.min, LAST, AS_OF), (FIRST, datetime.date.max, datetime.date.max), (FIRST, LAST, datetime.date.min),
])
def test_dates_at_the_ends_of_the_calendar_are_refused_not_a_crash(db, first, last, as_of):
    with pytest.raises(OutcomesWindowError, match="must lie from"):
        outcomes_report(first=first, last=last, as_of=as_of)


def test_a_window_of_one_day_is_fine(report):
    data = OutcomesDataset()
    data.discussed("c1", "topx-west", "2023-03-01", subject="p1")
    day = datetime.date(2023, 3, 1)
    assert recidivism(report(data, first=day, last=day), "topx-west")["n"] == 1


@pytest.mark.parametrize(("as_of", "year"), [
    ("2025-01-01", 2023), ("2024-12-31", 2023), ("2024-12-30", 2023),  # 2023-12-31 + 365 days = 2024-12-30
    ("2024-12-29", 2022), ("2025-12-30", 2023), ("2025-12-31", 2024),
])
def test_default_cohort_year_is_the_latest_with_a_full_year_of_follow_up(as_of, year):
    assert default_cohort_year(datetime.date.fromisoformat(as_of)) == year


def test_the_annual_chapter_measures_last_years_cohort_at_the_end_of_the_year():
    first, last, as_of = annual_chapter_window(2024)
    assert (first, last, as_of) == (datetime.date(2023, 1, 1), datetime.date(2023, 12, 31), datetime.date(2024, 12, 31))
    assert default_cohort_year(as_of) == 2023
    assert annual_chapter_window(2024, today=datetime.date(2025, 3, 1))[2] == datetime.date(2024, 12, 31)
    assert annual_chapter_window(2024, today=datetime.date(2024, 12, 6))[2] == datetime.date(2024, 12, 6)  # not yet
