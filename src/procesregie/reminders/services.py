"""Sending the reminder e-mail: one message per user with new reminders, never the same reminder twice.

The message says how many notifications the user has and links to the notification list; it names no case,
person, meeting or organisation (e-mail leaves the installation). What was mailed is stored as `SentReminder`
rows in the same transaction as the sending: when sending fails the rows roll back and the next run tries again;
when two runs overlap, the second one's insert conflicts on (user, key) and that user is left to the first.
Nothing personal is shown to anyone, so no access-log entry is written (the notification list itself logs what
it shows when the user opens it).
"""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from procesregie.access.reminders import receives_reminders, users_to_mail

from . import notifications
from .models import SentReminder

logger = logging.getLogger(__name__)


@dataclass
class SendResult:
    mailed: int = 0  # users who got an e-mail
    up_to_date: int = 0  # users without new reminders (or without any)
    skipped: int = 0  # users another run was mailing at the same moment


def _mail_one(*, user, current: set[str], link: str, now) -> bool:
    """Mail `user` when some of `current` was never mailed to them. True when a message went out."""
    with transaction.atomic():
        already = set(SentReminder.objects.filter(user=user, key__in=current).values_list("key", flat=True))
        new = current - already
        if not new:
            return False
        SentReminder.objects.bulk_create([SentReminder(user=user, key=key, sent_at=now) for key in sorted(new)])
        with translation.override(settings.LANGUAGE_CODE):
            context = {"count": len(current), "new": len(new), "link": link}
            subject = render_to_string("reminders/mail_subject.txt", context).strip()
            body = render_to_string("reminders/mail_body.txt", context)
        send_mail(subject, body, None, [user.email])
    return True


def reminders_send(*, actor=None, site_url: str, today: datetime.date | None = None) -> SendResult:
    """Mail every user who has reminders that were not mailed to them before (see the module docstring).

    `actor`: None for the scheduled job (the system). `site_url`: the installation's address for the link.
    """
    today = today or timezone.localdate()
    link = site_url.rstrip("/") + reverse("reminders:list")
    now = timezone.now()
    result = SendResult()
    for user in users_to_mail():
        if not receives_reminders(user):
            continue
        current = notifications.keys(user, today)
        if not current:
            result.up_to_date += 1
            continue
        try:
            sent = _mail_one(user=user, current=current, link=link, now=now)
        except IntegrityError:
            logger.info("Reminders for user %s are being sent by another run", user.pk)
            result.skipped += 1
            continue
        if sent:
            result.mailed += 1
        else:
            result.up_to_date += 1
    return result
