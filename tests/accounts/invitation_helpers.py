"""Inviting in tests the way the functional administrator does: through the page, reading the link from the mail."""

import re

from django.core import mail
from django.urls import reverse

from procesregie.accounts.models import RoleAssignment
from procesregie.accounts.roles import Role
from tests import factories as f
from tests.logins import verified_client

LINK = re.compile(r"https?://[^\s/]+(/uitnodiging/[A-Za-z0-9_-]{43}/)")
ACCOUNTS_URL = reverse("invitations:account-list")
PASSWORD_URL = reverse("invitations:password")
ENROL_URL = reverse("invitations:enrol")
NEW_PASSWORD = "een-lang-nieuw-wachtwoord-42"


def invite_url(account) -> str:
    return reverse("invitations:invite", args=[account.pk])


def functional_admin(username: str = "beheerder"):
    admin = f.UserFactory(username=username, organisation__house=True, organisation__code="zvh")
    RoleAssignment.objects.create(user=admin, role=Role.FUNCTIONAL_ADMIN)
    return admin


def admin_client(admin=None):
    return verified_client(admin or functional_admin())


def send_invitation(client, account, email: str = "nieuw@example.org"):
    """POST the invitation form; the response (a redirect to the list when it was sent)."""
    return client.post(invite_url(account), {"email": email})


def link_path(message) -> str:
    """The path of the invitation link in a mail."""
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def last_link() -> str:
    return link_path(mail.outbox[-1])
