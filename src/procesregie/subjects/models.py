"""The people and households (systems) that cases are about."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Person(models.Model):
    """A person. `subject_key` is the pseudonymous id that the access log keeps after the data is gone."""

    ref = models.CharField(_("referentie"), max_length=100, unique=True)
    subject_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # NULL, not "", for "no BSN": the unique constraint below holds only for persons that have one.
    bsn = models.CharField(_("BSN"), max_length=9, null=True, blank=True)  # noqa: DJ001
    given_name = models.CharField(_("voornaam"), max_length=200, blank=True)
    family_name = models.CharField(_("achternaam"), max_length=200, blank=True)
    birth_date = models.DateField(_("geboortedatum"), null=True, blank=True)
    municipality = models.ForeignKey(
        "reference.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Set when the person's data was destroyed (retention): the row stays, without personal data, for the counts.
    destroyed_on = models.DateField(_("vernietigd op"), null=True, blank=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        constraints = [
            models.UniqueConstraint(fields=["bsn"], condition=Q(bsn__isnull=False), name="person_bsn_unique"),
        ]
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip() or self.ref


class System(models.Model):
    """A system: one or more households whose members are persons."""

    ref = models.CharField(_("referentie"), max_length=100, unique=True)
    subject_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("naam"), max_length=200)
    municipality = models.ForeignKey(
        "reference.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    members = models.ManyToManyField(Person, through="SystemMember", related_name="systems")
    # Set when the system's data was destroyed (retention), as `Person.destroyed_on`.
    destroyed_on = models.DateField(_("vernietigd op"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("systeem")
        verbose_name_plural = _("systemen")

    def __str__(self) -> str:
        return self.name


class SystemMember(models.Model):
    system = models.ForeignKey(System, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("rol"), max_length=100, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["system", "person"], name="system_member_unique")]

    def __str__(self) -> str:
        return f"persoon {self.person_id} in systeem {self.system_id}"


class PoliceKind(models.TextChoices):
    MISDRIJF = "misdrijf", _("misdrijf")
    OVERTREDING = "overtreding", _("overtreding")


class PoliceRegistration(models.Model):
    """A police registration of a person (for the recidivism measurement)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="police_registrations")
    date = models.DateField(_("datum"))
    kind = models.CharField(_("soort"), max_length=12, choices=PoliceKind.choices)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["person", "date"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.date:%Y-%m-%d}"


class RightsRequestKind(models.TextChoices):
    INZAGE = "inzage", _("inzage")
    CORRECTIE = "correctie", _("correctie")
    BEPERKING = "beperking", _("beperking van de verwerking")


class RightsRequest(models.Model):
    """A data subject's request under the AVG/WGS, as the privacy officer recorded it: an inzage answered, a
    correction made, or a restriction of processing (in force from `received_on` until `ended_on`). A correction
    or restriction is shown on the subject's cases."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="rights_requests")
    system = models.ForeignKey(System, on_delete=models.CASCADE, null=True, blank=True, related_name="rights_requests")
    kind = models.CharField(_("soort verzoek"), max_length=12, choices=RightsRequestKind.choices)
    received_on = models.DateField(_("ontvangen op"))
    description = models.TextField(_("toelichting"), blank=True)
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        ordering = ["received_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False, system__isnull=True) | Q(person__isnull=True, system__isnull=False)),
                name="rights_request_one_subject",
            ),
        ]
        verbose_name = _("verzoek van betrokkene")
        verbose_name_plural = _("verzoeken van betrokkenen")

    def __str__(self) -> str:  # ids only
        return f"{self.kind} {self.received_on:%Y-%m-%d}"
