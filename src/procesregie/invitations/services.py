"""Writing invitations: the functional administrator sends one; the invited person sets a password and enrols.

Every service takes `actor` first, runs in one transaction and writes its access-log entry in it (the entry
names the account, never the token). The account stays inactive until `invitation_complete`: only when the
password is set *and* the authenticator app is confirmed does it become active, and only then is the
invitation used.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from procesregie.access.accounts import accounts_administered_by, accounts_invitable_by
from procesregie.accounts import mfa
from procesregie.accounts.invitation_tokens import new_token, open_invitations, token_hash
from procesregie.accounts.models import Invitation
from procesregie.audit.models import Action
from procesregie.audit.services import record_access
from procesregie.core.errors import DomainError, NotFound

from . import mail


def _still_open(invitation, *, user) -> Invitation:
    """The invitation again, locked: it must still be open and belong to `user`."""
    current = open_invitations().select_for_update(of=("self",)).filter(pk=invitation.pk, user=user).first()
    if current is None:
        raise DomainError(_("Deze uitnodiging is niet meer geldig. Vraag de functioneel beheerder om een nieuwe."))
    return current


@transaction.atomic
def invitation_send(*, actor, account, email: str, request=None) -> Invitation:
    """Send `account` (inactive and never activated) an invitation at `email`, which becomes the account's address.

    Earlier links of the account stop working, and whatever a half-finished earlier invitation left (a password,
    an unconfirmed app) is removed: only the newest link can activate the account.
    """
    account = accounts_administered_by(actor).select_for_update().filter(pk=account.pk).first()
    if account is None:
        raise NotFound()
    if account.is_active:
        raise DomainError(_("Dit account is al actief; het heeft geen uitnodiging nodig."))
    if not accounts_invitable_by(actor).filter(pk=account.pk).exists():
        raise DomainError(_("Dit account is gedeactiveerd. Een account dat al eens actief was, kunt u niet opnieuw "
                            "uitnodigen."))
    email = BaseUserManager.normalize_email((email or "").strip())
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(_("Vul een geldig e-mailadres in.")) from None

    now = timezone.now()
    open_invitations().filter(user=account).update(revoked_at=now)
    account.email = email
    account.set_unusable_password()
    account.save(update_fields=["email", "password"])
    mfa.factors_remove(user=account)
    token = new_token()
    invitation = Invitation.objects.create(
        user=account, token_hash=token_hash(token), email=email, sent_by=actor, sent_at=now,
        expires_at=now + timedelta(hours=settings.INVITATION_VALID_HOURS),
    )
    record_access(actor=actor, action=Action.UPDATE, obj=account, request=request)
    # Last, inside the transaction: a mail server that refuses rolls everything above back.
    mail.send_invitation(
        account=account, email=email, link=mail.invitation_link(token, request=request), expires_at=invitation.expires_at
    )
    return invitation


@transaction.atomic
def invitation_password_set(*, actor, invitation, password: str, request=None) -> None:
    """The invited person (`actor`, still inactive) chooses a password; the caller has validated it."""
    _still_open(invitation, user=actor)
    actor.set_password(password)
    actor.save(update_fields=["password"])
    record_access(actor=actor, action=Action.UPDATE, obj=actor, request=request)


@transaction.atomic
def invitation_complete(*, actor, invitation, device, code: str, request=None) -> list[str] | None:
    """Confirm the authenticator app with `code` and activate the account: its recovery codes (to show once), or
    None when the code is wrong (nothing else changes)."""
    invitation = _still_open(invitation, user=actor)
    if not actor.has_usable_password():
        raise DomainError(_("Kies eerst een wachtwoord."))
    if not mfa.enrolment_confirm(user=actor, device=device, code=code):
        return None
    codes = mfa.recovery_codes_issue(user=actor)
    actor.is_active = True
    actor.save(update_fields=["is_active"])
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    record_access(actor=actor, action=Action.UPDATE, obj=actor, request=request)
    return codes
