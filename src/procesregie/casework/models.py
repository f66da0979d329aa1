"""Registrations (aanmeldingen) and the cases in regie that follow them.

A registration is triaged once: accepted (a case starts) or declined. A case is closed with a reason; a
transfer closes it with `overdracht_intern` and opens its continuation in another approach. Within a period
after closing a case can be reopened (`Reopening`, docs/decisions/0010); after it, a new registration of the
same subject links to the previous case. The allowed transitions are in `casework.lifecycle`.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("wacht op triage")
    ACCEPTED = "accepted", _("geaccepteerd")
    DECLINED = "declined", _("afgewezen")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("normaal")
    URGENT = "urgent", _("spoed")


class Registration(models.Model):
    """An aanmelding of a person or system for an approach, by a registering (meldende) organisation."""

    ref = models.CharField(_("referentie"), max_length=100, unique=True)
    person = models.ForeignKey(
        "subjects.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="registrations"
    )
    system = models.ForeignKey(
        "subjects.System", on_delete=models.PROTECT, null=True, blank=True, related_name="registrations"
    )
    approach = models.ForeignKey("reference.Approach", on_delete=models.PROTECT, related_name="registrations")
    municipality = models.ForeignKey("reference.Municipality", on_delete=models.PROTECT, related_name="+")
    reported_by = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="registrations",
        verbose_name=_("meldende organisatie"),
    )
    registered_on = models.DateField(_("datum aanmelding"))
    reason = models.TextField(_("reden van aanmelding"), blank=True)
    # The subject's name as the registering partner typed it. Their own pages show this, never the stored name of a
    # person they attached to without seeing the case: a known BSN must not reveal the name behind it.
    reported_name = models.CharField(_("naam zoals aangemeld"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING
    )
    triage_on = models.DateField(_("datum triagebesluit"), null=True, blank=True)
    triage_note = models.TextField(_("toelichting of advies"), blank=True)
    # The four national triage criteria, as weighed at triage (all False until then).
    criterion_multi_problem = models.BooleanField(
        _("problemen op meer dan één leefgebied"), default=False,
        help_text=_("Multiproblematiek op meer dan één leefgebied"),
    )
    criterion_multiple_chains = models.BooleanField(
        _("meer dan één keten nodig"), default=False,
        help_text=_("Meer dan één keten nodig (ten minste drang en dwang)"),
    )
    criterion_social_impact = models.BooleanField(
        _("impact op huishouden of sociale omgeving"), default=False,
        help_text=_("Impact op het huishouden of de sociale omgeving"),
    )
    criterion_local_safety = models.BooleanField(
        _("ernstige lokale veiligheidsproblemen"), default=False,
        help_text=_("Ernstige lokale veiligheidsproblemen"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    urgency = models.CharField(_("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    # Who of the registering organisation the procesregisseur can call about this registration.
    contact_name = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    # A system's members as the registering partner typed them ({"name", "role"} each), for their own confirmation
    # page: like `reported_name`, never the stored names of known persons they were attached to.
    reported_members = models.JSONField(_("leden zoals aangemeld"), default=list, blank=True)
    # The subject's latest case, when it was closed before this registration (a new trajectory, not a reopening).
    previous_case = models.ForeignKey(
        "Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="later_registrations",
        verbose_name=_("vorige casus"),
    )

    # Set when the subject's data was destroyed (retention, docs/decisions/0017): the row is a tombstone then, kept
    # without personal data or free text for the annual report's counts, and no page shows it.
    destroyed_on = models.DateField(_("vernietigd op"), null=True, blank=True)

    class Meta:
        ordering = ["-registered_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False, system__isnull=True) | Q(person__isnull=True, system__isnull=False)),
                name="registration_one_subject",
            ),
            # Historic datasets may lack the decision date; an undecided registration never has one.
            models.CheckConstraint(
                condition=~Q(status=RegistrationStatus.PENDING) | Q(triage_on__isnull=True),
                name="registration_pending_has_no_triage_date",
            ),
        ]
        indexes = [models.Index(fields=["approach", "status"])]
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")

    CRITERIA = ("criterion_multi_problem", "criterion_multiple_chains", "criterion_social_impact", "criterion_local_safety")

    def __str__(self) -> str:
        return self.ref

    @property
    def subject(self):
        return self.person or self.system

    def criteria_met(self) -> list[str]:
        """The verbose names of the triage criteria that were ticked."""
        return [str(self._meta.get_field(name).verbose_name) for name in self.CRITERIA if getattr(self, name)]


class CaseStatus(models.TextChoices):
    IN_REGIE = "in_regie", _("in regie")
    CLOSED = "closed", _("afgesloten")


class Case(models.Model):
    """A trajectory in regie: from the start date until it is closed or scaled down."""

    registration = models.OneToOneField(Registration, on_delete=models.PROTECT, related_name="case")
    status = models.CharField(_("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.IN_REGIE)
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    end_reason = models.ForeignKey(
        "reference.ClosingReason", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("reden van afsluiten"),
    )
    transferred_from = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="continuation",
        verbose_name=_("voortzetting van"),
    )
    table = models.ForeignKey(
        "reference.Table", on_delete=models.PROTECT, null=True, blank=True, related_name="cases",
        verbose_name=_("overlegtafel"),
    )
    procesregisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="directed_cases",
        verbose_name=_("procesregisseur"),
    )
    case_holder = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="held_cases",
        verbose_name=_("casushouder"),
    )
    participants = models.ManyToManyField(
        "accounts.Organisation", through="Participation", related_name="cases", verbose_name=_("deelnemers")
    )
    # Raised by every service that changes the case or its participants; forms carry it to detect stale edits.
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    class Meta:
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=CaseStatus.IN_REGIE, end_date__isnull=True, end_reason__isnull=True)
                | Q(status=CaseStatus.CLOSED, end_date__isnull=False, end_reason__isnull=False),
                name="case_closed_iff_end",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="case_end_not_before_start",
            ),
        ]
        indexes = [models.Index(fields=["start_date"]), models.Index(fields=["end_date"])]
        verbose_name = _("casus")
        verbose_name_plural = _("casussen")

    def __str__(self) -> str:
        return self.registration.ref


# The one definition of a participation that counts (`Participation.objects.active()`), beside the model.
from .participations import ParticipationQuerySet  # noqa: E402


class Participation(models.Model):
    """An organisation taking part in a case. Removal ends the participation; the row stays as history."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="participations")
    added_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    # The days the participation runs, as a dataset (interchange v2 `case_participants.csv`) or the service states
    # them; `until` may lie ahead (an agreed end). Empty `since`: from before the dates were kept.
    since = models.DateField(_("deelnemer sinds"), null=True, blank=True)
    until = models.DateField(_("deelnemer tot"), null=True, blank=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation"], condition=Q(removed_at__isnull=True), name="participation_active_unique"
            ),
        ]
        verbose_name = _("deelname")
        verbose_name_plural = _("deelnames")

    def __str__(self) -> str:  # ids only: no personal data in logs and admin lists
        return f"organisatie {self.organisation_id} in casus {self.case_id}"


class RegisseurChange(models.Model):
    """The procesregisseur of a case changed from `previous` to `procesregisseur` (shown on the timeline)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="regisseur_changes")
    previous = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("vorige procesregisseur"),
    )
    procesregisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("procesregisseur"),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]
        verbose_name = _("wisseling van procesregisseur")
        verbose_name_plural = _("wisselingen van procesregisseur")

    def __str__(self) -> str:  # ids only
        return f"procesregisseur van casus {self.case_id}"


class Reopening(models.Model):
    """A closed case taken back in regie: what its end was, and why it continues (docs/decisions/0010)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reopenings")
    closed_on = models.DateField(_("was afgesloten op"))
    end_reason = models.ForeignKey(
        "reference.ClosingReason", on_delete=models.PROTECT, related_name="+", verbose_name=_("reden van afsluiten"),
    )
    reason = models.TextField(_("reden van heropenen"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reopened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["reopened_at", "id"]
        verbose_name = _("heropening")
        verbose_name_plural = _("heropeningen")

    def __str__(self) -> str:  # ids only
        return f"heropening van casus {self.case_id}"
