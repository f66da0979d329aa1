"""Life-domain measurements on the five-level scale."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MeasurementKind(models.TextChoices):
    NULMETING = "nulmeting", _("nulmeting")
    TUSSENMETING = "tussenmeting", _("tussenmeting")
    EINDMETING = "eindmeting", _("eindmeting")


class Level(models.IntegerChoices):
    ACUUT = 1, _("acuut")
    NIET_ZELFREDZAAM = 2, _("niet zelfredzaam")
    BEPERKT = 3, _("beperkt zelfredzaam")
    VOLDOENDE = 4, _("voldoende zelfredzaam")
    VOLLEDIG = 5, _("volledig zelfredzaam")


NOTE_MAX_LENGTH = 500


class Measurement(models.Model):
    """One level on one life domain for a case at a date. Entry order (id) breaks ties on date.

    `recorded_by` is who scored it (empty for measurements imported or recorded before it was kept); `note`
    says why this level, in the scorer's words.
    """

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="measurements")
    date = models.DateField(_("datum"))
    kind = models.CharField(_("soort meting"), max_length=12, choices=MeasurementKind.choices)
    domain = models.ForeignKey("reference.LifeDomain", on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("niveau"), choices=Level.choices)
    note = models.TextField(_("notitie"), max_length=NOTE_MAX_LENGTH, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("gescoord door"),
    )

    class Meta:
        ordering = ["date", "id"]
        constraints = [models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="measurement_level_1_5")]
        indexes = [models.Index(fields=["case", "domain"])]
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")

    def __str__(self) -> str:
        return f"{self.kind} {self.date:%Y-%m-%d}: leefgebied {self.domain_id} = {self.level}"
