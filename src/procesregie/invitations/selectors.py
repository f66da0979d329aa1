"""Reading staff accounts for the functional administrator, always from `access.accounts`.

An account's state: *active* (it can log in), *deactivated* (inactive, but once activated: it cannot be invited,
`access.accounts.accounts_invitable_by`), *invited* (inactive, with a link that still works: until when), or
*inactive* (never invited, or its last link expired). The list is annotated in one query with the expiry of the
account's newest link that is neither used nor revoked and whether it may be invited; roles come in one more
query.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procesregie.access.accounts import accounts_administered_by, accounts_invitable_by
from procesregie.accounts.models import Organisation, User

PER_PAGE = 50


class AccountState(models.TextChoices):
    INACTIVE = "inactief", _("Inactief, niet uitgenodigd")
    INVITED = "uitgenodigd", _("Uitgenodigd")
    ACTIVE = "actief", _("Actief")
    DEACTIVATED = "gedeactiveerd", _("Gedeactiveerd")


_PENDING = Q(invitations__used_at__isnull=True, invitations__revoked_at__isnull=True)


def _with_invitation(accounts: QuerySet[User], *, user) -> QuerySet[User]:
    """`link_expires_at`: when the newest unused, unrevoked link expires (or expired); None: never invited.
    `invitable`: `user` may send the account an invitation."""
    invitable = Exists(accounts_invitable_by(user).filter(pk=OuterRef("pk")))
    return accounts.annotate(link_expires_at=Max("invitations__expires_at", filter=_PENDING), invitable=invitable)


def state_of(account: User, *, now=None) -> str:
    """The state of an account from `_with_invitation`."""
    if account.is_active:
        return AccountState.ACTIVE
    if not account.invitable:
        return AccountState.DEACTIVATED
    expires = account.link_expires_at
    if expires is not None and expires > (now or timezone.now()):
        return AccountState.INVITED
    return AccountState.INACTIVE


@dataclass(frozen=True)
class AccountRow:
    account: User
    state: str
    invited_until: object  # datetime or None
    link_expired_at: object  # datetime or None: the last link expired unused

    @property
    def state_label(self) -> str:
        return AccountState(self.state).label


def _row(account: User, now) -> AccountRow:
    state = state_of(account, now=now)
    expires = account.link_expires_at
    return AccountRow(
        account=account,
        state=state,
        invited_until=expires if state == AccountState.INVITED else None,
        link_expired_at=expires if state == AccountState.INACTIVE and expires is not None else None,
    )


def account_list(*, user, state: str | None = None, organisation: Organisation | None = None) -> QuerySet[User]:
    accounts = _with_invitation(accounts_administered_by(user), user=user).select_related("organisation")
    now = timezone.now()
    if organisation is not None:
        accounts = accounts.filter(organisation=organisation)
    if state == AccountState.ACTIVE:
        accounts = accounts.filter(is_active=True)
    elif state == AccountState.DEACTIVATED:
        accounts = accounts.filter(is_active=False, invitable=False)
    elif state == AccountState.INVITED:
        accounts = accounts.filter(is_active=False, invitable=True, link_expires_at__gt=now)
    elif state == AccountState.INACTIVE:
        accounts = accounts.filter(Q(link_expires_at__isnull=True) | Q(link_expires_at__lte=now), is_active=False,
                                   invitable=True)
    return accounts.order_by("organisation__name", "last_name", "first_name", "username")


def account_page(*, user, state=None, organisation=None, page_number=None) -> Page:
    """A page of the list: each entry an AccountRow, the accounts' roles prefetched."""
    page = Paginator(account_list(user=user, state=state, organisation=organisation), PER_PAGE).get_page(page_number)
    accounts = list(page.object_list)
    models.prefetch_related_objects(accounts, "roles")
    now = timezone.now()
    page.object_list = [_row(account, now) for account in accounts]
    return page


def organisations_with_accounts(*, user) -> QuerySet[Organisation]:
    """The organisations of the accounts `user` administers (the choices of the list's filter)."""
    return Organisation.objects.filter(pk__in=accounts_administered_by(user).values("organisation")).order_by("name")


def account_for_admin(*, user, account_id: int) -> AccountRow:
    """One account `user` administers and that is active or may be invited, with its state; 404 for a deactivated
    account (it cannot be invited), for any other account and for everyone else."""
    account = _with_invitation(accounts_administered_by(user), user=user).select_related("organisation")
    found = account.filter(Q(is_active=True) | Q(invitable=True), pk=account_id).prefetch_related("roles").first()
    if found is None:
        raise Http404()
    return _row(found, timezone.now())
