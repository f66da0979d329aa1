"""The report safeguard (retention.safeguard.reports_unchanged) and the snapshots it stores (reporting.snapshots)."""

import datetime

import pytest

from procesregie.meetings.models import Discussion, Meeting
from procesregie.reporting import snapshots
from procesregie.reporting.annual import annual_report
from procesregie.reporting.formats import render_json
from procesregie.reporting.models import ReportSnapshot
from procesregie.retention.erasure import erase_person
from procesregie.retention.safeguard import ReportsChanged, reports_unchanged
from procesregie.subjects.models import Person

from .. import factories as f

ON = datetime.date(2026, 12, 1)


@pytest.fixture
def closed_case(db):
    case = f.CaseFactory(closed=True, registration__registered_on=datetime.date(2018, 1, 10))
    meeting = Meeting.objects.create(ref="M-1", date=case.start_date)
    Discussion.objects.create(meeting=meeting, case=case, date=case.start_date, notes="Piet was boos")
    return case


@pytest.fixture
def registry():
    saved = dict(snapshots.REGISTRY)
    yield snapshots.REGISTRY
    snapshots.REGISTRY.clear()
    snapshots.REGISTRY.update(saved)


def test_the_years_run_from_the_earliest_date_in_the_data_to_this_year(closed_case):
    assert snapshots.report_years(today=datetime.date(2026, 12, 6)) == list(range(2018, 2027))


def test_a_destruction_that_changes_a_report_rolls_back_entirely(closed_case):
    person = closed_case.registration.person
    with pytest.raises(ReportsChanged) as raised:
        with reports_unchanged():
            erase_person(actor=None, person=person, on=ON)
            Discussion.objects.filter(case=closed_case).delete()  # a count of 2018 goes

    assert raised.value.changed == [("annual", {"year": 2018})]
    fresh = Person.objects.get(pk=person.pk)
    assert fresh.destroyed_on is None and fresh.family_name == person.family_name
    assert Discussion.objects.get(case=closed_case).notes == "Piet was boos"
    assert not ReportSnapshot.objects.exists()


def test_an_unchanged_report_is_stored_once_as_it_was(closed_case):
    years = snapshots.report_years()
    with reports_unchanged():
        erase_person(actor=None, person=closed_case.registration.person, on=ON)

    stored = {row.parameters["year"]: row for row in ReportSnapshot.objects.filter(kind="annual")}
    assert sorted(stored) == years and ReportSnapshot.objects.filter(kind="annual").count() == len(years)
    assert stored[2018].document.encode() == render_json(annual_report(year=2018))

    count = ReportSnapshot.objects.count()  # every registered report (the outcomes report too)
    with reports_unchanged():
        pass
    assert ReportSnapshot.objects.count() == count


def test_a_report_that_may_change_is_kept_from_before(closed_case, registry):
    registry.clear()
    count = {"n": 1}
    snapshots.register("outcomes", parameter_sets=lambda: [{"year": 2018}], compute=lambda year: dict(count),
                       must_not_change=False)

    with reports_unchanged():
        count["n"] = 2

    (snapshot,) = ReportSnapshot.objects.all()
    assert (snapshot.kind, snapshot.parameters, snapshot.document) == ("outcomes", {"year": 2018}, '{\n "n": 1\n}\n')
