"""The demo region as `make demo` builds it (demo-data, import, demo-users): every demo login finds real work on
day one, and the rest of the staff waits for an invitation."""

import json

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from procesregie.access.rules import cases_visible_to
from procesregie.accounts.models import User
from procesregie.casework.models import Case, CaseStatus
from procesregie.meetings.models import AgendaItem, Discussion, Meeting
from procesregie.reference.models import Table
from procesregie.synthetic.personas import DEMO_USERS, LIMITED_DEMO_USERS
from tests.logins import verified_client

from .demo_install import install_demo_region

pytestmark = pytest.mark.django_db

PARTNERS = [demo.username for demo in DEMO_USERS if "ketenpartner" in demo.roles]


@pytest.fixture
def region(tmp_path, settings):
    settings.VAR_DIR = tmp_path
    install_demo_region(tmp_path)
    return json.loads((tmp_path / "demo-credentials.json").read_text())["users"]


def test_every_demo_login_finds_work_and_the_other_staff_wait_for_an_invitation(region):
    assert {entry["username"] for entry in region} == {demo.username for demo in (*DEMO_USERS, *LIMITED_DEMO_USERS)}
    for demo in DEMO_USERS:
        user = User.objects.get(username=demo.username)
        assert user.is_active and user.has_usable_password(), demo.username
        assert user.email == f"{demo.username}@example.org", "reminders reach the demo logins (console mail)"
        assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1
        assert user.organisation.code == demo.organisation
        assert sorted(user.role_set()) == sorted(str(role) for role in demo.roles)

    regisseur = User.objects.get(username="procesregisseur.zvh")
    own = Case.objects.filter(procesregisseur=regisseur, status=CaseStatus.IN_REGIE)
    assert 20 <= own.count() <= 35, "a caseload of their own, not every case of the region"
    tables = Table.objects.filter(procesregisseurs=regisseur)
    assert 1 <= tables.count() < Table.objects.count()
    assert set(own.values_list("table", flat=True)) <= set(tables.values_list("pk", flat=True))
    visible = cases_visible_to(regisseur)
    assert visible.filter(pk__in=own).count() == own.count() and visible.count() < Case.objects.count()

    for username in PARTNERS:
        partner = User.objects.get(username=username)
        open_cases = cases_visible_to(partner).filter(status=CaseStatus.IN_REGIE)
        assert open_cases.count() >= 5, username
        at_own_tables = open_cases.filter(table__members=partner.organisation)
        discussed = Discussion.objects.filter(case__in=at_own_tables).values("case").distinct()
        assert discussed.count() >= 5, f"{username}: cases discussed at a table of their organisation"

    others = User.objects.exclude(username__in=[demo.username for demo in (*DEMO_USERS, *LIMITED_DEMO_USERS)])
    assert others.filter(tables__isnull=False).exists() and others.filter(organisation__kind="politie").exists()
    assert not others.filter(is_active=True).exists(), "the imported staff wait for an invitation"
    assert not any(user.has_usable_password() for user in others)


def test_running_demo_users_again_keeps_the_caseload_of_the_dataset(region):
    regisseur = User.objects.get(username="procesregisseur.zvh")
    before = set(regisseur.tables.values_list("code", flat=True))
    call_command("demo_users", verbosity=0)
    assert set(regisseur.tables.values_list("code", flat=True)) == before


def test_imported_meetings_have_the_table_of_their_cases_and_them_on_the_agenda(region, tmp_path):
    assert Meeting.objects.exists() and not Meeting.objects.filter(table__isnull=True).exists()
    for meeting in Meeting.objects.annotate(tables=Count("discussions__case__table", distinct=True))[:200]:
        assert meeting.tables == 1
        assert set(meeting.discussions.values_list("case__table", flat=True)) == {meeting.table_id}
    discussed = set(Discussion.objects.values_list("meeting", "case"))
    assert set(AgendaItem.objects.values_list("meeting", "case")) == discussed
    items = AgendaItem.objects.count()
    call_command("import", str(tmp_path / "dataset"), verbosity=0)
    assert AgendaItem.objects.count() == items, "a second import adds nothing"


def test_a_partner_opens_the_meeting_where_its_case_was_discussed_and_no_other(region):
    partner = User.objects.get(username="ketenpartner.gemeente")
    client = verified_client(partner)
    case = cases_visible_to(partner).filter(status=CaseStatus.IN_REGIE, discussions__isnull=False).first()
    meeting = case.discussions.order_by("-date").first().meeting
    assert client.get(reverse("meetings:meeting-detail", args=[meeting.pk])).status_code == 200
    elsewhere = Meeting.objects.exclude(table__members=partner.organisation).exclude(
        agenda_items__case__in=cases_visible_to(partner)
    ).first()
    assert elsewhere is not None
    assert client.get(reverse("meetings:meeting-detail", args=[elsewhere.pk])).status_code == 404
