"""Escalations: a procesregisseur or participating partner escalates a stuck case to the house's managers.

An escalation is raised on a case with a reason (a kind and an explanation), optionally naming the organisation
or the agreed intervention it concerns; a manager resolves it with an outcome. It is on the case's timeline and the
annual report (version 2) counts escalations per approach and outcome. Managers read escalations (case reference,
approach, reason) without reading the case itself.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EscalationReason(models.TextChoices):
    INTERVENTION_NOT_DELIVERED = "interventie_niet_geleverd", _("een partner levert een afgesproken interventie niet")
    NO_LEAD = "geen_regie", _("geen partner neemt de leiding")
    NO_AGREEMENT = "geen_overeenstemming", _("partners worden het niet eens")
    OTHER = "anders", _("andere reden")


class EscalationOutcome(models.TextChoices):
    AGREED = "afspraak_gemaakt", _("afspraak gemaakt")
    ESCALATED_FURTHER = "bestuurlijk_opgeschaald", _("bestuurlijk opgeschaald")
    WITHDRAWN = "ingetrokken", _("ingetrokken")
    NOT_RESOLVED = "niet_opgelost", _("niet opgelost")


class Escalation(models.Model):
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="escalations")
    raised_on = models.DateField(_("datum escalatie"))
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("geëscaleerd door"),
    )
    raised_by_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("organisatie die escaleert"),
    )
    reason = models.CharField(_("reden"), max_length=30, choices=EscalationReason.choices)
    explanation = models.TextField(_("toelichting"))
    # What the escalation is about, when it names one: the partner, or the agreed intervention it does not deliver.
    concerns_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("betreft organisatie"),
    )
    concerns_intervention = models.ForeignKey(
        "plans.CaseIntervention", on_delete=models.SET_NULL, null=True, blank=True, related_name="escalations",
        verbose_name=_("betreft interventie"),
    )
    resolved_on = models.DateField(_("datum afhandeling"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("afgehandeld door"),
    )
    outcome = models.CharField(_("uitkomst"), max_length=30, choices=EscalationOutcome.choices, blank=True)
    resolution = models.TextField(_("toelichting afhandeling"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["raised_on", "id"]
        constraints = [
            # Resolved means: a date and an outcome, together.
            models.CheckConstraint(
                condition=(Q(resolved_on__isnull=True, outcome="") | (Q(resolved_on__isnull=False) & ~Q(outcome=""))),
                name="escalation_resolved_with_outcome",
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=models.F("raised_on")),
                name="escalation_resolved_not_before_raised",
            ),
        ]
        indexes = [models.Index(fields=["resolved_on", "raised_on"])]
        verbose_name = _("escalatie")
        verbose_name_plural = _("escalaties")

    def __str__(self) -> str:
        return f"{self.case} {self.raised_on}"

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None
