"""The plan of action (plan van aanpak) of a case: goals per life domain and the interventions agreed for it.

`Plan` holds one row per case with a `version` that every change of the goals or interventions of that case
raises by one, in the same transaction (`plans.services`). An edit form carries the version it was opened
with; a save against another version is refused (`core.errors.Conflict`), so two people editing the same
plan never overwrite each other. A case without a `Plan` row is at version 0; the row appears with the
first change.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from procesregie.casework.lifecycle import accepting_changes, accepts_changes


class Plan(models.Model):
    """The version counter of a case's plan of action (optimistic concurrency)."""

    case = models.OneToOneField("casework.Case", on_delete=models.CASCADE, related_name="plan")
    version = models.PositiveIntegerField(_("versie"), default=0)
    changed_at = models.DateTimeField(_("laatst gewijzigd"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan van aanpak")
        verbose_name_plural = _("plannen van aanpak")

    def __str__(self) -> str:
        return f"{self.case} v{self.version}"


class GoalStatus(models.TextChoices):
    OPEN = "open", _("open")
    ACHIEVED = "achieved", _("behaald")
    DROPPED = "dropped", _("vervallen")


class Goal(models.Model):
    """A goal of the plan on one life domain. `position` keeps the order in which goals were set."""

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="goals")
    domain = models.ForeignKey(
        "reference.LifeDomain", on_delete=models.PROTECT, related_name="+", verbose_name=_("leefgebied")
    )
    description = models.TextField(_("doel"))
    status = models.CharField(_("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    position = models.PositiveIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["case", "position"])]
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")

    def __str__(self) -> str:
        return self.description


class InterventionStatus(models.TextChoices):
    AGREED = "agreed", _("afgesproken")
    RUNNING = "running", _("loopt")
    DONE = "done", _("afgerond")
    CANCELLED = "cancelled", _("geannuleerd")


OPEN_INTERVENTION_STATUSES = frozenset({InterventionStatus.AGREED, InterventionStatus.RUNNING})


class CaseInterventionQuerySet(models.QuerySet):
    def overdue(self, today):
        """Overdue work (`CaseIntervention.is_overdue` in a query): past its due date while still agreed or running,
        of a case that still takes changes. A closed case's open interventions were confirmed open at closing
        (`case_close`); nobody follows them up any more, so they are not overdue work (work list, reminders)."""
        return self.filter(accepting_changes("case"), due_date__lt=today, status__in=OPEN_INTERVENTION_STATUSES)


class CaseIntervention(models.Model):
    """An intervention from the catalogue agreed for a case, carried by a partner, optionally serving a goal."""

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="interventions")
    intervention = models.ForeignKey("reference.Intervention", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("verantwoordelijke partner")
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="interventions", verbose_name=_("doel")
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("contactpersoon"),
    )
    agreed_on = models.DateField(_("afgesproken op"))
    due_date = models.DateField(_("uiterlijk"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=InterventionStatus.choices, default=InterventionStatus.AGREED
    )
    note = models.TextField(_("toelichting"), blank=True)

    objects = CaseInterventionQuerySet.as_manager()

    class Meta:
        ordering = ["agreed_on", "id"]
        indexes = [models.Index(fields=["case", "agreed_on"])]
        verbose_name = _("afgesproken interventie")
        verbose_name_plural = _("afgesproken interventies")

    def __str__(self) -> str:
        return str(self.intervention)

    def is_overdue(self, today=None) -> bool:
        """Past its due date while still agreed or running, of a case that still takes changes (the one definition,
        `CaseInterventionQuerySet.overdue` is the same in a query)."""
        today = today or timezone.localdate()
        return bool(self.due_date and self.due_date < today and self.status in OPEN_INTERVENTION_STATUSES
                    and accepts_changes(self.case))


class CaseUpdate(models.Model):
    """A short update on a case by someone who takes part in it (a partner, or its procesregisseur).

    Plain text (sanitised by the service), on the case's timeline; seen by whoever sees the case.
    """

    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="updates")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("organisatie"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("auteur")
    )
    text = models.TextField(_("update"))
    created_at = models.DateTimeField(_("geplaatst op"), default=timezone.now)
    # "Alleen publieke partners": not shown to private or incidental WGS participants (access.shielding).
    public_only = models.BooleanField(_("alleen publieke partners"), default=False)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"])]
        verbose_name = _("update")
        verbose_name_plural = _("updates")

    def __str__(self) -> str:  # not the text: it may hold personal data
        return f"update {self.pk} bij casus {self.case_id}"
