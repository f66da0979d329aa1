"""Case meetings (casusoverleggen): a table meets, its agenda lists cases, each discussed case gets a record.

- `Meeting`: one sitting of a table on a date (optionally a time and a place).
- `AgendaItem`: a case on a meeting's agenda, in order. A case is on one meeting's agenda once. Before the
  meeting the procesregisseur prepares the discussion in `prepared_notes` (a draft, seen only by who directs the
  meeting); on or after the meeting date the discussion is confirmed, starting from that draft.
- `Discussion`: the record that a case was discussed at a meeting, with who was at the table. The annual
  report counts these rows (and their client/expert flags). `version` guards the record against lost
  updates: 0 means "never edited in the application" (imported, or created by a decision).
- `Decision`: what the table decided about an agenda item, who follows it up (an organisation, optionally a named
  person of it) and by when; it may have become an agreed intervention (which then carries the same owner, date
  and, where it serves one, a goal). Rows from before owners were recorded may lack them.

Who may read and write what is decided in `meetings.selectors` (on top of `access.rules`) and the services.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Meeting(models.Model):
    ref = models.CharField(_("referentie"), max_length=100, unique=True)
    table = models.ForeignKey(
        "reference.Table", on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    date = models.DateField(_("datum"))
    starts_at = models.TimeField(_("aanvang"), null=True, blank=True)
    location = models.CharField(_("locatie"), max_length=200, blank=True)

    class Meta:
        ordering = ["-date", "id"]
        indexes = [models.Index(fields=["table", "date"])]
        verbose_name = _("casusoverleg")
        verbose_name_plural = _("casusoverleggen")

    def __str__(self) -> str:
        return self.ref


class AgendaItem(models.Model):
    """A case on the agenda of a meeting. `position` orders the agenda (1, 2, 3, ...)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(_("volgorde"))
    prepared_notes = models.TextField(_("voorbereiding"), blank=True)
    # Organisations invited for this case's discussion only: an incidental WGS participant sees the case through
    # this meeting (and its participation's `until`), nothing else (access.shielding).
    guests = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="+", verbose_name=_("uitgenodigde organisaties")
    )

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["meeting", "case"], name="agenda_item_case_once")]
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")

    def __str__(self) -> str:
        return f"{self.meeting.ref} #{self.position}"


class Discussion(models.Model):
    """One case discussed at one meeting, with who was at the table."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="discussions")
    case = models.ForeignKey("casework.Case", on_delete=models.CASCADE, related_name="discussions")
    date = models.DateField(_("datum"))
    client_present = models.BooleanField(_("cliënt aan tafel"), default=False)
    expert_present = models.BooleanField(_("ervaringsdeskundige aanwezig"), default=False)
    notes = models.TextField(_("notities"), blank=True)
    # "Alleen publieke partners": the notes are not shown to private or incidental WGS participants.
    public_only = models.BooleanField(_("alleen publieke partners"), default=False)
    organisations_present = models.ManyToManyField(
        "accounts.Organisation", blank=True, related_name="+", verbose_name=_("aanwezige organisaties")
    )
    version = models.PositiveIntegerField(_("versie"), default=0)

    class Meta:
        ordering = ["date", "id"]
        indexes = [models.Index(fields=["case", "date"]), models.Index(fields=["meeting", "case"])]
        verbose_name = _("bespreking")
        verbose_name_plural = _("besprekingen")

    def __str__(self) -> str:
        return f"bespreking van casus {self.case_id} op {self.date:%Y-%m-%d}"


class Decision(models.Model):
    """A decision about an agenda item. When it agreed an intervention, `case_intervention` is that intervention."""

    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("besluit"))
    # "Alleen publieke partners": not shown to private or incidental WGS participants.
    public_only = models.BooleanField(_("alleen publieke partners"), default=False)
    case_intervention = models.OneToOneField(
        "plans.CaseIntervention", on_delete=models.SET_NULL, null=True, blank=True, related_name="decision",
        verbose_name=_("afgesproken interventie"),
    )
    owner = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("eigenaar"),
    )
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("contactpersoon"),
    )
    due_date = models.DateField(_("uiterlijk"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")

    def __str__(self) -> str:  # not the text: it may hold personal data
        return f"besluit {self.pk} bij agendapunt {self.agenda_item_id}"
