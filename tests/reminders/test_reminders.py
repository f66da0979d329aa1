"""Reminders: each user's notification list (only their own, scoped by the access rule, in constant queries) and the
e-mail of `procesregie reminders send` (one per user, no personal data, never the same reminder twice)."""

import datetime
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from procesregie.casework.models import Case, Participation
from procesregie.meetings.models import AgendaItem, Meeting
from procesregie.monitoring.models import Measurement, MeasurementKind
from procesregie.plans.models import CaseIntervention, InterventionStatus
from procesregie.reference.models import Table
from procesregie.reminders.models import SentReminder
from procesregie.reminders.notifications import months_before
from tests.casework.helpers import last_sequence, logged_in, new_entries
from tests.factories import (
    CaseFactory,
    InterventionFactory,
    LifeDomainFactory,
    RegistrationFactory,
    UserFactory,
    closing_reason,
)
from tests.personas import build_world

pytestmark = pytest.mark.django_db

LIST = reverse("reminders:list")
COUNT = reverse("reminders:count")
DAY = datetime.timedelta(days=1)
SITE = "https://procesregie.example.nl"


@pytest.fixture
def world():
    """The regisseur directs `case` (started a year ago, never measured); the police carries an overdue intervention
    in it, probation (removed from the case) another; a meeting at table A today, one next week, one at table B."""
    world = build_world()
    today = timezone.localdate()
    me = world.users["regisseur"]
    police = world.users["participant"].organisation
    probation = world.users["removed"].organisation
    municipality = world.users["other_org"].organisation
    Case.objects.filter(pk=world.case.pk).update(procesregisseur=me, start_date=today - 365 * DAY)
    world.case.refresh_from_db()
    table_a, table_b = Table.objects.get(code="tafel-a"), Table.objects.get(code="tafel-b")
    table_a.members.set([police])

    def intervention(case, organisation, due, name, status=InterventionStatus.AGREED):
        return CaseIntervention.objects.create(case=case, intervention=InterventionFactory(name=name),
                                               organisation=organisation, agreed_on=case.start_date, due_date=due,
                                               status=status)

    world.overdue = intervention(world.case, police, today - 2 * DAY, "Toezicht te laat")
    world.overdue_probation = intervention(world.case, probation, today - DAY, "Reclassering te laat")
    intervention(world.case, police, today + DAY, "Nog op tijd")
    intervention(world.case, police, today - DAY, "Al klaar", InterventionStatus.DONE)
    world.elsewhere = intervention(world.other_case, municipality, today - DAY, "Woonbegeleiding te laat")
    world.meeting_today = Meeting.objects.create(ref="OV-A-NU", table=table_a, date=today, location="Stadskantoor")
    Meeting.objects.create(ref="OV-A-LATER", table=table_a, date=today + 7 * DAY)
    Meeting.objects.create(ref="OV-A-VOORBIJ", table=table_a, date=today - DAY)
    world.meeting_b = Meeting.objects.create(ref="OV-B-NU", table=table_b, date=today)
    for persona in ("regisseur", "participant", "other_org", "regisseur_elsewhere"):
        user = world.users[persona]
        user.email = f"{user.username}@example.org"
        user.save()
    return world


def page(world, persona) -> str:
    response = logged_in(world.users[persona]).get(LIST)
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, heading_id: str) -> str:
    match = re.search(rf'id="{heading_id}".*?</section>', html, re.S)
    return match.group(0) if match else ""


# --- the notification list ---------------------------------------------------------------------------------------


def test_a_regisseur_is_reminded_of_the_interventions_meetings_registrations_and_measurements_of_their_cases(world):
    html = page(world, "regisseur")
    overdue = section(html, "overdue-heading")
    assert "Toezicht te laat" in overdue and "Reclassering te laat" in overdue  # every carrier in a case I direct
    assert world.case.registration.ref in overdue and "Geheime Persoon" in overdue
    for absent in ("Nog op tijd", "Al klaar", "Woonbegeleiding te laat"):
        assert absent not in html, absent
    meetings = section(html, "meetings-week-heading")
    assert reverse("meetings:meeting-detail", args=[world.meeting_today.pk]) in meetings and "Stadskantoor" in meetings
    assert reverse("meetings:meeting-detail", args=[world.meeting_b.pk]) not in meetings
    assert "OV-A-LATER" not in html and "OV-A-VOORBIJ" not in html
    triage = section(html, "triage-heading")
    assert world.pending.ref in triage and reverse("casework:triage", args=[world.pending.pk]) in triage
    assert "Wachtend" not in html  # a registration is named by its reference only
    measurements = section(html, "measurement-heading")
    assert "zonder meting in de laatste 3 maanden" in measurements and world.case.registration.ref in measurements
    assert "U heeft 5 herinneringen" in html


def test_the_interventions_of_a_closed_case_are_not_overdue_work(world, mailoutbox, settings):
    """Closed with confirmed open work: its agreed, past-due interventions are neither reminded nor on the work list
    (`CaseInterventionQuerySet.overdue`, the one definition)."""
    Case.objects.filter(pk=world.case.pk).update(status="closed", end_date=timezone.localdate() - 2 * DAY,
                                                 end_reason=closing_reason("positief"))
    for persona in ("regisseur", "participant"):
        html = page(world, persona)
        overdue = section(html, "overdue-heading")
        assert "Toezicht te laat" not in overdue and "Reclassering te laat" not in overdue, persona
        work_list = logged_in(world.users[persona]).get(reverse("worklists:home")).content.decode()
        assert "Toezicht te laat" not in work_list and "Reclassering te laat" not in work_list, persona


def test_a_partner_is_reminded_only_of_what_its_organisation_carries_and_its_tables(world):
    html = page(world, "participant")
    assert "Toezicht te laat" in html and "Reclassering te laat" not in html
    assert reverse("meetings:meeting-detail", args=[world.meeting_today.pk]) in html
    assert section(html, "triage-heading") == "" and section(html, "measurement-heading") == ""
    assert "U heeft 2 herinneringen" in html


def test_nobody_is_reminded_of_a_case_they_cannot_see(world):
    html = page(world, "removed")  # probation carries an overdue intervention in a case it was removed from
    assert "Reclassering te laat" not in html and "Geheime" not in html and "U heeft 0 herinneringen" in html
    html = page(world, "other_org")
    assert "Woonbegeleiding te laat" in html and world.case.registration.ref not in html
    html = page(world, "regisseur_elsewhere")  # directs nothing; table B's meeting today
    assert "Woonbegeleiding te laat" not in html and world.pending.ref not in html
    assert reverse("meetings:meeting-detail", args=[world.meeting_b.pk]) in html


# In a care and safety house a "melding" is a report of concern about a person; the list is "Herinneringen".
NOT_A_REPORT = re.compile(r"\bmeldingen?\b", re.I)  # "melding(en)" as a word, so "Aanmeldingen" is not counted


def test_the_list_menu_count_and_mail_say_herinneringen_never_melding(world, mailoutbox):
    assert LIST == "/herinneringen/" and COUNT == "/herinneringen/aantal/"
    client = logged_in(world.users["regisseur"])
    home = client.get(reverse("worklists:home")).content.decode()
    assert f'href="{LIST}"' in home and ">Herinneringen<" in home
    html = page(world, "regisseur")
    assert "<title>Herinneringen" in html and ">Herinneringen</h1>" in html
    count = client.get(COUNT).content.decode()
    assert "5" in count and "herinneringen" in count
    send()
    mail = next(mail for mail in mailoutbox if mail.to == [world.users["regisseur"].email])
    # The menu's "Meldingen" (with its count) and the work list's section "Meldingen" are the signals (meldingen and
    # adviesgesprekken, /meldingen/): rightly so named, and no reminder.
    signals_item = re.compile(r'<a [^>]*href="' + re.escape(reverse("signals:list")) + r'"[^>]*>\s*Meldingen\b.*?</a>', re.S)
    signals_section = re.compile(r'<section [^>]*aria-labelledby="signals-heading".*?</section>', re.S)
    assert all(signals_item.search(page) for page in (home, html)) and signals_section.search(home)
    for text in (home, html, count, mail.subject, mail.body):
        text = signals_section.sub("", signals_item.sub("", text))
        assert not NOT_A_REPORT.search(text), NOT_A_REPORT.search(text)


def test_a_colleagues_case_at_my_table_is_not_my_reminder(world):
    colleague_case = CaseFactory(table=world.case.table, registration__approach=world.case.registration.approach,
                                 procesregisseur=UserFactory(), start_date=timezone.localdate() - 400 * DAY)
    Participation.objects.create(case=colleague_case, organisation=world.users["participant"].organisation)
    CaseIntervention.objects.create(case=colleague_case, intervention=InterventionFactory(name="Van een collega"),
                                    organisation=world.users["participant"].organisation, agreed_on=colleague_case.start_date,
                                    due_date=timezone.localdate() - DAY)
    html = page(world, "regisseur")
    assert "Van een collega" not in html and colleague_case.registration.ref not in html
    assert "Van een collega" in page(world, "participant")  # the police carries it


def test_an_intervention_named_to_me_is_my_reminder_while_i_see_its_case(world):
    """A named contact person of another organisation than the carrier: reminded as long as they see the case."""
    municipality_user = world.users["other_org"]
    CaseIntervention.objects.filter(pk=world.overdue.pk).update(responsible_person=municipality_user)
    assert "Toezicht te laat" not in page(world, "other_org")  # named, but the municipality is not in world.case
    Participation.objects.create(case=world.case, organisation=municipality_user.organisation)
    assert "Toezicht te laat" in page(world, "other_org")
    assert "Reclassering te laat" not in page(world, "other_org")  # not named, not carried


def test_a_meeting_elsewhere_with_my_case_on_the_agenda_is_my_reminder(world):
    table_a2 = Table.objects.get(code="tafel-a2")
    meeting = Meeting.objects.create(ref="OV-A2-NU", table=table_a2, date=timezone.localdate())
    html = page(world, "regisseur")
    assert reverse("meetings:meeting-detail", args=[meeting.pk]) not in html
    AgendaItem.objects.create(meeting=meeting, case=world.case, position=1)
    assert reverse("meetings:meeting-detail", args=[meeting.pk]) in page(world, "regisseur")


def test_a_recent_measurement_ends_the_reminder_and_months_count_from_the_last_one(world, settings):
    domain = LifeDomainFactory()
    today = timezone.localdate()
    Measurement.objects.create(case=world.case, date=months_before(today, 3) + DAY, kind=MeasurementKind.NULMETING,
                               domain=domain, level=3)
    assert section(page(world, "regisseur"), "measurement-heading") == ""
    settings.REMINDER_MEASUREMENT_MONTHS = 2
    assert world.case.registration.ref in section(page(world, "regisseur"), "measurement-heading")


def test_a_new_case_is_not_reminded_before_its_months_have_passed(world):
    Case.objects.filter(pk=world.case.pk).update(start_date=timezone.localdate() - 30 * DAY)
    assert section(page(world, "regisseur"), "measurement-heading") == ""


def test_every_subject_named_on_the_list_is_logged(world):
    before = last_sequence()
    page(world, "regisseur")
    entries = new_entries(before)
    assert sorted((e.action, str(e.subject_key), e.purpose_case_id or 0) for e in entries) == sorted([
        ("read", str(world.case.registration.person.subject_key), world.case.pk),
        ("read", str(world.pending.person.subject_key), 0),  # named by its reference (for triage)
    ])


def test_the_count_in_the_navigation(world):
    client = logged_in(world.users["regisseur"])
    html = client.get(reverse("worklists:home")).content.decode()
    assert f'hx-get="{COUNT}"' in html
    before = last_sequence()
    assert "procesregie-count\">5<" in client.get(COUNT).content.decode()
    assert new_entries(before) == []  # a number names nobody
    assert client.get(COUNT).content.decode().count("herinnering") == 1
    assert logged_in(world.users["removed"]).get(COUNT).content.decode().strip() == ""


@pytest.mark.parametrize("persona", ["manager", "privacy_officer", "functional_admin", "colleague"])
def test_roles_without_case_content_have_no_notifications(world, persona):
    client = logged_in(world.users[persona])
    assert client.get(LIST).status_code == 404 and client.get(COUNT).status_code == 404
    assert f'hx-get="{COUNT}"' not in client.get(reverse("worklists:home")).content.decode()


def many(world, count: int) -> None:
    """`count` more of every kind for the regisseur: overdue interventions, meetings, registrations, unmeasured cases
    (the first of a few of a system with two members)."""
    today = timezone.localdate()
    police = world.users["participant"].organisation
    for index in range(count):
        case = CaseFactory(table=world.case.table, registration__approach=world.case.registration.approach,
                           procesregisseur=world.users["regisseur"], start_date=today - 200 * DAY,
                           registration__for_system=index == 0 and count < 10, registration__system__members=2)
        Participation.objects.create(case=case, organisation=police)
        CaseIntervention.objects.create(case=case, intervention=InterventionFactory(), organisation=police,
                                        agreed_on=case.start_date, due_date=today - DAY)
        Meeting.objects.create(ref=f"OV-VEEL-{count}-{index}", table=world.case.table, date=today)
        RegistrationFactory(approach=world.case.registration.approach, for_system=index == 0 and count < 10,
                            system__members=2)


@pytest.mark.parametrize("persona", ["regisseur", "participant"])
@pytest.mark.parametrize("path", [LIST, COUNT])
def test_the_notifications_take_a_constant_number_of_queries(world, persona, path):
    """5 of every kind against 50 (the list shows 50 of a kind and counts the rest)."""
    client = logged_in(world.users[persona])
    many(world, 4)  # with the world's own: 5 registrations to triage, 5 unmeasured cases for the regisseur
    client.get(path)
    with CaptureQueriesContext(connection) as five:
        assert client.get(path).status_code == 200
    many(world, 50)
    with CaptureQueriesContext(connection) as fifty:
        html = client.get(path).content.decode()
    # Not more for fifty than for five. It can be one fewer: when none of the fifty shown of a kind is about a
    # system (which of them are shown depends on the generated dates), the members of systems need no query.
    assert len(fifty) <= len(five)
    if path == LIST and persona == "regisseur":
        assert "En nog 6 herinneringen" in section(html, "overdue-heading")  # 2 + 4 + 50 overdue, 50 shown
    # Session, user, second factor, roles (4); the list: four kinds, the interventions' cases, the members of the
    # systems they show (of interventions, registrations, unmeasured cases: 8), and the log's append with the
    # actor's organisation (7, its rows in one statement whatever their number); the count: four counts.
    assert len(five) <= (4 + 8 + 7 if path == LIST else 4 + 4)


# --- the e-mail ----------------------------------------------------------------------------------------------------


def send(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("reminders", "send", "--site-url", SITE, *args, stdout=out)
    return out.getvalue()


def test_running_twice_mails_each_user_exactly_once(world, mailoutbox):
    send()
    send()
    recipients = sorted(address for mail in mailoutbox for address in mail.to)
    assert recipients == sorted(world.users[p].email for p in ("regisseur", "participant", "other_org",
                                                               "regisseur_elsewhere"))
    by_user = {mail.to[0]: mail for mail in mailoutbox}
    mail = by_user[world.users["regisseur"].email]
    assert mail.subject == "Procesregie: u heeft 5 herinneringen"
    assert "U heeft 5 herinneringen in Procesregie." in mail.body and f"{SITE}{LIST}" in mail.body
    assert "nieuw" not in mail.body  # the first mail: all of them are new


def test_the_mail_holds_no_personal_data(world, mailoutbox):
    send()
    forbidden = [world.case.registration.ref, world.pending.ref, "Geheime", "Persoon", "Wachtend", "Toezicht",
                 "Politie", "OV-A-NU", "Stadskantoor", f"/casussen/{world.case.pk}/"]
    for mail in mailoutbox:
        for text in forbidden:
            assert text not in mail.subject + mail.body, text


def test_a_new_reminder_is_mailed_and_says_how_many_are_new(world, mailoutbox):
    send()
    mailoutbox.clear()
    CaseIntervention.objects.create(case=world.case, intervention=InterventionFactory(name="Nieuw te laat"),
                                    organisation=world.users["participant"].organisation, agreed_on=world.case.start_date,
                                    due_date=timezone.localdate() - DAY)
    out = send()
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([world.users["regisseur"].email,
                                                                world.users["participant"].email])
    regisseur = next(mail for mail in mailoutbox if mail.to == [world.users["regisseur"].email])
    assert "U heeft 6 herinneringen" in regisseur.body and "1 daarvan is nieuw" in regisseur.body
    assert "2 e-mail(s) verzonden" in out


def test_a_moved_deadline_is_a_new_reminder(world, mailoutbox):
    send()
    mailoutbox.clear()
    CaseIntervention.objects.filter(pk=world.overdue.pk).update(due_date=timezone.localdate() - 5 * DAY)
    send()
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted([world.users["regisseur"].email,
                                                                world.users["participant"].email])


def test_who_is_not_mailed(world, mailoutbox):
    regisseur = world.users["regisseur"]
    regisseur.is_active = False
    regisseur.save()
    participant = world.users["participant"]
    participant.email = ""
    participant.save()
    world.users["manager"].email = "manager@example.org"
    world.users["manager"].save()
    send()
    recipients = {mail.to[0] for mail in mailoutbox}
    assert recipients == {world.users["other_org"].email, world.users["regisseur_elsewhere"].email}


def test_a_failing_mail_server_leaves_the_reminders_for_the_next_run(world, mailoutbox, monkeypatch):
    from procesregie.reminders import services

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(services, "send_mail", broken)
    with pytest.raises(ConnectionRefusedError):
        send()
    assert not SentReminder.objects.exists()
    monkeypatch.undo()
    send()
    assert len(mailoutbox) == 4


def test_the_command_needs_the_site_address(world, settings):
    settings.SITE_URL = ""
    with pytest.raises(CommandError, match="PROCESREGIE_SITE_URL"):
        call_command("reminders", "send")
    with pytest.raises(CommandError, match="JJJJ-MM-DD"):
        call_command("reminders", "send", "--site-url", SITE, "--date", "morgen")


def test_production_refuses_a_run_as_if_on_another_day(world, settings, mailoutbox):
    """What it mails is marked as sent: a run "as if" on a later day would keep that day's real mail back."""
    settings.PRODUCTION = True
    later = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    with pytest.raises(CommandError, match="productie"):
        call_command("reminders", "send", "--site-url", SITE, "--date", later)
    assert not SentReminder.objects.exists() and not mailoutbox


def test_months_before_keeps_the_day_or_takes_the_months_last():
    assert months_before(datetime.date(2026, 5, 31), 3) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2024, 5, 31), 3) == datetime.date(2024, 2, 29)
    assert months_before(datetime.date(2026, 1, 15), 1) == datetime.date(2025, 12, 15)
    assert months_before(datetime.date(2026, 12, 6), 12) == datetime.date(2025, 12, 6)
