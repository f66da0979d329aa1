"""The demo lives in the present (issue 12): `demo-data --as-of` continues the open cases from the end of the data
up to that day, and `demo-agenda` plans the coming meetings; then every persona finds a current week: the
procesregisseur their caseload with a meeting to prepare, partners a coming meeting with their case on it and its
case summary, a handful of reminders (not everything overdue), registrations to triage.

As `make demo` builds it (demo-data, import, demo-users, demo-agenda), on a fixed day: a Monday.
"""

import csv
import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from procesregie.access.meetings import meetings_visible_to
from procesregie.access.rules import cases_visible_to
from procesregie.accounts.models import User
from procesregie.casework.models import Case, CaseStatus
from procesregie.meetings.models import AgendaItem, Meeting
from procesregie.plans.models import OPEN_INTERVENTION_STATUSES, CaseIntervention
from procesregie.reminders import notifications
from procesregie.synthetic.calibrate import calibrate_dataset
from procesregie.synthetic.calibrate.verify import dataset_report
from procesregie.synthetic.generator import generate_dataset
from procesregie.synthetic.personas import DEMO_USERS
from tests.logins import verified_client

from .demo_install import install_demo_region
from .test_calibrate import SMALL, write_target

AS_OF = datetime.date(2026, 11, 16)  # a Monday
END_OF_NEXT_WEEK = datetime.date(2026, 11, 29)
PARTNERS = [demo.username for demo in DEMO_USERS if "ketenpartner" in demo.roles]


def _rows(directory, name):
    with (directory / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def region(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    install_demo_region(tmp_path, as_of=AS_OF)
    call_command("demo_agenda", "--today", AS_OF.isoformat(), verbosity=0)
    return tmp_path


def _coming(user):
    return meetings_visible_to(user).filter(date__gt=AS_OF, date__lte=END_OF_NEXT_WEEK)


@pytest.mark.django_db
def test_the_regisseur_finds_their_caseload_a_meeting_to_prepare_and_a_handful_of_reminders(region):
    regisseur = User.objects.get(username="procesregisseur.zvh")
    own = Case.objects.filter(procesregisseur=regisseur, status=CaseStatus.IN_REGIE)
    assert 20 <= own.count() <= 40

    meetings = _coming(regisseur).filter(agenda_items__case__in=own).distinct()
    assert meetings.exists(), "a meeting this week or next with their own cases on the agenda"
    items = AgendaItem.objects.filter(meeting__in=_coming(regisseur))
    assert items.exclude(prepared_notes="").exists(), "a few agenda items are prepared already"
    assert items.filter(prepared_notes="").exists(), "and some are left to prepare"

    open_interventions = CaseIntervention.objects.filter(
        case__in=own, status__in=OPEN_INTERVENTION_STATUSES
    ).count()
    overdue = list(notifications.overdue_interventions(regisseur, AS_OF))
    assert 1 <= len(overdue) <= open_interventions // 4, (len(overdue), open_interventions)
    assert all((AS_OF - item.due_date).days <= 60 for item in overdue), "overdue by days or weeks, not years"
    assert CaseIntervention.objects.filter(case__in=own, status__in=OPEN_INTERVENTION_STATUSES,
                                           due_date__gt=AS_OF).count() > len(overdue), "most are due ahead"
    unmeasured = notifications.cases_without_measurement(regisseur, AS_OF).count()
    assert unmeasured <= own.count() // 3, "not every case without a measurement for months"

    waiting = list(notifications.registrations_to_triage(User.objects.get(username="procesregisseur.zvh")))
    assert waiting and all(AS_OF - datetime.timedelta(days=28) <= r.registered_on <= AS_OF for r in waiting)


@pytest.mark.django_db
def test_every_partner_has_a_coming_meeting_with_its_case_and_reads_the_case_summary(region):
    for username in PARTNERS:
        partner = User.objects.get(username=username)
        visible = cases_visible_to(partner).filter(status=CaseStatus.IN_REGIE)
        item = AgendaItem.objects.filter(meeting__in=_coming(partner), case__in=visible).first()
        assert item is not None, f"{username}: a meeting this week or next with its case on the agenda"
        client = verified_client(partner)
        assert client.get(reverse("meetings:meeting-detail", args=[item.meeting_id])).status_code == 200
        summary = reverse("meetings:case-summary", args=[item.meeting_id, item.pk])
        assert client.get(summary).status_code == 200, username
        overdue = notifications.overdue_interventions(partner, AS_OF).count()
        carried = CaseIntervention.objects.filter(
            case__status=CaseStatus.IN_REGIE, organisation=partner.organisation,
            status__in=OPEN_INTERVENTION_STATUSES,
        ).count()
        assert overdue <= max(3, carried // 4), (username, overdue, carried)


@pytest.mark.django_db
def test_reminders_send_mails_each_demo_login_with_work_once(region, mailoutbox):
    call_command("reminders", "send", "--date", AS_OF.isoformat(), "--site-url", "http://demo.example", verbosity=0)
    mailed = [message.to[0] for message in mailoutbox]
    assert len(mailed) == len(set(mailed)), "one message per user"
    for username in ["procesregisseur.zvh", *PARTNERS]:
        assert f"{username}@example.org" in mailed, username
    regisseur = User.objects.get(username="procesregisseur.zvh")
    assert 5 <= notifications.count(regisseur, AS_OF) <= 30, "a handful of reminders, not everything"
    sent = len(mailoutbox)
    call_command("reminders", "send", "--date", AS_OF.isoformat(), "--site-url", "http://demo.example", verbosity=0)
    assert len(mailoutbox) == sent, "the same reminders are not mailed twice"


@pytest.mark.django_db
def test_a_second_demo_agenda_adds_nothing(region):
    before = (Meeting.objects.count(), AgendaItem.objects.count(),
              AgendaItem.objects.exclude(prepared_notes="").count())
    call_command("demo_agenda", "--today", AS_OF.isoformat(), verbosity=0)
    assert (Meeting.objects.count(), AgendaItem.objects.count(),
            AgendaItem.objects.exclude(prepared_notes="").count()) == before
    assert before[0] > Meeting.objects.filter(date__gt=AS_OF).count() > 0


@pytest.mark.django_db
def test_demo_agenda_refuses_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(Exception, match="productie"):
        call_command("demo_agenda", verbosity=0)


def test_the_continuation_keeps_every_row_of_the_period_and_nothing_happens_after_as_of(tmp_path):
    last = datetime.date(2025, 12, 31)
    generate_dataset(tmp_path / "then", seed=11, end_year=last.year)
    generate_dataset(tmp_path / "now", seed=11, end_year=last.year, as_of=AS_OF)
    for name in ("persons.csv", "systems.csv", "staff.csv", "tables.csv"):
        assert (tmp_path / "then" / name).read_bytes() == (tmp_path / "now" / name).read_bytes(), name
    # Police registrations: those of the period stay; they go on after it (a full year after a late first
    # discussion), and the persons first met after the last day get theirs.
    then_police = _rows(tmp_path / "then", "police_registrations.csv")
    now_police = _rows(tmp_path / "now", "police_registrations.csv")
    assert [row for row in now_police if row["date"] <= last.isoformat()][:len(then_police)] == then_police
    assert any(row["date"] > last.isoformat() for row in now_police)
    for name in ("discussions.csv", "measurements.csv", "case_participants.csv"):
        then, now = (tmp_path / "then" / name).read_bytes(), (tmp_path / "now" / name).read_bytes()
        assert now.startswith(then) and len(now) > len(then), name
    then_cases = {row["case_ref"]: row for row in _rows(tmp_path / "then", "cases.csv")}
    now_cases = {row["case_ref"]: row for row in _rows(tmp_path / "now", "cases.csv")}
    closed = 0
    for ref, row in then_cases.items():
        now = now_cases[ref]
        if row["triage_decision"] and not (row["start_date"] and not row["end_date"]):
            assert now == row, "a declined or closed registration stays as it was"
        elif row["triage_decision"]:  # in regie on the last day: may have closed since
            assert {k: v for k, v in now.items() if k not in ("end_date", "end_reason")} == {
                k: v for k, v in row.items() if k not in ("end_date", "end_reason")}
            closed += bool(now["end_date"])
            assert not now["end_date"] or last < datetime.date.fromisoformat(now["end_date"]) <= AS_OF
        else:  # waiting on the last day: triaged since
            assert now["triage_decision"] and now["triage_on"] > last.isoformat()
    new = [row for ref, row in now_cases.items() if ref not in then_cases]
    started = [row for row in new if row["start_date"]]
    waiting = [row for row in new if not row["triage_decision"]]
    assert closed and len(started) <= closed, "some trajectories closed, about as many started"
    assert all(row["regisseur"] and row["table"] for row in started)
    assert waiting and all(row["registered_on"] >= (AS_OF - datetime.timedelta(days=28)).isoformat()
                           for row in waiting), "new registrations wait for triage"
    then_plan = _rows(tmp_path / "then", "case_interventions.csv")
    now_plan = _rows(tmp_path / "now", "case_interventions.csv")
    assert len(now_plan) > len(then_plan)
    for before in then_plan:  # only an intervention still open in an open case moves on
        if before["status"] not in ("agreed", "running") or then_cases[before["case_ref"]]["end_date"]:
            assert before in now_plan

    happened = {"cases.csv": ("registered_on", "triage_on", "start_date", "end_date"), "discussions.csv": ("date",),
                "measurements.csv": ("date",), "case_interventions.csv": ("agreed_on",),
                "case_participants.csv": ("since",), "police_registrations.csv": ("date",)}
    for name, columns in happened.items():
        for row in _rows(tmp_path / "now", name):
            assert all(not row[column] or row[column] <= AS_OF.isoformat() for column in columns), (name, row)
    assert max(row["date"] for row in _rows(tmp_path / "now", "discussions.csv")) > "2026-10-01"


def test_the_calibrated_year_keeps_its_figures(tmp_path):
    target = write_target(tmp_path, SMALL)
    calibrate_dataset(target, tmp_path / "then", seed=5)
    calibrate_dataset(target, tmp_path / "now", seed=5, as_of=AS_OF)
    for year in (2022, 2023):
        assert dataset_report(tmp_path / "now", year) == dataset_report(tmp_path / "then", year)


def test_demo_data_refuses_an_as_of_after_today(tmp_path):
    with pytest.raises(Exception, match="after today"):
        call_command("demo_data", "--as-of", "2999-01-01", "--out", str(tmp_path), verbosity=0)
