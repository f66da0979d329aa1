"""Who a user is, as far as access goes: active, and in which roles. Every role question is asked here.

Apps never read roles themselves (an import-linter contract and `tests/access/test_one_place.py` hold them
to it); they ask the builders and capabilities of this package.
"""

from django.db.models import QuerySet

from procesregie.accounts.models import OrganisationKind, User
from procesregie.accounts.roles import Role


def role_names() -> dict[str, str]:
    """The name of each role as users read it (the Role choices' labels), by its code as the access log keeps it."""
    return {code: str(label) for code, label in Role.choices}


def is_active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_regisseur(user) -> bool:
    return is_active(user) and user.has_role(Role.PROCESREGISSEUR)


def is_partner(user) -> bool:
    """A ketenpartner acting for an organisation."""
    return is_active(user) and user.has_role(Role.KETENPARTNER) and bool(user.organisation_id)


def is_manager(user) -> bool:
    return is_active(user) and user.has_role(Role.MANAGER)


def is_house_manager(user) -> bool:
    """A manager of the house itself (an organisation of kind `zvh`): escalations go to them. A partner
    organisation's manager (e.g. of the police) is not one."""
    return is_manager(user) and user.organisation is not None and user.organisation.kind == OrganisationKind.ZVH


def is_privacy_officer(user) -> bool:
    return is_active(user) and user.has_role(Role.PRIVACY_OFFICER)


def is_functional_admin(user) -> bool:
    return is_active(user) and user.has_role(Role.FUNCTIONAL_ADMIN)


def partner_organisation_id(user) -> int | None:
    """The organisation a ketenpartner acts for, or None for anyone who is not one."""
    return user.organisation_id if is_partner(user) else None


def procesregisseurs_at(*, tables: QuerySet) -> QuerySet[User]:
    """The active procesregisseurs who work at one of `tables` (who may direct a case there)."""
    return (
        User.objects.filter(is_active=True, roles__role=Role.PROCESREGISSEUR, tables__in=tables)
        .distinct().order_by("first_name", "last_name", "username")
    )


def regisseur_accounts() -> QuerySet[User]:
    """Accounts that hold the procesregisseur role, active or not (an imported account waits for its invitation):
    who may be named as a case's procesregisseur in a dataset."""
    return User.objects.filter(roles__role=Role.PROCESREGISSEUR)
