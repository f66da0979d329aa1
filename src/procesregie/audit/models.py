"""The access log (NEN 7513 style): who did what to whose data, when, from where, why, with what outcome.

Entries are append-only: database triggers (migrations 0002 to 0004) refuse UPDATE and DELETE, and every
entry carries the hash of its predecessor in its chain (see `audit.chain` for the layout: a fixed number of
chains, so that concurrent requests need not wait for each other). Write entries only through `audit.services`.
The one exception is retention (`audit.pruning`, docs/decisions/0018): the oldest entries of a chain may be
removed up to and including the entry its `PruningAnchor` names, and that anchor only moves forward.
The actor is copied into the entry (id, username, organisation, roles) so the entry outlives the account.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .chain import CHAIN_COUNT, GENESIS_HASH


class Action(models.TextChoices):
    CREATE = "create", _("aanmaken")
    READ = "read", _("inzien")
    UPDATE = "update", _("wijzigen")
    DELETE = "delete", _("verwijderen")
    EXPORT = "export", _("exporteren")
    LOGIN = "login", _("inloggen")
    LOGOUT = "logout", _("uitloggen")


class Outcome(models.TextChoices):
    GRANTED = "granted", _("toegestaan")
    DENIED = "denied", _("geweigerd")


class AccessLogEntry(models.Model):
    """One access to (personal) data. One entry per data subject: a list of 20 people is 20 entries.

    `sequence` numbers entries across all chains (unique, increasing, not contiguous); `chain` and `position`
    (contiguous from 1 within the chain) say where the entry sits in the hash chains.
    """

    sequence = models.PositiveBigIntegerField(_("volgnummer"), primary_key=True)
    chain = models.PositiveSmallIntegerField(_("keten"))
    position = models.PositiveBigIntegerField(_("plaats in de keten"))
    occurred_at = models.DateTimeField(_("tijdstip"))
    actor_id = models.BigIntegerField(_("gebruiker-id"), null=True, blank=True)  # no FK: outlives the user
    actor_username = models.CharField(_("gebruikersnaam"), max_length=150)
    actor_organisation = models.CharField(_("organisatie"), max_length=64, blank=True)
    actor_roles = models.CharField(_("rollen"), max_length=200, blank=True)  # sorted, comma-separated
    action = models.CharField(_("handeling"), max_length=10, choices=Action.choices)
    object_type = models.CharField(_("soort object"), max_length=100, blank=True)  # app_label.model
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    subject_key = models.UUIDField(_("betrokkene (pseudoniem)"), null=True, blank=True)
    purpose_case_id = models.BigIntegerField(_("casus (doel)"), null=True, blank=True)
    purpose_approach = models.CharField(_("aanpak (doel)"), max_length=64, blank=True)
    ip = models.CharField(_("IP-adres"), max_length=45, blank=True)
    request_id = models.CharField(_("verzoek-id"), max_length=36, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=Outcome.choices)
    prev_hash = models.CharField(_("vorige hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        ordering = ["sequence"]
        constraints = [
            models.CheckConstraint(condition=Q(sequence__gte=1), name="access_log_sequence_from_one"),
            models.CheckConstraint(condition=Q(chain__gte=1, chain__lte=CHAIN_COUNT), name="access_log_fixed_chains"),
            models.CheckConstraint(condition=Q(position__gte=1), name="access_log_position_from_one"),
            models.UniqueConstraint(fields=["chain", "position"], name="access_log_chain_position"),
        ]
        indexes = [
            models.Index(fields=["subject_key", "occurred_at"], name="access_log_subject"),
            models.Index(fields=["actor_id", "occurred_at"], name="access_log_actor"),
            models.Index(fields=["occurred_at"], name="access_log_time"),
        ]
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslogboek")

    def __str__(self) -> str:
        return f"#{self.sequence} {self.actor_username} {self.action} {self.object_type}"


class ChainHead(models.Model):
    """The tip of one chain (`id` = the chain's number): its last entry's position, sequence number and hash.

    One row per chain, updated with every append to that chain. An appender locks one head (SELECT ... FOR
    UPDATE SKIP LOCKED on PostgreSQL: one that no other transaction holds), so appends to different chains
    run side by side. The head shows whether entries at the end of its chain were removed. Triggers let it
    move forward only, to an entry of its own chain that exists, and refuse its deletion.
    """

    id = models.PositiveSmallIntegerField(primary_key=True)
    last_position = models.PositiveBigIntegerField(default=0)
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id__gte=1, id__lte=CHAIN_COUNT), name="chain_head_fixed_chains"),
        ]
        verbose_name = _("kop van een keten")

    def __str__(self) -> str:
        return f"{self.id}: {self.last_sequence}:{self.last_hash}"


class PruningAnchor(models.Model):
    """Where one chain (`id` = the chain's number) was pruned: its last *removed* entry (position, sequence number,
    hash, and when that entry was written), and the pruning that moved it there (`before`, `pruned_at`).

    The chain now begins at `position + 1`, whose `prev_hash` is this `hash`; `audit verify` continues from here.
    Position 0 (with the genesis hash) means nothing was pruned. Triggers (migration 0004) let the anchor move
    forward only, to an entry of its own chain that exists when it moves, refuse its deletion, and allow DELETE
    of entries only at or below the anchor of their chain.
    """

    id = models.PositiveSmallIntegerField(primary_key=True)
    position = models.PositiveBigIntegerField(default=0)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)
    occurred_at = models.DateTimeField(null=True, blank=True)  # when the last removed entry was written
    before = models.DateField(null=True, blank=True)  # the pruning removed the entries written before this day
    pruned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(id__gte=1, id__lte=CHAIN_COUNT), name="pruning_anchor_fixed_chains"),
        ]
        verbose_name = _("opschoonanker van een keten")

    def __str__(self) -> str:
        return f"{self.id}: {self.position} ({self.sequence}:{self.hash})"
