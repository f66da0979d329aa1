"""The login flow: password (/inloggen/) → code (/inloggen/code/) → done; first-time users set up their app.

1. Password step: django-axes refuses a locked-out username + address before the password is checked;
   a correct password logs the user in with a new session key, but not yet *verified*: the
   RequireVerifiedLoginMiddleware lets such a user reach only these pages.
2. A user without a confirmed authenticator app is sent to /inloggen/instellen/: a QR code and the
   secret, confirmed with a code; the response shows ten recovery codes once.
3. Code step: a TOTP code (each accepted once) or a recovery code (each usable once). Success marks the
   session verified (django-otp) and gives it a new key again; wrong codes count towards the lockout.
Logout is POST only.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from procesregie.accounts import lockout, mfa
from procesregie.accounts.forms import CodeForm, LoginForm
from procesregie.accounts.middleware import is_verified, safe_next
from procesregie.accounts.signals import login_verified, mfa_enrolled

SESSION_NEXT = "procesregie_login_next"
SESSION_ENROL_DEVICE = "procesregie_enrol_device"


def _next_url(request) -> str:
    return safe_next(request, request.session.get(SESSION_NEXT)) or resolve_url(settings.LOGIN_REDIRECT_URL)


def _remember_next(request, url: str | None) -> None:
    if url := safe_next(request, url):
        request.session[SESSION_NEXT] = url


def _complete_login(request, user, device, *, method: str) -> str:
    """Mark the session verified by `device`, give it a new key and clear the failure count; the next URL."""
    otp_login(request, device)
    request.session.cycle_key()
    next_url = _next_url(request)
    request.session.pop(SESSION_NEXT, None)
    lockout.clear_failures(request, username=user.get_username())
    login_verified.send(sender=__name__, request=request, user=user, method=method)
    return next_url


def _locked_out(request, user):
    """End the half-finished login and show the lockout page."""
    username = user.get_username()
    auth_logout(request)
    return lockout.lockout_response(request, username=username)


@never_cache
@csrf_protect
@sensitive_post_parameters("password")
@require_http_methods(["GET", "HEAD", "POST"])
def login_view(request):
    if is_verified(request.user):
        back = safe_next(request, request.GET.get("next")) or resolve_url(settings.LOGIN_REDIRECT_URL)
        return HttpResponseRedirect(back)
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST":
        form = LoginForm(request, data=request.POST)
        if form.is_valid():
            auth_login(request, form.get_user())  # new session key; not verified yet
            _remember_next(request, next_url)
            return redirect("accounts:verify")
    else:
        form = LoginForm(request)
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@never_cache
@csrf_protect
@sensitive_post_parameters("otp_token")
@require_http_methods(["GET", "HEAD", "POST"])
def verify_view(request):
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    if is_verified(user):
        return HttpResponseRedirect(_next_url(request))
    if not mfa.has_confirmed_totp(user):
        return redirect("accounts:enrol")
    if lockout.is_locked_out(request, username=user.get_username()):
        return _locked_out(request, user)
    _remember_next(request, request.GET.get("next"))

    help_text = _("De 6-cijferige code uit uw authenticator-app, of een van uw herstelcodes.")
    if request.method == "POST":
        form = CodeForm(request.POST, help_text=help_text)
        if form.is_valid():
            device = mfa.verify_code(user=user, code=form.cleaned_data["otp_token"])
            if device is not None:
                method = "recovery_code" if isinstance(device, StaticDevice) else "totp"
                next_url = _complete_login(request, user, device, method=method)
                if method == "recovery_code":
                    left = mfa.recovery_codes_left(user)
                    messages.warning(
                        request,
                        ngettext(
                            "U hebt een herstelcode gebruikt. U hebt nog %(count)d herstelcode over.",
                            "U hebt een herstelcode gebruikt. U hebt nog %(count)d herstelcodes over.",
                            left,
                        )
                        % {"count": left},
                    )
                return HttpResponseRedirect(next_url)
            if lockout.record_code_failure(request, username=user.get_username()):
                return _locked_out(request, user)
            form.add_error("otp_token", _("Deze code is onjuist, verlopen of al gebruikt. Probeer de volgende code."))
    else:
        form = CodeForm(help_text=help_text)
    return render(request, "accounts/verify.html", {"form": form})


@never_cache
@csrf_protect
@sensitive_post_parameters("otp_token")
@require_http_methods(["GET", "HEAD", "POST"])
def enrol_view(request):
    user = request.user
    if not user.is_authenticated:
        return redirect("accounts:login")
    if is_verified(user):
        return HttpResponseRedirect(_next_url(request))
    if mfa.has_confirmed_totp(user):
        return redirect("accounts:verify")
    if lockout.is_locked_out(request, username=user.get_username()):
        return _locked_out(request, user)

    device = mfa.enrolment_device(user=user, device_id=request.session.get(SESSION_ENROL_DEVICE))
    request.session[SESSION_ENROL_DEVICE] = device.pk
    help_text = _("De 6-cijferige code die de app nu toont.")
    if request.method == "POST":
        form = CodeForm(request.POST, help_text=help_text)
        if form.is_valid() and mfa.enrolment_confirm(user=user, device=device, code=form.cleaned_data["otp_token"]):
            codes = mfa.recovery_codes_issue(user=user)
            request.session.pop(SESSION_ENROL_DEVICE, None)
            next_url = _complete_login(request, user, device, method="enrolment")
            mfa_enrolled.send(sender=__name__, request=request, user=user)
            # Shown in this response only: the codes are not stored anywhere the user could fetch them again.
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": [mfa.format_recovery_code(code) for code in codes], "next_url": next_url},
            )
        if form.is_valid():
            # Not counted towards the lockout: before enrolment there is no second factor to guess.
            form.add_error(
                "otp_token",
                _("Deze code klopt niet. Controleer of u de juiste QR-code hebt gescand en probeer de volgende code."),
            )
    else:
        form = CodeForm(help_text=help_text)
    qr_title = _("QR-code om Procesregie aan uw authenticator-app toe te voegen")
    context = {
        "form": form,
        "qr_code": mfa.qr_code_svg(device.config_url, title=qr_title),
        "secret": mfa.format_secret(mfa.totp_secret(device)),
    }
    return render(request, "accounts/enrol.html", context)


@never_cache
@require_POST
def logout_view(request):
    auth_logout(request)
    messages.success(request, _("U bent uitgelogd."))
    return redirect("accounts:login")


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a page in the house style (Django's own has inline styles, which the CSP blocks)."""
    return render(request, "accounts/csrf_failure.html", status=403)
