"""The outcomes report's snapshots (reporting.snapshots, docs/decisions/0017): one per cohort year, taken before a
destruction, stored with the figures from before it, listed and read back as a page and as JSON."""

import datetime
import json
import re

import pytest
from django.urls import reverse

from procesregie.audit.models import AccessLogEntry
from procesregie.meetings.models import Discussion, Meeting
from procesregie.reporting import snapshots
from procesregie.reporting.formats import render_json
from procesregie.reporting.models import ReportSnapshot
from procesregie.reporting.outcomes import annual_chapter_window, outcomes_report
from procesregie.retention.erasure import erase_person
from procesregie.retention.safeguard import reports_unchanged
from procesregie.subjects.models import PoliceRegistration

from ... import factories as f
from ...logins import verified_client

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 12, 6)


@pytest.fixture
def discussed(db):
    """A person first discussed on 2018-02-01 (a closed case of 2018) with police registrations around that day."""
    case = f.CaseFactory(closed=True, registration__registered_on=D(2018, 1, 10))
    meeting = Meeting.objects.create(ref="M-1", date=D(2018, 2, 1))
    Discussion.objects.create(meeting=meeting, case=case, date=D(2018, 2, 1))
    person = case.registration.person
    PoliceRegistration.objects.bulk_create([
        PoliceRegistration(person=person, date=day, kind="misdrijf")
        for day in (D(2017, 5, 1), D(2017, 11, 1), D(2018, 6, 1))
    ])
    return case


def test_one_parameter_set_per_cohort_year_final_once_its_follow_up_ended(discussed):
    sets = snapshots.outcome_parameter_sets(today=TODAY)
    assert [s["first"] for s in sets] == [f"{year}-01-01" for year in range(2018, 2027)]
    assert sets[0] == {"first": "2018-01-01", "last": "2018-12-31", "as_of": "2019-12-31"}
    assert (sets[0]["first"], sets[0]["last"], sets[0]["as_of"]) == tuple(
        day.isoformat() for day in annual_chapter_window(2019))  # the annual report of 2019's chapter
    assert sets[-3]["as_of"] == "2025-12-31"  # cohort 2024: its follow-up ended
    assert sets[-2] == {"first": "2025-01-01", "last": "2025-12-31", "as_of": "2026-12-06"}  # not yet: today
    assert sets[-1] == {"first": "2026-01-01", "last": "2026-12-31", "as_of": "2026-12-06"}
    assert json.loads(json.dumps(sets)) == sets
    # Completed cohorts do not change with the day: the next day only the last two move.
    later = snapshots.outcome_parameter_sets(today=TODAY + datetime.timedelta(days=1))
    assert later[:-2] == sets[:-2] and later[-2:] != sets[-2:]
    assert snapshots.REGISTRY["outcomes"].must_not_change is False


def test_a_destruction_stores_the_figures_from_before_it(discussed, world):
    person = discussed.registration.person
    before = outcomes_report(first=D(2018, 1, 1), last=D(2018, 12, 31), as_of=D(2019, 12, 31))
    assert before["approaches"][discussed.registration.approach.code]["recidivism"]["registrations_before"] == 2
    with reports_unchanged():  # the annual reports stay as they were; the outcomes report may change
        erase_person(actor=None, person=person, on=D(2026, 12, 1))

    assert not PoliceRegistration.objects.filter(person=person).exists()
    snapshot = ReportSnapshot.objects.get(kind="outcomes", parameters__first="2018-01-01")
    assert snapshot.parameters == {"first": "2018-01-01", "last": "2018-12-31", "as_of": "2019-12-31"}
    assert snapshot.document.encode() == render_json(before)
    after = outcomes_report(first=D(2018, 1, 1), last=D(2018, 12, 31), as_of=D(2019, 12, 31))
    assert after != before  # the live report lost the erased person's registrations; the snapshot kept them

    client = verified_client(world.users["manager"])
    listed = client.get(reverse("reporting:snapshots")).content.decode()
    row = re.search(r'scope="row">Resultaten</th>\s*<td class="utrecht-table__cell">([^<]*)</td>\s*'
                    r'<td class="utrecht-table__cell">(.*?)</td>', listed, re.S)
    assert row.group(1) == "2018 (peildatum 31 december 2019)"
    assert reverse("reporting:snapshot-page", args=[snapshot.pk]) in row.group(2)
    assert reverse("reporting:snapshot-file", args=[snapshot.pk]) in row.group(2)
    assert "first 2018" not in listed and "as_of" not in listed

    page = client.get(reverse("reporting:snapshot-page", args=[snapshot.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert 'id="resultaten' in content or "Resultaten" in content
    assert "kan niet als pagina worden getoond" not in content
    assert "<title>Momentopname Resultaten 2018 (peildatum 31 december 2019)" in content
    assert '<h1 class="utrecht-heading-1">Resultaten 2018 (peildatum 31 december 2019)</h1>' in content
    assert content.count("<h1") == 1
    assert 'aria-current="page">Resultaten 2018 (peildatum 31 december 2019)</a>' in content
    entry = AccessLogEntry.objects.order_by("-sequence").first()
    assert (entry.action, entry.object_type, entry.object_id, entry.subject_key) == (
        "read", "reporting.reportsnapshot", str(snapshot.pk), None)

    download = client.get(reverse("reporting:snapshot-file", args=[snapshot.pk]))
    assert download.content == render_json(before)


def test_an_outcomes_snapshot_of_another_window_is_described_by_its_dates(world):
    ReportSnapshot.objects.create(
        kind="outcomes", parameters={"first": "2023-04-15", "last": "2024-06-30", "as_of": "2025-03-01"},
        document='{"report": "outcomes"}\n', sha256="1" * 64,
        taken_at=datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC))
    client = verified_client(world.users["manager"])
    listed = client.get(reverse("reporting:snapshots")).content.decode()
    assert "15 april 2023 – 30 juni 2024 (peildatum 1 maart 2025)" in listed
    page = client.get(reverse("reporting:snapshot-page", args=[ReportSnapshot.objects.get().pk]))
    assert page.status_code == 200  # a document the renderings cannot read: said, not a 500
    assert "kan niet als pagina worden getoond" in page.content.decode()
