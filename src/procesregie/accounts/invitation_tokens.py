"""Invitation links: the token in the link, its hash in the database, and which invitations still work.

The token is 32 random bytes (256 bits) in URL-safe base64, 43 characters. The database keeps only its SHA-256
hash (`Invitation.token_hash`): someone who reads the database or a backup cannot rebuild a link, and a token
this long needs no slow, salted hash (nobody can guess it; the hash only has to be one-way). The token itself
is put in the e-mail and nowhere else: not in the access log, not in a session.

An invitation is *open* while it is not used, not revoked, not expired, and its account was never activated
(inactive, never logged in, no used invitation): a link sent before an account was activated and switched off
again does not revive it.
"""

import hashlib
import re
import secrets

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from .models import Invitation, User

TOKEN_BYTES = 32
# What a token can look like (URL-safe base64 without padding); anything else is not even looked up.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def never_activated(accounts: QuerySet[User]) -> QuerySet[User]:
    """`accounts` that are inactive, never logged in and never used an invitation (`access.accounts` asks it)."""
    used = Invitation.objects.filter(user=OuterRef("pk"), used_at__isnull=False)
    return accounts.filter(is_active=False, last_login__isnull=True).exclude(Exists(used))


def open_invitations() -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now(),
        user__in=never_activated(User.objects.all()),
    )


def open_invitation_by_token(token: str) -> Invitation | None:
    """The open invitation whose link carries `token`, or None (unknown, used, revoked, expired: all alike)."""
    if not _TOKEN_SHAPE.fullmatch(token or ""):
        return None
    return open_invitations().select_related("user").filter(token_hash=token_hash(token)).first()


def open_invitation_by_id(invitation_id) -> Invitation | None:
    if not isinstance(invitation_id, int):
        return None
    return open_invitations().select_related("user").filter(pk=invitation_id).first()
