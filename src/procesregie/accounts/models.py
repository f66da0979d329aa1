"""Organisations (partners in the house) and the people who log in on their behalf."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import roles as role_names


class OrganisationKind(models.TextChoices):
    GEMEENTE = "gemeente", _("gemeente")
    POLITIE = "politie", _("politie")
    OM = "om", _("Openbaar Ministerie")
    RECLASSERING = "reclassering", _("reclassering")
    RVDK = "rvdk", _("Raad voor de Kinderbescherming")
    JEUGDBESCHERMING = "jeugdbescherming", _("jeugdbescherming")
    GGZ = "ggz", _("ggz")
    ZORG = "zorg", _("zorg")
    WONEN = "wonen", _("wonen")
    ZVH = "zvh", _("Zorg- en Veiligheidshuis")
    OVERIG = "overig", _("overig")


class WgsParticipant(models.TextChoices):
    """Participant type under the WGS (Wet gegevensverwerking door samenwerkingsverbanden)."""

    PUBLIEK = "publiek", _("publiekrechtelijk")
    PRIVAAT = "privaat", _("privaatrechtelijk")
    INCIDENTEEL = "incidenteel", _("incidenteel")


# When a dataset does not say, the usual WGS participant type of an organisation kind.
DEFAULT_WGS_PARTICIPANT = {
    OrganisationKind.GGZ: WgsParticipant.PRIVAAT,
    OrganisationKind.ZORG: WgsParticipant.PRIVAAT,
    OrganisationKind.WONEN: WgsParticipant.PRIVAAT,
    OrganisationKind.JEUGDBESCHERMING: WgsParticipant.PRIVAAT,
    OrganisationKind.OVERIG: WgsParticipant.INCIDENTEEL,
}


class Organisation(models.Model):
    """A partner organisation (covenant partner) or the house itself."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=OrganisationKind.choices)
    wgs_participant = models.CharField(
        _("WGS-deelnemer"), max_length=12, choices=WgsParticipant.choices, default=WgsParticipant.PUBLIEK
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name



class User(AbstractUser):
    """A person who logs in. Belongs to exactly one organisation (none only for the installation's superuser)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("organisatie")
    )

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    def role_set(self) -> frozenset[str]:
        """The user's roles, read once per request object."""
        if not hasattr(self, "_role_set"):
            self._role_set = frozenset(self.roles.values_list("role", flat=True)) if self.pk else frozenset()
        return self._role_set

    def has_role(self, role: str) -> bool:
        return role in self.role_set()


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("rol"), max_length=20, choices=role_names.Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="role_assignment_unique")]
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")

    def __str__(self) -> str:
        return self.get_role_display()


class Invitation(models.Model):
    """A one-time, expiring link that activates an inactive account: set a password, enrol the authenticator app.

    Only the SHA-256 hash of the link's token is stored (`accounts.invitation_tokens`); the token itself exists only in
    the e-mail. An invitation is *open* while it is neither used, revoked nor expired; sending a new one revokes
    the open ones of that account, so at most one link works at a time.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("account"))
    token_hash = models.CharField(_("hash van het token"), max_length=64, unique=True)
    email = models.EmailField(_("e-mailadres"))
    sent_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("verstuurd door")
    )
    sent_at = models.DateTimeField(_("verstuurd op"))
    expires_at = models.DateTimeField(_("geldig tot"))
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(expires_at__gt=models.F("sent_at")), name="invitation_expires_after_sending"),
            models.CheckConstraint(
                condition=Q(used_at__isnull=True) | Q(revoked_at__isnull=True), name="invitation_used_or_revoked"
            ),
        ]
        indexes = [models.Index(fields=["user", "expires_at"], name="invitation_user_expiry")]
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")

    def __str__(self) -> str:
        return f"{self.user} ({self.sent_at:%Y-%m-%d})"


class ApiScope(models.TextChoices):
    """What an API client may do (docs/decisions/0024); `access.api` decides with them."""

    REGISTRATIONS_WRITE = "registrations:write", _("aanmeldingen doen")
    REGISTRATIONS_READ = "registrations:read", _("status van eigen aanmeldingen lezen")
    HITNOHIT = "hitnohit", _("hit/no-hit-bevraging")
    REPORTS_READ = "reports:read", _("cijfers lezen (jaarverslag en resultaten)")


class ApiClient(models.Model):
    """A partner system that uses the API (a koppeling) on behalf of one organisation.

    It acts through its own service account (`user`: no password, no roles, never logs in), so that every service,
    selector and access-log entry treats it as any other actor: the log names the client (the account's username)
    and its organisation. It authenticates with OAuth2 client credentials (`application`, whose secret is stored
    hashed and shown once, `procesregie.api.clients`).
    """

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="api_client", verbose_name=_("account"))
    application = models.OneToOneField(
        "oauth2_provider.Application", on_delete=models.PROTECT, related_name="api_client"
    )
    name = models.CharField(_("naam"), max_length=200)
    scopes = models.JSONField(_("rechten"), default=list)
    rate_per_minute = models.PositiveIntegerField(_("verzoeken per minuut"), default=120)
    hitnohit_per_day = models.PositiveIntegerField(_("hit/no-hit-vragen per dag"), default=200)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("koppeling")
        verbose_name_plural = _("koppelingen")

    def __str__(self) -> str:
        return self.name

    @property
    def organisation(self) -> Organisation:
        return self.user.organisation

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
