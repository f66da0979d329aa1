"""Logged-in test clients: a session that passed the password and the second factor."""

from contextlib import contextmanager

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from procesregie.accounts.models import RoleAssignment
from procesregie.accounts.roles import Role
from procesregie.reference.models import Table
from procesregie.reference.services import default_tables_ensure

from . import factories as f


def verified_login(client, user) -> None:
    """Log `user` in with a confirmed TOTP device, without the login pages (for other apps' tests)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def verified_client(user) -> Client:
    """A test client logged in as `user` past the second factor (see `verified_login`)."""
    client = Client()
    verified_login(client, user)
    return client


class RegieClient(Client):
    """A procesregisseur's client that, before each request, works at every table (so sees every case)."""

    def __init__(self, user, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self._staff_before_request = True
        verified_login(self, user)

    def staff_every_table(self) -> None:
        default_tables_ensure(actor=None)
        self.user.tables.set(Table.objects.all())

    @contextmanager
    def as_staffed(self):
        """Requests inside do not re-staff (so query counts hold only the request's own queries)."""
        self._staff_before_request = False
        try:
            yield self
        finally:
            self._staff_before_request = True

    def request(self, **request):
        if self._staff_before_request:
            self.staff_every_table()
        return super().request(**request)


def regie_client(username: str = "regisseur") -> RegieClient:
    user = f.UserFactory(username=username)
    RoleAssignment.objects.create(user=user, role=Role.PROCESREGISSEUR)
    return RegieClient(user)
