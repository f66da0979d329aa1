"""Signals of the login flow, for the audit log (which sits above accounts and so cannot be called from here).

Besides these, Django sends `user_logged_in` (password step passed), `user_logged_out` and
`user_login_failed` (wrong password, or wrong second-factor code: sender `procesregie.accounts.lockout`),
and django-axes sends `axes.signals.user_locked_out`.
"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import Signal, receiver

from procesregie.accounts.middleware import start_session_clock

# The second factor was passed: the login is complete. Arguments: request, user, method ("totp",
# "recovery_code" or "enrolment").
login_verified = Signal()

# A new authenticator app was confirmed and new recovery codes were issued. Arguments: request, user.
mfa_enrolled = Signal()


@receiver(user_logged_in, dispatch_uid="procesregie.accounts.start_session_clock")
def _start_session_clock(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        start_session_clock(request.session)
