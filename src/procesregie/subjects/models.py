"""The people and households (systems) that cases are about."""

import uuid

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
