"""Reference data: what a functional administrator maintains, never code constants."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class District(models.Model):
    name = models.CharField(_("naam"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("district")
        verbose_name_plural = _("districten")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(_("CBS-code"), max_length=10, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="municipalities")

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name


class Unit(models.TextChoices):
    PERSON = "person", _("persoon")
    SYSTEM = "system", _("systeem")


class DurationScheme(models.TextChoices):
    YEARS = "years", _("jaren")
    MONTHS = "months", _("maanden")


class Approach(models.Model):
    """An approach (aanpak) with its own criteria, tables and unit. A parent rolls up its children."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    unit = models.CharField(_("eenheid"), max_length=10, choices=Unit.choices)
    duration_scheme = models.CharField(
        _("looptijdindeling"), max_length=10, choices=DurationScheme.choices, default=DurationScheme.YEARS
    )
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("bovenliggende aanpak")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("aanpak")
        verbose_name_plural = _("aanpakken")

    def __str__(self) -> str:
        return self.name


class LifeDomain(models.Model):
    """A life domain (leefgebied) measured on the five-level scale."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    position = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("leefgebied")
        verbose_name_plural = _("leefgebieden")

    def __str__(self) -> str:
        return self.name


class Intervention(models.Model):
    """An entry in the intervention catalogue."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("naam"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("interventie")
        verbose_name_plural = _("interventies")

    def __str__(self) -> str:
        return self.name


class ClosingReason(models.Model):
    """Why a case was closed or scaled down. `overdracht_intern` continues the case in another approach."""

    INTERNAL_TRANSFER = "overdracht_intern"

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    position = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("reden van afsluiten")
        verbose_name_plural = _("redenen van afsluiten")

    def __str__(self) -> str:
        return self.name

    @property
    def is_internal_transfer(self) -> bool:
        return self.code == self.INTERNAL_TRANSFER


class Table(models.Model):
    """A case-meeting table (overlegtafel) of an approach, with its cadence and member organisations.

    Who sits at it: `members` (organisations), `procesregisseurs` (the regisseurs who staff it: they direct its
    cases) and `named_members` (the other people a member organisation names for it, e.g. its usual police
    officer; interchange `table_members.csv` with a `username` of someone who is not a procesregisseur).
    """

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    approach = models.ForeignKey(Approach, on_delete=models.PROTECT, related_name="tables", verbose_name=_("aanpak"))
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="tables", verbose_name=_("district")
    )
    cadence = models.CharField(_("frequentie"), max_length=100, blank=True)
    members = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="tables", verbose_name=_("deelnemende organisaties")
    )
    procesregisseurs = models.ManyToManyField(
        "accounts.User", blank=True, related_name="tables", verbose_name=_("procesregisseurs aan deze tafel")
    )
    named_members = models.ManyToManyField(
        "accounts.User", blank=True, related_name="named_at_tables", verbose_name=_("vaste tafeldeelnemers")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("overlegtafel")
        verbose_name_plural = _("overlegtafels")

    def __str__(self) -> str:
        return self.name
