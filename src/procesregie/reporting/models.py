"""A report file built in the background (docs/decisions/0007): its figures, its progress and, when done, its bytes.

The reporting app never writes domain data; these rows are its own working state, aggregates only (no personal
data), and short-lived (`builds.KEEP`). The bytes live in the database so that any app server can hand out a
file another one built.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportBuild(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    class Stage(models.TextChoices):
        WAITING = "waiting", _("Wacht op een start")
        CONTENT = "content", _("Tabellen en grafieken maken")
        LAYOUT = "layout", _("De pagina's opmaken")
        WRITING = "writing", _("Het bestand schrijven")
        FINISHED = "finished", _("Klaar")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    fingerprint = models.CharField(max_length=64, help_text="sha256 of the figures, names and options rendered")
    file_format = models.CharField(max_length=8)
    year = models.PositiveIntegerField()
    suppress_below = models.PositiveSmallIntegerField(null=True, blank=True)
    language = models.CharField(max_length=8)
    figures = models.JSONField(help_text="report, comparison and labels: exactly what the file shows")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=8, choices=Stage.choices, default=Stage.WAITING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    requested_at = models.DateTimeField()
    heartbeat_at = models.DateTimeField(help_text="last sign of life of the builder; a silent build is stale")
    finished_at = models.DateTimeField(null=True, blank=True)
    content = models.BinaryField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="for the engineer's log; users get a plain message")

    class Meta:
        indexes = [models.Index(fields=["fingerprint", "status"], name="reporting_build_fingerprint")]

    def __str__(self) -> str:
        return f"{self.file_format} {self.year} ({self.status})"


class ReportSnapshot(models.Model):
    """A report's figures as they were before a destruction (docs/decisions/0017): the exact JSON document, so that a
    figure that needs destroyed details (the outcomes report) can still be read, and the annual report of a year
    can be shown to have stayed what it was. Aggregates only, no personal data; kept (not short-lived).

    `kind` names an entry of `reporting.snapshots.REGISTRY` (`annual`, ...), `parameters` its arguments
    (`{"year": 2024}`). The same document is stored once (`sha256`): a later destruction that leaves it unchanged
    adds no row, so `destruction_list` is the first list it was taken for.
    """

    kind = models.CharField(_("soort rapport"), max_length=40)
    parameters = models.JSONField(_("parameters"), default=dict)
    document = models.TextField(_("inhoud (JSON)"), help_text="the exact bytes of the JSON rendering, UTF-8")
    sha256 = models.CharField(max_length=64)
    taken_at = models.DateTimeField(_("vastgelegd op"))
    destruction_list = models.ForeignKey(
        "retention.DestructionList", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("vernietigingslijst"),
    )

    class Meta:
        ordering = ["kind", "-taken_at", "-id"]
        indexes = [models.Index(fields=["kind", "sha256"], name="reporting_snapshot_document")]
        verbose_name = _("momentopname van een rapport")
        verbose_name_plural = _("momentopnamen van rapporten")

    def __str__(self) -> str:
        return f"{self.kind} {self.parameters} ({self.taken_at:%Y-%m-%d})"
