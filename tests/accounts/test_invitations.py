"""Inviting an imported (inactive) account: the functional administrator's list and invitation, the link that sets a
password and the authenticator app, and what an attacker meets on the way."""

import hashlib
import re
import smtplib
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from procesregie.accounts.models import Invitation, RoleAssignment, User
from procesregie.accounts.roles import Role
from procesregie.audit.models import AccessLogEntry
from procesregie.core.errors import DomainError
from procesregie.invitations.services import invitation_send
from tests import factories as f
from tests.accounts.helpers import (
    IP_A,
    IP_B,
    VERIFY_URL,
    code_step,
    current_totp_code,
    password_step,
    totp_code,
    without_csrf_token,
)
from tests.accounts.invitation_helpers import (
    ACCOUNTS_URL,
    ENROL_URL,
    NEW_PASSWORD,
    PASSWORD_URL,
    admin_client,
    functional_admin,
    invite_url,
    last_link,
    send_invitation,
)
from tests.security.test_hostile_posts import HOSTILE

pytestmark = pytest.mark.django_db

NOT_WORKING = "Deze uitnodigingslink is onbekend, verlopen of al gebruikt."


@pytest.fixture
def admin():
    return functional_admin("f.admin")


@pytest.fixture
def staff(admin):
    """An account as staff.csv creates it: inactive, unusable password, no factor, no e-mail address."""
    police = f.OrganisationFactory(code="politie", police=True, name="Politie (synthetisch)")
    account = f.UserFactory(username="j.jansen", first_name="Jan", last_name="Jansen", organisation=police, imported=True)
    RoleAssignment.objects.create(user=account, role=Role.KETENPARTNER)
    return account


def secret_key(client) -> bytes:
    """The key of the authenticator app the enrolment page offers (as the app reads it from the QR code)."""
    device = TOTPDevice.objects.get(pk=client.session["procesregie_invitation_device"])
    return device.bin_key


def accept(client, link: str, *, password: str = NEW_PASSWORD, ip: str = IP_A):
    """Open the link, choose the password, confirm the app: the last response."""
    response = client.get(link, REMOTE_ADDR=ip)
    assert response.status_code == 302 and response.url == PASSWORD_URL, response
    response = client.post(PASSWORD_URL, {"new_password1": password, "new_password2": password}, REMOTE_ADDR=ip)
    assert response.status_code == 302 and response.url == ENROL_URL, response
    client.get(ENROL_URL, REMOTE_ADDR=ip)
    return client.post(ENROL_URL, {"otp_token": current_totp_code(secret_key(client))}, REMOTE_ADDR=ip)


# 1. The functional administrator's page ------------------------------------------------------------------------

def test_the_list_shows_each_accounts_organisation_roles_and_state(admin, staff):
    invited = f.UserFactory(username="p.pieters", first_name="Piet", last_name="Pieters", imported=True)
    active = f.UserFactory(username="actief", organisation=staff.organisation)
    client = admin_client(admin)
    assert send_invitation(client, invited).status_code == 302

    page = client.get(ACCOUNTS_URL).content.decode()
    for name in ("Jan Jansen", "Piet Pieters", active.get_full_name(), admin.get_full_name()):
        assert name in page
    assert "Politie (synthetisch)" in page and "ketenpartner" in page and "functioneel beheerder" in page
    row = page[page.index('id="account-%d"' % staff.pk):]
    row = row[: row.index("</tr>")]
    assert "Inactief, niet uitgenodigd" in row and "Uitnodiging sturen" in row
    row = page[page.index('id="account-%d"' % invited.pk):]
    row = row[: row.index("</tr>")]
    assert "Uitgenodigd" in row and "(tot " in row and "Opnieuw sturen" in row
    row = page[page.index('id="account-%d"' % active.pk):]
    row = row[: row.index("</tr>")]
    assert "Actief" in row and "Uitnodiging sturen" not in row


def listed(response) -> set[int]:
    """The ids of the accounts in the list's table."""
    return {int(pk) for pk in re.findall(r'id="account-(\d+)"', response.content.decode())}


def test_the_list_filters_by_state_and_organisation(admin, staff):
    other = f.UserFactory(username="elders", first_name="Els", last_name="Elders", imported=True)
    client = admin_client(admin)

    assert listed(client.get(ACCOUNTS_URL)) == {admin.pk, staff.pk, other.pk}
    assert listed(client.get(ACCOUNTS_URL, {"state": "inactief"})) == {staff.pk, other.pk}
    assert listed(client.get(ACCOUNTS_URL, {"state": "actief"})) == {admin.pk}
    assert listed(client.get(ACCOUNTS_URL, {"organisation": "politie"})) == {staff.pk}
    send_invitation(client, other)
    assert listed(client.get(ACCOUNTS_URL, {"state": "uitgenodigd"})) == {other.pk}
    assert listed(client.get(ACCOUNTS_URL, {"state": "inactief"})) == {staff.pk}
    Invitation.objects.update(sent_at=timezone.now() - timedelta(hours=80), expires_at=timezone.now() - timedelta(hours=8))
    response = client.get(ACCOUNTS_URL, {"state": "inactief"})
    assert listed(response) == {staff.pk, other.pk} and "uitnodiging verlopen op" in response.content.decode()
    # Nonsense in the filters is reported and ignored, never a 500.
    assert listed(client.get(ACCOUNTS_URL, {"state": "x", "organisation": "9" * 30})) == {admin.pk, staff.pk, other.pk}


def test_the_list_reads_a_constant_number_of_queries(admin, staff):
    """Organisation, roles and state of every account on the page: the same queries for 2 accounts as for 42."""
    client = admin_client(admin)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(ACCOUNTS_URL).status_code == 200
        return len(captured.captured_queries)

    few = queries()
    for n in range(40):
        account = f.UserFactory(username=f"extra{n}", imported=True)
        RoleAssignment.objects.create(user=account, role=Role.PROCESREGISSEUR)
        if n % 3 == 0:
            send_invitation(client, account)
    assert queries() == few


def test_nobody_else_reaches_the_list_or_the_invitation(staff):
    house = f.OrganisationFactory(code="zvh", house=True)
    for role in (Role.PROCESREGISSEUR, Role.KETENPARTNER, Role.MANAGER, Role.PRIVACY_OFFICER):
        user = f.UserFactory(username=f"niet-{role}", organisation=house)
        RoleAssignment.objects.create(user=user, role=role)
        client = admin_client(user)
        assert client.get(ACCOUNTS_URL).status_code == 404
        assert client.get(invite_url(staff)).status_code == 404
        assert send_invitation(client, staff).status_code == 404
    assert not mail.outbox and not Invitation.objects.exists()


def test_sending_mails_the_link_with_only_the_addressees_name(admin, staff):
    response = send_invitation(admin_client(admin), staff, "j.jansen@politie.example.org")
    assert response.status_code == 302 and response.url == ACCOUNTS_URL

    (message,) = mail.outbox
    assert message.to == ["j.jansen@politie.example.org"]
    assert message.subject == "Uitnodiging voor Procesregie"
    assert "Beste Jan Jansen," in message.body
    for personal in ("j.jansen", "Politie", "ketenpartner", admin.username, admin.last_name):
        assert personal not in message.body.replace("j.jansen@", "")  # the address is only in the header
    assert "geldig tot" in message.body
    staff.refresh_from_db()
    assert staff.email == "j.jansen@politie.example.org"
    assert not staff.is_active and not staff.has_usable_password()


def test_the_token_is_stored_hashed_and_logged_nowhere(admin, staff):
    client = admin_client(admin)
    send_invitation(client, staff)
    link = last_link()
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()

    accept(Client(), link)
    entries = list(AccessLogEntry.objects.values_list())
    assert entries and token not in repr(entries)
    assert token not in repr(list(Invitation.objects.values_list()))
    assert all(token not in repr(session.get_decoded()) for session in Session.objects.all())


def test_sending_and_accepting_are_written_to_the_access_log(admin, staff):
    send_invitation(admin_client(admin), staff)
    sent = AccessLogEntry.objects.get()
    assert (sent.actor_username, sent.action, sent.object_type, sent.object_id) == (
        admin.username, "update", "accounts.user", str(staff.pk))
    accept(Client(), last_link())
    steps = list(AccessLogEntry.objects.order_by("sequence").values_list("actor_username", "action", "object_id"))
    assert steps[1:] == [(staff.username, "update", str(staff.pk))] * 2  # the password, then the activation


def test_a_new_invitation_makes_the_earlier_link_useless(admin, staff):
    client = admin_client(admin)
    send_invitation(client, staff)
    first = last_link()
    response = client.get(invite_url(staff))
    assert "Stuurt u een nieuwe, dan werkt de link uit de eerdere uitnodiging niet meer." in response.content.decode()
    send_invitation(client, staff, "ander@example.org")
    second = last_link()

    old = Client().get(first)
    assert old.status_code == 404 and NOT_WORKING in old.content.decode()
    assert Client().get(second).status_code == 302
    assert mail.outbox[-1].to == ["ander@example.org"]


def test_a_new_invitation_ends_a_half_finished_one(admin, staff):
    """Someone who opened the first link and chose a password cannot finish once a new link was sent."""
    client = admin_client(admin)
    send_invitation(client, staff)
    invited = Client()
    invited.get(last_link())
    invited.post(PASSWORD_URL, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    invited.get(ENROL_URL)
    key = secret_key(invited)

    send_invitation(client, staff)
    staff.refresh_from_db()
    assert not staff.has_usable_password() and not TOTPDevice.objects.filter(user=staff).exists()
    response = invited.post(ENROL_URL, {"otp_token": current_totp_code(key)})
    assert response.status_code == 404 and NOT_WORKING in response.content.decode()
    staff.refresh_from_db()
    assert not staff.is_active


def test_a_wrong_address_changes_nothing(admin, staff):
    response = send_invitation(admin_client(admin), staff, "geen-adres")
    assert response.status_code == 200
    assert "Vul een geldig e-mailadres in." in response.content.decode()
    assert not mail.outbox and not Invitation.objects.exists() and not AccessLogEntry.objects.exists()


def test_an_active_account_is_not_invited(admin):
    active = f.UserFactory(username="al-actief")
    client = admin_client(admin)
    assert "Dit account is al actief" in client.get(invite_url(active)).content.decode()
    response = send_invitation(client, active)
    assert response.status_code == 200 and "Dit account is al actief" in response.content.decode()
    active.refresh_from_db()
    assert active.has_usable_password() and active.email != "nieuw@example.org"
    assert not mail.outbox and not Invitation.objects.exists()


def deactivated_privacy_officer(how: str) -> User:
    """A former privacy officer whose account was active and has been switched off: it logged in, or it was
    activated by an invitation (and never logged in since)."""
    house = f.OrganisationFactory(code="zvh-oud", house=True)
    officer = f.UserFactory(username="oud-privacy", organisation=house, email="oud@example.org")
    RoleAssignment.objects.create(user=officer, role=Role.PRIVACY_OFFICER)
    TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    if how == "logged in":
        User.objects.filter(pk=officer.pk).update(is_active=False, last_login=timezone.now() - timedelta(days=30))
    else:
        sent = timezone.now() - timedelta(days=30)
        Invitation.objects.create(user=officer, token_hash="0" * 64, email="oud@example.org", sent_at=sent,
                                  expires_at=sent + timedelta(hours=72), used_at=sent + timedelta(hours=1))
        User.objects.filter(pk=officer.pk).update(is_active=False, last_login=None)
    officer.refresh_from_db()
    return officer


@pytest.mark.parametrize("how", ["logged in", "activated by an invitation"])
def test_a_deactivated_account_cannot_be_revived_by_an_invitation(admin, staff, how):
    officer = deactivated_privacy_officer(how)
    invitations = Invitation.objects.count()
    client = admin_client(admin)
    page = client.get(ACCOUNTS_URL).content.decode()
    row = page[page.index('id="account-%d"' % officer.pk):]
    row = row[: row.index("</tr>")]
    assert "Gedeactiveerd" in row and invite_url(officer) not in row and "Uitnodiging sturen" not in row
    assert listed(client.get(ACCOUNTS_URL, {"state": "gedeactiveerd"})) == {officer.pk}
    assert officer.pk not in listed(client.get(ACCOUNTS_URL, {"state": "inactief"}))

    assert client.get(invite_url(officer)).status_code == 404
    assert send_invitation(client, officer, "beheerder@example.org").status_code == 404
    with pytest.raises(DomainError, match="gedeactiveerd"):
        invitation_send(actor=admin, account=officer, email="beheerder@example.org")
    officer.refresh_from_db()
    assert officer.email == "oud@example.org" and officer.has_usable_password() and not officer.is_active
    assert TOTPDevice.objects.filter(user=officer, confirmed=True).count() == 1
    assert Invitation.objects.count() == invitations and not mail.outbox and not AccessLogEntry.objects.exists()
    assert send_invitation(client, staff).status_code == 302  # a never-activated account still can be


def test_a_link_sent_before_an_account_was_activated_and_deactivated_does_not_revive_it(admin, staff):
    client = admin_client(admin)
    send_invitation(client, staff)
    stale = last_link()
    send_invitation(client, staff)
    Invitation.objects.filter(pk=Invitation.objects.order_by("pk").first().pk).update(revoked_at=None)  # still open
    assert accept(Client(), last_link()).status_code == 200  # activated with the newest link
    User.objects.filter(pk=staff.pk).update(is_active=False)  # and later switched off
    response = Client().get(stale)
    assert response.status_code == 404 and NOT_WORKING in response.content.decode()
    staff.refresh_from_db()
    assert not staff.is_active and TOTPDevice.objects.filter(user=staff, confirmed=True).count() == 1


def test_a_mail_server_that_refuses_changes_nothing(admin, staff):
    client = admin_client(admin)
    send_invitation(client, staff, "eerst@example.org")
    first = last_link()
    with mock.patch("django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPServerDisconnected("weg")):
        response = send_invitation(client, staff, "later@example.org")
    assert response.status_code == 200
    assert "De uitnodiging kon niet worden verstuurd" in response.content.decode()
    staff.refresh_from_db()
    assert staff.email == "eerst@example.org"
    assert Invitation.objects.count() == 1 and AccessLogEntry.objects.count() == 1
    assert Client().get(first).status_code == 302  # the earlier link still works


@override_settings(SITE_URL="https://procesregie.example.nl")
def test_the_link_uses_the_configured_site_address(admin, staff):
    send_invitation(admin_client(admin), staff)
    assert "https://procesregie.example.nl/uitnodiging/" in mail.outbox[-1].body


# 2. The link -----------------------------------------------------------------------------------------------------

def test_the_link_sets_a_password_and_the_app_and_only_then_activates(admin, staff):
    send_invitation(admin_client(admin), staff)
    invited = Client()
    response = invited.get(last_link())
    assert response.status_code == 302 and response.url == PASSWORD_URL
    page = invited.get(PASSWORD_URL).content.decode()
    assert "j.jansen" in page  # the username to log in with

    # The configured validators apply.
    response = invited.post(PASSWORD_URL, {"new_password1": "kort", "new_password2": "kort"})
    assert response.status_code == 200 and "Dit wachtwoord is te kort: het moet minstens 12 tekens lang zijn." in response.content.decode()
    response = invited.post(PASSWORD_URL, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD + "x"})
    assert "De twee wachtwoorden zijn niet gelijk." in response.content.decode()
    staff.refresh_from_db()
    assert not staff.has_usable_password()

    invited.post(PASSWORD_URL, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    staff.refresh_from_db()
    assert staff.check_password(NEW_PASSWORD) and not staff.is_active  # a password alone does not activate

    page = invited.get(ENROL_URL).content.decode()
    assert "<svg" in page and 'id="totp-secret"' in page
    response = invited.post(ENROL_URL, {"otp_token": "000000"})
    assert "Deze code klopt niet." in response.content.decode()
    staff.refresh_from_db()
    assert not staff.is_active
    # The wrong code was counted by django-otp's throttling (1 s); a person types the next code later than that.
    assert TOTPDevice.objects.get(user=staff).throttling_failure_count == 1
    TOTPDevice.objects.filter(user=staff).update(throttling_failure_timestamp=None)

    response = invited.post(ENROL_URL, {"otp_token": current_totp_code(secret_key(invited))})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Uw account is actief" in page
    assert len(re.findall(r'<code class="utrecht-code">[a-z0-9]{5}-[a-z0-9]{5}</code>', page)) == 10, page
    staff.refresh_from_db()
    assert staff.is_active and TOTPDevice.objects.get(user=staff).confirmed
    assert StaticToken.objects.filter(device__user=staff).count() == 10
    assert Invitation.objects.get().used_at is not None
    assert not invited.session.get("_auth_user_id")  # not logged in: the login comes next, with both factors


def test_the_app_step_needs_the_password_first(admin, staff):
    send_invitation(admin_client(admin), staff)
    invited = Client()
    invited.get(last_link())
    response = invited.get(ENROL_URL)
    assert response.status_code == 302 and response.url == PASSWORD_URL


def test_opening_the_link_changes_nothing_so_a_mail_scanner_uses_nothing_up(admin, staff):
    send_invitation(admin_client(admin), staff)
    link = last_link()
    for _ in range(3):
        assert Client().get(link).status_code == 302
    assert Invitation.objects.get().used_at is None
    assert accept(Client(), link).status_code == 200


def test_used_expired_and_unknown_links_look_alike_and_change_nothing(admin, staff):
    client = admin_client(admin)
    other = f.UserFactory(username="tweede", imported=True)
    send_invitation(client, staff)
    used = last_link()
    accept(Client(), used)
    send_invitation(client, other)
    expired = last_link()
    Invitation.objects.filter(user=other).update(
        sent_at=timezone.now() - timedelta(hours=80), expires_at=timezone.now() - timedelta(hours=8)
    )
    unknown = "/uitnodiging/" + "A" * 43 + "/"
    before = list(User.objects.order_by("pk").values_list("password", "is_active", "email"))

    responses = [Client().get(link, REMOTE_ADDR=ip) for link, ip in ((used, IP_A), (expired, IP_B), (unknown, "192.0.2.99"))]
    assert {response.status_code for response in responses} == {404}
    # The page differs only in its own address (the language switch returns to it).
    bodies = {
        without_csrf_token(response.content.decode()).replace(link, "LINK")
        for response, link in zip(responses, (used, expired, unknown), strict=True)
    }
    assert len(bodies) == 1 and NOT_WORKING in bodies.pop()
    assert list(User.objects.order_by("pk").values_list("password", "is_active", "email")) == before
    other.refresh_from_db()
    assert not other.is_active


def test_an_invitation_that_expires_halfway_cannot_be_finished(admin, staff):
    send_invitation(admin_client(admin), staff)
    invited = Client()
    invited.get(last_link())
    Invitation.objects.update(sent_at=timezone.now() - timedelta(hours=73), expires_at=timezone.now() - timedelta(hours=1))
    response = invited.post(PASSWORD_URL, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 404 and NOT_WORKING in response.content.decode()
    staff.refresh_from_db()
    assert not staff.has_usable_password()


def test_the_steps_without_a_link_show_the_same_page(db):
    for url in (PASSWORD_URL, ENROL_URL):
        response = Client().get(url)
        assert response.status_code == 404 and NOT_WORKING in response.content.decode()


def test_guessing_links_is_locked_out_per_address(admin, staff):
    send_invitation(admin_client(admin), staff)
    link = last_link()
    guesser = Client()
    statuses = [guesser.get(f"/uitnodiging/{n:043d}/", REMOTE_ADDR=IP_A).status_code for n in range(5)]
    assert statuses == [404, 404, 404, 404, 429]
    locked = guesser.get(link, REMOTE_ADDR=IP_A)
    assert locked.status_code == 429 and "Uitnodigingslinks tijdelijk geblokkeerd" in locked.content.decode()
    # The invited person elsewhere is not affected.
    assert Client().get(link, REMOTE_ADDR=IP_B).status_code == 302


# 3. No login before activation -----------------------------------------------------------------------------------

def test_an_imported_account_is_refused_exactly_like_a_wrong_password(staff):
    active = f.UserFactory(username="k.klaassen")
    imported = password_step(Client(), staff.username, "welk-wachtwoord-dan-ook-1")
    wrong = password_step(Client(), active.username, "welk-wachtwoord-dan-ook-1")
    assert imported.status_code == wrong.status_code == 200
    assert without_csrf_token(imported.content.decode()).replace(staff.username, "X") == without_csrf_token(
        wrong.content.decode()).replace(active.username, "X")
    assert "De combinatie van gebruikersnaam en wachtwoord is onjuist." in imported.content.decode()


def test_an_imported_account_costs_the_login_one_password_hash_like_any_other(staff):
    """No timing difference to tell an imported account (unusable password) from one with a password."""
    active = f.UserFactory(username="k.klaassen")
    hasher = "django.contrib.auth.hashers.Argon2PasswordHasher"
    with mock.patch(f"{hasher}.encode", autospec=True, side_effect=lambda self, password, salt: "argon2$x") as encode, \
            mock.patch(f"{hasher}.verify", autospec=True, return_value=False) as verify:
        password_step(Client(), staff.username, "welk-wachtwoord-dan-ook-1")
        imported = (encode.call_count, verify.call_count)
        encode.reset_mock(), verify.reset_mock()
        password_step(Client(), active.username, "welk-wachtwoord-dan-ook-1")
        wrong = (encode.call_count, verify.call_count)
    assert sum(imported) == sum(wrong) == 1


def test_a_half_activated_account_is_refused_even_with_its_new_password(admin, staff):
    """Password chosen, app not yet confirmed: the right password is refused like a wrong one, and counts."""
    send_invitation(admin_client(admin), staff)
    invited = Client()
    invited.get(last_link())
    invited.post(PASSWORD_URL, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    right = password_step(Client(), staff.username, NEW_PASSWORD)
    wrong = password_step(Client(), staff.username, "een-verkeerd-wachtwoord")
    assert right.status_code == wrong.status_code == 200
    assert right.content.decode().count("onjuist") == wrong.content.decode().count("onjuist") == 1
    assert not Client().get(ACCOUNTS_URL).wsgi_request.user.is_authenticated
    statuses = [password_step(Client(), staff.username, NEW_PASSWORD).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]  # five failures in all: the right password counted like wrong ones


def test_after_activation_the_account_logs_in_with_password_and_code(admin, staff):
    send_invitation(admin_client(admin), staff)
    accept(Client(), last_link())
    client = Client()
    response = password_step(client, staff.username, NEW_PASSWORD)
    assert response.status_code == 302 and response.url == VERIFY_URL
    response = code_step(client, totp_code(TOTPDevice.objects.get(user=staff, confirmed=True)))
    assert response.status_code == 302
    assert client.get(response.url, follow=True).status_code == 200
    assert client.get(ACCOUNTS_URL).status_code == 404  # a ketenpartner: not the account list


@pytest.mark.parametrize("value", [value for value in HOSTILE.values() if value is not None], ids=repr)
def test_hostile_input_in_the_steps_after_the_link(admin, staff, value):
    """Every hostile value of the security test in each field of the password and app steps: never a server error,
    and without the right code the account stays inactive."""
    send_invitation(admin_client(admin), staff)
    invited = Client()
    invited.get(last_link())
    for fields in ({"new_password1": value, "new_password2": value}, {"new_password1": value},
                   {"new_password1": NEW_PASSWORD, "new_password2": value}):
        assert invited.post(PASSWORD_URL, fields).status_code < 500
    invited.post(PASSWORD_URL, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    invited.get(ENROL_URL)
    for fields in ({"otp_token": value}, {"otp_token": [value, value]}, {}):
        TOTPDevice.objects.filter(user=staff).update(throttling_failure_timestamp=None, throttling_failure_count=0)
        assert invited.post(ENROL_URL, fields).status_code < 500
    staff.refresh_from_db()
    assert not staff.is_active
