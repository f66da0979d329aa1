"""Retention under the WGS: how long data is kept, who extended it and why, and what was destroyed.

- `RetentionRule`: per phase (and optionally per approach) a period in months and the date it counts from. A
  rule without an approach is the house's default for its phase; an approach's own rule overrides it. The
  defaults are in `retention.defaults` and documented in docs/retention.md. Every change is a `RetentionRuleChange`.
- `RetentionExtension`: one subject kept longer, until a date, with a reason (repeated extensions are flagged).
- `DestructionList` and `DestructionItem`: what `retention propose` found past its date on `as_of`, how the
  privacy officer decided on each item (approve, or exclude with a reason) and what `retention destroy` did. A
  list holds no personal data once its items are destroyed: the subject links are cleared, what remains is the
  kind of data, how many, under which policy and approved by whom.

The subject's data itself is erased in place (docs/decisions/0017): what remains of a case is its tombstone, the
rows the annual report's definitions count, without personal data or free text.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    DECLINED_REGISTRATION = "declined_registration", _("afgewezen aanmelding")
    SIGNAL = "signal", _("melding zonder aanmelding")
    CLOSED_CASE = "closed_case", _("afgesloten casus")
    ACCESS_LOG = "access_log", _("toegangslog")


class CountsFrom(models.TextChoices):
    REGISTERED_ON = "registered_on", _("datum aanmelding")
    TRIAGE_ON = "triage_on", _("datum triagebesluit")
    SIGNAL_DATE = "signal_date", _("datum melding")
    END_DATE = "end_date", _("einddatum casus")
    LOGGED_AT = "logged_at", _("datum van de logregel")


class RetentionRule(models.Model):
    approach = models.ForeignKey(
        "reference.Approach", on_delete=models.CASCADE, null=True, blank=True, related_name="retention_rules",
        verbose_name=_("aanpak"),
    )
    phase = models.CharField(_("fase"), max_length=30, choices=Phase.choices)
    months = models.PositiveIntegerField(_("bewaartermijn (maanden)"))
    counts_from = models.CharField(_("telt vanaf"), max_length=20, choices=CountsFrom.choices)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        ordering = ["phase", "approach__code"]
        constraints = [
            models.UniqueConstraint(fields=["approach", "phase"], name="retention_rule_once_per_approach"),
            models.UniqueConstraint(fields=["phase"], condition=Q(approach__isnull=True),
                                    name="retention_rule_one_default"),
            models.CheckConstraint(condition=Q(months__gte=1, months__lte=1200), name="retention_rule_months_range"),
        ]
        verbose_name = _("bewaarregel")
        verbose_name_plural = _("bewaarregels")

    def __str__(self) -> str:  # no personal data
        return f"{self.phase} {self.approach_id or '*'}: {self.months}"


class RetentionRuleChange(models.Model):
    """One edit of the policy: before and after, by whom, why. `approach_code` is empty for the house default."""

    phase = models.CharField(_("fase"), max_length=30, choices=Phase.choices)
    approach_code = models.CharField(_("aanpak"), max_length=64, blank=True)
    old_months = models.PositiveIntegerField(_("was (maanden)"), null=True, blank=True)
    new_months = models.PositiveIntegerField(_("wordt (maanden)"), null=True, blank=True)
    old_counts_from = models.CharField(_("telde vanaf"), max_length=20, choices=CountsFrom.choices, blank=True)
    new_counts_from = models.CharField(_("telt vanaf"), max_length=20, choices=CountsFrom.choices, blank=True)
    reason = models.TextField(_("reden"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("gewijzigd op"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("wijziging van het bewaarbeleid")
        verbose_name_plural = _("wijzigingen van het bewaarbeleid")

    def __str__(self) -> str:
        return f"{self.phase} {self.approach_code or '*'} {self.changed_at:%Y-%m-%d}"


class RetentionExtension(models.Model):
    """A subject kept until `until` (later than the policy says), with a reason."""

    person = models.ForeignKey(
        "subjects.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="retention_extensions"
    )
    system = models.ForeignKey(
        "subjects.System", on_delete=models.CASCADE, null=True, blank=True, related_name="retention_extensions"
    )
    until = models.DateField(_("bewaren tot"))
    reason = models.TextField(_("reden"))
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("verlengd door"),
    )
    extended_at = models.DateTimeField(_("verlengd op"), auto_now_add=True)

    class Meta:
        ordering = ["extended_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False, system__isnull=True) | Q(person__isnull=True, system__isnull=False)),
                name="retention_extension_one_subject",
            ),
        ]
        verbose_name = _("verlenging van de bewaartermijn")
        verbose_name_plural = _("verlengingen van de bewaartermijn")

    def __str__(self) -> str:  # ids only
        return f"verlenging tot {self.until:%Y-%m-%d}"


class DestructionList(models.Model):
    """A destruction list: what was past its date on `as_of`. Open until every item is decided and carried out."""

    as_of = models.DateField(_("peildatum"))
    created_at = models.DateTimeField(_("opgesteld op"), auto_now_add=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The policy as it was when the list was proposed: [{"phase", "approach", "months", "counts_from"}, ...].
    policy = models.JSONField(_("bewaarbeleid"), default=list)
    closed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("vernietigingslijst")
        verbose_name_plural = _("vernietigingslijsten")

    def __str__(self) -> str:
        return f"vernietigingslijst {self.pk} ({self.as_of:%Y-%m-%d})"


class ItemKind(models.TextChoices):
    PERSON = "person", _("persoon")
    SYSTEM = "system", _("systeem")
    SIGNAL = "signal", _("anonieme melding")
    ACCESS_LOG = "access_log", _("toegangslog")


class Decision(models.TextChoices):
    PENDING = "pending", _("te beoordelen")
    APPROVED = "approved", _("goedgekeurd")
    EXCLUDED = "excluded", _("uitgezonderd")


class Result(models.TextChoices):
    NONE = "", _("nog niet uitgevoerd")
    DESTROYED = "destroyed", _("vernietigd")
    # No longer past its date when destroy came (new registration, extension): nothing was destroyed.
    LAPSED = "lapsed", _("vervallen")


class DestructionItem(models.Model):
    """One subject (with everything about it), one anonymous signal, or the access log before a date."""

    destruction_list = models.ForeignKey(DestructionList, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("soort"), max_length=20, choices=ItemKind.choices)
    # The object, until it is destroyed (then cleared: the record keeps no link to whom it was about).
    person = models.ForeignKey("subjects.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    system = models.ForeignKey("subjects.System", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    signal = models.ForeignKey("signals.Signal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    log_before = models.DateField(_("logregels van voor"), null=True, blank=True)
    # Why it is on the list: the date it passed, the phase and the approach whose rule set that date.
    due_on = models.DateField(_("bewaren tot"))
    phase = models.CharField(_("fase"), max_length=30, choices=Phase.choices)
    approach_code = models.CharField(_("aanpak"), max_length=64, blank=True)
    decision = models.CharField(_("besluit"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    decision_reason = models.TextField(_("reden"), blank=True)
    result = models.CharField(_("resultaat"), max_length=10, choices=Result.choices, blank=True, default="")
    carried_out_at = models.DateTimeField(_("uitgevoerd op"), null=True, blank=True)
    # What was destroyed, counted per kind of data ({"registrations": 2, "measurements": 14, ...}), and the rules
    # that applied ([{"phase", "approach", "months", "counts_from"}]): no personal data.
    summary = models.JSONField(_("vernietigd"), default=dict, blank=True)
    policy = models.JSONField(_("toegepast beleid"), default=list, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["destruction_list", "decision"])]
        verbose_name = _("item op de vernietigingslijst")
        verbose_name_plural = _("items op de vernietigingslijst")

    def __str__(self) -> str:  # no personal data
        return f"{self.kind} {self.pk} ({self.decision})"
