"""Signals: meldingen and adviesgesprekken (advice consultations) of an approach.

A signal is work of the house that is not (yet) a case: a partner reports a worry (`melding`) or a professional
asks a procesregisseur for advice (`adviesgesprek`). It may be about a person or a system, or about nobody
(anonymous advice holds no personal data at all). A procesregisseur records the advice given, an outcome and a
follow-up date; a signal can turn into a registration in one step (`registration`, and back from the
registration as `registration.signal`). Interchange version 2 carries signals as `signals.csv`; the annual report
version 2 counts them per approach.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SignalKind(models.TextChoices):
    MELDING = "melding", _("melding")
    ADVIESGESPREK = "adviesgesprek", _("adviesgesprek")


class SignalOutcome(models.TextChoices):
    """Empty (`""`) while the signal is still open: a partner's melding before a procesregisseur handled it."""

    ADVIES = "advies", _("advies gegeven")
    DOORVERWEZEN = "doorverwezen", _("doorverwezen")
    AANMELDING = "aanmelding", _("aanmelding")
    GEEN_ACTIE = "geen_actie", _("geen actie")


class Signal(models.Model):
    ref = models.CharField(_("referentie"), max_length=100, unique=True)
    approach = models.ForeignKey(
        "reference.Approach", on_delete=models.PROTECT, related_name="signals", verbose_name=_("aanpak")
    )
    date = models.DateField(_("datum"))
    kind = models.CharField(_("soort"), max_length=20, choices=SignalKind.choices)
    reported_by = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="signals",
        verbose_name=_("meldende organisatie"),
    )
    # The professional of the reporting organisation who called or reported, and how to reach them.
    reporter_name = models.CharField(_("professional"), max_length=200, blank=True)
    reporter_phone = models.CharField(_("telefoon professional"), max_length=30, blank=True)
    reporter_email = models.EmailField(_("e-mail professional"), blank=True)
    municipality = models.ForeignKey(
        "reference.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("gemeente"),
    )
    # The subject: a person, a system, or nobody (anonymous advice).
    person = models.ForeignKey(
        "subjects.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="signals"
    )
    system = models.ForeignKey(
        "subjects.System", on_delete=models.PROTECT, null=True, blank=True, related_name="signals"
    )
    # The subject's name as the reporting partner typed it: their own pages show this, never the stored name of
    # a known person the signal was attached to (as `Registration.reported_name`).
    reported_name = models.CharField(_("naam zoals gemeld"), max_length=200, blank=True)
    # A system's members as the reporting partner typed them ({"name", "role"}), for the same reason; carried over to
    # the registration a signal turns into (`Registration.reported_members`).
    reported_members = models.JSONField(_("leden zoals gemeld"), default=list, blank=True)
    question = models.TextField(_("vraag of zorg"), blank=True)
    advice = models.TextField(_("gegeven advies"), blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=SignalOutcome.choices, blank=True)
    follow_up_on = models.DateField(_("opvolgen op"), null=True, blank=True)
    registration = models.OneToOneField(
        "casework.Registration", on_delete=models.PROTECT, null=True, blank=True, related_name="signal",
        verbose_name=_("aanmelding"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("afgehandeld door"),
    )
    handled_at = models.DateTimeField(_("afgehandeld op"), null=True, blank=True)

    # Set when its personal data and free text were destroyed (retention): kept as a tombstone for the counts.
    destroyed_on = models.DateField(_("vernietigd op"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=True) | Q(system__isnull=True), name="signal_at_most_one_subject"
            ),
            # The outcome "aanmelding" names the registration it led to (interchange: case_ref required).
            models.CheckConstraint(
                condition=~Q(outcome="aanmelding") | Q(registration__isnull=False),
                name="signal_aanmelding_has_registration",
            ),
        ]
        indexes = [models.Index(fields=["approach", "date"]), models.Index(fields=["follow_up_on"])]
        verbose_name = _("melding of adviesgesprek")
        verbose_name_plural = _("meldingen en adviesgesprekken")

    def __str__(self) -> str:
        return self.ref

    @property
    def subject(self):
        return self.person or self.system

    @property
    def is_anonymous(self) -> bool:
        return self.person_id is None and self.system_id is None
