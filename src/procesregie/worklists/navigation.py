"""The main menu: what each user can open, decided from their roles through the access rule."""

from django.utils.translation import gettext_lazy as _

from procesregie.access import capabilities
from procesregie.access.capabilities import may
from procesregie.core.paths import path_to

# (url name, label, the capability that shows the item; None: everyone logged in)
MENU = [
    ("worklists:home", _("Mijn werk"), None),
    ("reminders:list", _("Herinneringen"), capabilities.SEE_CASES),
    ("casework:case-list", _("Casussen"), capabilities.SEE_CASES),
    ("casework:registration-list", _("Aanmeldingen"), capabilities.SEE_CASES),
    ("casework:intake", _("Intake"), capabilities.TRIAGE_QUEUE),
    ("signals:list", _("Meldingen"), capabilities.SEE_SIGNALS),
    ("meetings:table-list", _("Overleggen"), None),
    ("reporting:annual-report", _("Jaarverslag"), capabilities.SEE_AGGREGATES),
    ("reporting:outcomes", _("Resultaten"), capabilities.SEE_AGGREGATES),
    ("escalations:list", _("Escalaties"), capabilities.HANDLE_ESCALATIONS),
    ("privacy:subject-search", _("Betrokkenen"), capabilities.REVIEW_ACCESS_LOG),  # inzage, correctie, beperking
    # the privacy officer's extended retentions (and from there the policy); the functional administrator's policy
    ("retention:extensions", _("Bewaartermijnen"), capabilities.REVIEW_DESTRUCTION),
    ("retention:policy", _("Bewaarbeleid"), capabilities.EDIT_RETENTION_POLICY),
    ("retention:destruction-lists", _("Vernietigingslijsten"), capabilities.REVIEW_DESTRUCTION),  # + items to review
    ("invitations:account-list", _("Accounts"), capabilities.ADMINISTER_ACCOUNTS),
    ("koppelingen:client-list", _("Koppelingen"), capabilities.ADMINISTER_API_CLIENTS),  # partner systems (API)
]


# Menu items that share their URL namespace with others: the URL name prefixes of the pages each one is marked
# current on (aria-current="true"). Every other item is current on every page of its namespace.
SECTIONS = {
    "reporting:annual-report": ("reporting:annual-report", "reporting:snapshot"),
    "reporting:outcomes": ("reporting:outcomes",),
    "retention:extensions": ("retention:extension", "retention:extend"),
    "retention:policy": ("retention:policy",),
    "retention:destruction-lists": ("retention:destruction",),
}


def _in_section(name: str, view_name: str, namespace: str) -> bool:
    if name in SECTIONS:
        return view_name.startswith(SECTIONS[name])
    return bool(namespace) and name.split(":")[0] == namespace


# Menu items with a count beside them, fetched by htmx after the page has loaded (so no page waits for it).
COUNTS = {"reminders:list": "reminders:count", "escalations:list": "escalations:count", "signals:list": "signals:count",
          "retention:destruction-lists": "retention:destruction-count"}


def main_menu(request) -> dict:
    """Context processor: `main_menu` = [(url, label, current, count url or "")] for a fully logged-in user,
    else []."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_verified", lambda: False)():
        return {"main_menu": []}
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    section = match.namespace if match else ""
    items = []
    for name, label, capability in MENU:
        if capability is None or may(user, capability):
            state = "page" if name == current else ("true" if _in_section(name, current, section) else "")
            count_url = path_to(COUNTS[name]) if name in COUNTS else ""
            items.append((path_to(name), label, state, count_url))
    return {"main_menu": items}
