"""The invitation e-mail: the addressee's own name, the link and until when it works; nothing else.

Sent through Django's mail settings (config/settings.py: the console backend unless the environment sets up
SMTP). The link points at `settings.SITE_URL` when it is set, otherwise at the host the functional
administrator's request came in on (Django has checked it against ALLOWED_HOSTS).
"""

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from procesregie.core.errors import DomainError


def invitation_link(token: str, *, request=None) -> str:
    path = reverse("invitations:open", kwargs={"token": token})
    if settings.SITE_URL:
        return settings.SITE_URL + path
    if request is None:
        raise ValueError("An invitation link needs PROCESREGIE_SITE_URL or a request to take the host from.")
    return request.build_absolute_uri(path)


def send_invitation(*, account, email: str, link: str, expires_at) -> None:
    """Send the mail, in the installation's language. A mail server that refuses or cannot be reached: a
    DomainError (the caller's transaction then rolls back, so nothing was changed)."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {"name": account.get_full_name(), "link": link, "expires_at": expires_at}
        subject = _("Uitnodiging voor Procesregie")
        body = render_to_string("invitations/invitation_mail.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[email])
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        raise DomainError(
            _("De uitnodiging kon niet worden verstuurd: de mailserver weigerde of was niet bereikbaar. "
              "Er is niets gewijzigd; probeer het later opnieuw.")
        ) from error
