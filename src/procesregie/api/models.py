"""What the API keeps of its own use: calls per client per minute (the rate limit, held in the database so that it
holds across several app servers) and the hit/no-hit queries with their purpose (for the privacy officer)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiUsage(models.Model):
    """The number of calls one client made in one minute (UTC, truncated)."""

    client = models.ForeignKey("accounts.ApiClient", on_delete=models.CASCADE, related_name="+")
    minute = models.DateTimeField()
    calls = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "minute"], name="api_usage_client_minute")]

    def __str__(self) -> str:
        return f"{self.client_id} {self.minute:%Y-%m-%d %H:%M}: {self.calls}"


class HitNoHitQuery(models.Model):
    """One hit/no-hit question, hit or not, with the purpose the client gave.

    Nothing that identifies the person asked about is kept here: for a hit, the access log's entry (same
    `request_id`) names the data subject by its pseudonymous key; for a miss there is no data subject.
    """

    client = models.ForeignKey("accounts.ApiClient", on_delete=models.PROTECT, related_name="hitnohit_queries")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(_("gevraagd op"))
    purpose = models.CharField(_("doel"), max_length=500)
    by_bsn = models.BooleanField(_("op BSN"))
    hit = models.BooleanField(_("hit"))
    request_id = models.CharField(_("verzoek-id"), max_length=36, blank=True)

    class Meta:
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["client", "asked_at"], name="hitnohit_client_time")]
        verbose_name = _("hit/no-hit-vraag")
        verbose_name_plural = _("hit/no-hit-vragen")

    def __str__(self) -> str:
        return f"{self.client_id} {self.asked_at:%Y-%m-%d %H:%M} ({'hit' if self.hit else 'no hit'})"
