import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from procesregie.accounts import mfa
from procesregie.accounts.models import RoleAssignment
from procesregie.accounts.roles import Role
from tests.factories import UserFactory


@pytest.fixture
def user(db):
    """A procesregisseur of the house with a password (tests.factories.PASSWORD) and no second factor yet."""
    user = UserFactory(username="regisseur", organisation__house=True, organisation__code="zvh-test")
    RoleAssignment.objects.create(user=user, role=Role.PROCESREGISSEUR)
    return user


@pytest.fixture
def device(user):
    """The user's confirmed authenticator app."""
    return TOTPDevice.objects.create(user=user, name=mfa.TOTP_DEVICE_NAME, confirmed=True)


@pytest.fixture
def recovery_codes(user, device):
    return mfa.recovery_codes_issue(user=user)
