"""Which staff accounts a user administers (the list of accounts, sending invitations), and which accounts an
invitation or an import may still shape.

The functional administrator administers every account that belongs to an organisation: the people of the
house and of its partners. The installation's superuser (no organisation, created on the command line) is
nobody's to administer here. Everyone else administers no account: the pages answer 404.

An account that was ever activated (it is active, has logged in, or used an invitation) belongs to a person:
an invitation would hand it, with its roles and its history, to whoever reads the new address, so only a
never-activated account can be invited. For the same reason an import changes the roles and organisation of
a never-activated account only; a superuser or staff account it never changes.

An API client's service account (`accounts.ApiClient.user`, docs/decisions/0024) is no staff account: it is
administered on the koppelingen pages, never listed, invited or shaped by an import here.
"""

from django.db.models import QuerySet

from procesregie.accounts.invitation_tokens import never_activated
from procesregie.accounts.models import ApiClient, User

from .users import is_functional_admin


def staff_accounts() -> QuerySet[User]:
    """The accounts of people (staff of the house and its partners, the installation's own): every account but an
    API client's service account. Every list or choice of people starts here: the people a decision or an
    intervention can name, the staff an export writes and an import knows. A subquery, not a join: PostgreSQL
    refuses to lock (`select_for_update`) rows on the nullable side of an outer join."""
    return User.objects.exclude(pk__in=ApiClient.objects.values("user_id"))


def api_client_accounts() -> QuerySet[User]:
    """The API clients' service accounts (revoked ones too): never staff, never named or shaped by an import."""
    return User.objects.filter(pk__in=ApiClient.objects.values("user_id"))


def accounts_administered_by(user) -> QuerySet[User]:
    if not is_functional_admin(user):
        return User.objects.none()
    return staff_accounts().filter(organisation__isnull=False, is_superuser=False)


def accounts_invitable_by(user) -> QuerySet[User]:
    """The accounts `user` may send an invitation: administered and never activated."""
    return never_activated(accounts_administered_by(user))


def accounts_an_import_may_shape() -> QuerySet[User]:
    """The existing accounts whose roles and organisation an import may set: never activated, no superuser or
    staff account. Any other account keeps them (an import that would change them is refused)."""
    return never_activated(staff_accounts().filter(is_superuser=False, is_staff=False))


KEPT_INSTALLATION, KEPT_ACTIVE, KEPT_DEACTIVATED = "installation", "active", "deactivated"


def accounts_an_import_keeps(usernames) -> dict[str, str]:
    """Of the accounts named `usernames`, those whose roles and organisation an import may not set: username →
    why (`KEPT_INSTALLATION`: a superuser or staff account; `KEPT_ACTIVE`; `KEPT_DEACTIVATED`: once activated)."""
    kept = User.objects.filter(username__in=usernames).exclude(pk__in=accounts_an_import_may_shape().values("pk"))
    return {
        username: KEPT_INSTALLATION if superuser or staff else KEPT_ACTIVE if active else KEPT_DEACTIVATED
        for username, superuser, staff, active in kept.values_list("username", "is_superuser", "is_staff", "is_active")
    }
