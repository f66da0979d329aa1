"""What the reminder e-mail has already told a user about, so the same reminder is never mailed twice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SentReminder(models.Model):
    """One reminder (`key`, e.g. `intervention:12:2026-11-30`) that was in an e-mail to `user`.

    The key holds ids and dates only, never personal data; a reminder that changes (a new due date, a later
    measurement, a moved meeting) gets a new key and is mailed again.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(_("herinnering"), max_length=100)
    sent_at = models.DateTimeField(_("verzonden op"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="sent_reminder_once")]
        verbose_name = _("verzonden herinnering")
        verbose_name_plural = _("verzonden herinneringen")

    def __str__(self) -> str:
        return f"{self.key} aan gebruiker {self.user_id}"
