"""The plan of action: interventions agreed for a case, each carried by a partner."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InterventionStatus(models.TextChoices):
    AGREED = "agreed", _("afgesproken")
    RUNNING = "running", _("loopt")
    DONE = "done", _("afgerond")
    CANCELLED = "cancelled", _("geannuleerd")


class CaseIntervention(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="interventions")
    intervention = models.ForeignKey("reference.Intervention", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("verantwoordelijke partner")
    )
    agreed_on = models.DateField(_("afgesproken op"))
    due_date = models.DateField(_("uiterlijk"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=InterventionStatus.choices, default=InterventionStatus.AGREED)

    class Meta:
        ordering = ["agreed_on", "id"]
        indexes = [models.Index(fields=["case", "agreed_on"])]
        verbose_name = _("afgesproken interventie")
        verbose_name_plural = _("afgesproken interventies")
