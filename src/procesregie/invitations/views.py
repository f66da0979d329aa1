"""The functional administrator's account list and invitation; the invited person's link, password and app.

Administrator pages (behind the login): `account_list` (filter by state and organisation) and `invite` (send or
send again). Who may is decided in `access` (`access.accounts`); everyone else gets 404.

The invitation pages are open without a login (accounts.middleware.OPEN_VIEWS):
1. `invitation_open` (/uitnodiging/<token>/): a link that works puts the invitation's id in the session (with a
   new session key) and redirects to the password step, so the token leaves the address bar at once and is not
   sent on as a Referer. Opening it changes nothing else, so a mail scanner that follows the link uses nothing
   up. A link that does not work (unknown, used, revoked, expired) gets one page, 404, whatever the reason, and
   counts towards the lockout of invitation links at that client address (accounts/lockout.py).
2. `invitation_password`: a password, checked by the configured validators.
3. `invitation_enrol`: the authenticator app as at the first login (QR code, a code from the app); when it is
   confirmed the account becomes active, the link is used up and the recovery codes are shown once. Then the
   person logs in as everyone does: password and code.
"""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from procesregie.access.capabilities import ADMINISTER_ACCOUNTS, may
from procesregie.accounts import lockout, mfa
from procesregie.accounts.forms import CodeForm
from procesregie.accounts.invitation_tokens import open_invitation_by_id, open_invitation_by_token
from procesregie.core.service_calls import call_service

from . import selectors, services
from .forms import AccountFilterForm, InvitationPasswordForm, InviteForm

get_or_post = require_http_methods(["GET", "HEAD", "POST"])

SESSION_INVITATION = "procesregie_invitation"
SESSION_INVITATION_DEVICE = "procesregie_invitation_device"
LINK_NOT_WORKING_STATUS = 404


# The functional administrator --------------------------------------------------------------------------------

@require_safe
def account_list(request):
    if not may(request.user, ADMINISTER_ACCOUNTS):
        raise Http404()
    organisations = selectors.organisations_with_accounts(user=request.user)
    form = AccountFilterForm(request.GET or None, organisations=organisations)
    filters = form.filters() if form.is_bound else {}
    page = selectors.account_page(
        user=request.user, state=filters.get("state"), organisation=filters.get("organisation"),
        page_number=request.GET.get("page"),
    )
    return render(request, "invitations/account_list.html", {"form": form, "page": page})


@get_or_post
def invite(request, pk: int):
    row = selectors.account_for_admin(user=request.user, account_id=pk)
    account = row.account
    if request.method == "POST":
        form = InviteForm(request.POST)
        if form.is_valid():
            invitation, _refusal = call_service(
                lambda: services.invitation_send(
                    actor=request.user, account=account, email=form.cleaned_data["email"], request=request
                ),
                form=form,
            )
            if invitation is not None:
                until = date_format(localtime(invitation.expires_at), "DATETIME_FORMAT")
                messages.success(
                    request,
                    _("De uitnodiging is verstuurd naar %(email)s. De link is geldig tot %(until)s.")
                    % {"email": invitation.email, "until": until},
                )
                return redirect("invitations:account-list")
    else:
        form = InviteForm(initial={"email": account.email})
    context = {"row": row, "account": account, "form": form, "invitation_hours": settings.INVITATION_VALID_HOURS}
    return render(request, "invitations/invite.html", context)


# The invited person ------------------------------------------------------------------------------------------

def _link_not_working(request):
    return render(request, "invitations/link_not_working.html", status=LINK_NOT_WORKING_STATUS)


def _session_invitation(request):
    return open_invitation_by_id(request.session.get(SESSION_INVITATION))


def _forget_invitation(request) -> None:
    request.session.pop(SESSION_INVITATION, None)
    request.session.pop(SESSION_INVITATION_DEVICE, None)


@never_cache
@require_safe
def invitation_open(request, token: str):
    if lockout.invitation_links_locked(request):
        return lockout.lockout_response(request, username=lockout.INVITATION_LINKS)
    invitation = open_invitation_by_token(token)
    if invitation is None:
        if lockout.record_invitation_link_failure(request):
            return lockout.lockout_response(request, username=lockout.INVITATION_LINKS)
        return _link_not_working(request)
    request.session.cycle_key()
    _forget_invitation(request)
    request.session[SESSION_INVITATION] = invitation.pk
    return redirect("invitations:password")


@never_cache
@csrf_protect
@sensitive_post_parameters("new_password1", "new_password2")
@get_or_post
def invitation_password(request):
    invitation = _session_invitation(request)
    if invitation is None:
        _forget_invitation(request)
        return _link_not_working(request)
    account = invitation.user
    form = InvitationPasswordForm(account, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        _done, _refusal = call_service(
            lambda: services.invitation_password_set(
                actor=account, invitation=invitation, password=form.cleaned_data["new_password1"], request=request
            ),
            form=form,
        )
        if _refusal is None:
            return redirect("invitations:enrol")
    return render(request, "invitations/password.html", {"form": form, "account": account})


@never_cache
@csrf_protect
@sensitive_post_parameters("otp_token")
@get_or_post
def invitation_enrol(request):
    invitation = _session_invitation(request)
    if invitation is None:
        _forget_invitation(request)
        return _link_not_working(request)
    account = invitation.user
    if not account.has_usable_password():
        return redirect("invitations:password")
    device = mfa.enrolment_device(user=account, device_id=request.session.get(SESSION_INVITATION_DEVICE))
    request.session[SESSION_INVITATION_DEVICE] = device.pk
    help_text = _("De 6-cijferige code die de app nu toont.")
    form = CodeForm(request.POST if request.method == "POST" else None, help_text=help_text)
    if request.method == "POST" and form.is_valid():
        codes, refusal = call_service(
            lambda: services.invitation_complete(
                actor=account, invitation=invitation, device=device, code=form.cleaned_data["otp_token"],
                request=request,
            ),
            form=form,
        )
        if codes:
            _forget_invitation(request)
            return render(
                request,
                "invitations/activated.html",
                {"codes": [mfa.format_recovery_code(code) for code in codes], "account": account,
                 "login_url": reverse("accounts:login")},
            )
        if refusal is None:
            form.add_error(
                "otp_token",
                _("Deze code klopt niet. Controleer of u de juiste QR-code hebt gescand en probeer de volgende code."),
            )
    qr_title = _("QR-code om Procesregie aan uw authenticator-app toe te voegen")
    context = {
        "form": form,
        "account": account,
        "qr_code": mfa.qr_code_svg(device.config_url, title=qr_title),
        "secret": mfa.format_secret(mfa.totp_secret(device)),
    }
    return render(request, "invitations/enrol.html", context)
