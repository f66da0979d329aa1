"""Case meetings (casusoverleggen) and the discussion of a case at a meeting."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Meeting(models.Model):
    ref = models.CharField(_("referentie"), max_length=100, unique=True)
    table = models.ForeignKey(
        "reference.Table", on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    date = models.DateField(_("datum"))

    class Meta:
        ordering = ["-date", "id"]
        verbose_name = _("casusoverleg")
        verbose_name_plural = _("casusoverleggen")

    def __str__(self) -> str:
        return self.ref


class Discussion(models.Model):
    """One case discussed at one meeting, with who was at the table."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="discussions")
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="discussions")
    date = models.DateField(_("datum"))
    client_present = models.BooleanField(_("cliënt aan tafel"), default=False)
    expert_present = models.BooleanField(_("ervaringsdeskundige aanwezig"), default=False)
    notes = models.TextField(_("notities"), blank=True)

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["case", "date"])]
        verbose_name = _("bespreking")
        verbose_name_plural = _("besprekingen")
