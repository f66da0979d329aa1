"""The roles a user can hold. Only `accounts` (which assigns them) and `access` (which decides on them) import
this module: an import-linter contract in pyproject.toml keeps it so."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user may do. A user can hold several roles; the access rule (access/rules.py) reads them."""

    PROCESREGISSEUR = "procesregisseur", _("procesregisseur")
    KETENPARTNER = "ketenpartner", _("ketenpartner")
    MANAGER = "manager", _("manager")
    PRIVACY_OFFICER = "privacy_officer", _("privacy officer")
    FUNCTIONAL_ADMIN = "functional_admin", _("functioneel beheerder")
