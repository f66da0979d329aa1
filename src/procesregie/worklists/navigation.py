"""The main menu: what each user can open, decided from their roles through the access rule."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from procesregie.access.rules import can_see_aggregates, can_see_personal_data
from procesregie.accounts.models import Role

# (url name, label, who sees the item)
MENU = [
    ("worklists:home", _("Mijn werk"), lambda user: True),
    ("casework:case-list", _("Casussen"), can_see_personal_data),
    ("casework:registration-list", _("Aanmeldingen"), can_see_personal_data),
    ("casework:intake", _("Intake"), lambda user: user.has_role(Role.PROCESREGISSEUR)),
    ("meetings:table-list", _("Overleggen"), lambda user: True),
    ("reporting:annual-report", _("Jaarverslag"), can_see_aggregates),
    ("privacy:subject-search", _("Privacy"), lambda user: user.has_role(Role.PRIVACY_OFFICER)),
]


def main_menu(request) -> dict:
    """Context processor: `main_menu` = [(url, label, current)] for a fully logged-in user, else []."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_verified", lambda: False)():
        return {"main_menu": []}
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    section = match.namespace if match else ""
    items = []
    for name, label, visible in MENU:
        if visible(user):
            state = "page" if name == current else ("true" if name.split(":")[0] == section else "")
            items.append((reverse(name), label, state))
    return {"main_menu": items}
