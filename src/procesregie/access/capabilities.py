"""What a user may do that is not about one object: the pages and menu items their work needs.

`may(user, capability)` answers; the menu, the views and the services ask it with one of the names below.
"""

from .api import ApiScope, has_scope
from .users import is_functional_admin, is_house_manager, is_manager, is_partner, is_privacy_officer, is_regisseur

REGISTER = "register"  # register a person or a system on behalf of their own organisation
TRIAGE_QUEUE = "triage_queue"  # open the intake queue of their tables
SEE_CASES = "see_cases"  # work that involves case content at all: case list, registrations, work list, search
SEE_AGGREGATES = "see_aggregates"  # the house's aggregate figures (annual report): no personal data
REVIEW_ACCESS_LOG = "review_access_log"  # the privacy officer: data subjects and who accessed them
ADMINISTER_TABLES = "administer_tables"  # the functional administrator: tables' cadence and members
ADMINISTER_ACCOUNTS = "administer_accounts"  # the functional administrator: staff accounts and their invitations
SEE_SIGNALS = "see_signals"  # the signal list (access.signals): a procesregisseur's approaches, a partner's own reports
RECORD_CONSULTATION = "record_consultation"  # a procesregisseur records an advice consultation (by phone)
HANDLE_ESCALATIONS = "handle_escalations"  # the house's managers: the work list of escalations (access.escalations), no case content
HANDLE_SIGNALS = "handle_signals"  # a procesregisseur: the signals of their approaches waiting or due (access.signals)
# The partner's report buttons (signal list, /werk/, the registration forms): ketenpartners. The report pages stay
# open to whoever may register (REGISTER, decision 0014); a procesregisseur records a consultation instead.
REPORT_SIGNAL = "report_signal"
# The WGS lifecycle (docs/decisions/0016). Extending one subject's retention is decided per subject in
# access.retention (a procesregisseur for the subjects of their cases; the privacy officer for any).
EDIT_RETENTION_POLICY = "edit_retention_policy"  # the functional administrator: periods per phase and approach
SEE_RETENTION = "see_retention"  # the privacy officer: the policy, extensions, destruction lists and records
REVIEW_DESTRUCTION = "review_destruction"  # the privacy officer: approve or exclude items, start the destruction
ANSWER_SUBJECT_RIGHTS = "answer_subject_rights"  # the privacy officer: inzage document, corrections, restrictions
# The annual report as it was before a destruction (reporting's snapshots): exact, unsuppressed aggregates, so only
# for who sees the house's figures (SEE_AGGREGATES) or reviews the destruction (REVIEW_DESTRUCTION: the privacy
# officer); not the functional administrator, who sees the retention records (SEE_RETENTION) but never the figures.
SEE_REPORT_SNAPSHOTS = "see_report_snapshots"
# The partner API (docs/decisions/0024): the functional administrator registers clients, rotates and revokes their
# secrets; the privacy officer reviews their use (hit/no-hit queries, clients flagged for probing).
ADMINISTER_API_CLIENTS = "administer_api_clients"
REVIEW_API_USE = "review_api_use"


def _may_register(user) -> bool:
    """On behalf of their own organisation: a ketenpartner (who always acts for one), a procesregisseur with one, or
    the organisation's API client with the scope `registrations:write`."""
    return (
        is_partner(user) or (is_regisseur(user) and bool(user.organisation_id))
        or has_scope(user, ApiScope.REGISTRATIONS_WRITE)
    )


CAPABILITIES = {
    REGISTER: _may_register,
    TRIAGE_QUEUE: is_regisseur,
    SEE_CASES: lambda user: is_regisseur(user) or is_partner(user),
    SEE_AGGREGATES: lambda user: is_manager(user) or is_regisseur(user),
    REVIEW_ACCESS_LOG: is_privacy_officer,
    ADMINISTER_TABLES: is_functional_admin,
    ADMINISTER_ACCOUNTS: is_functional_admin,
    SEE_SIGNALS: lambda user: is_regisseur(user) or is_partner(user),
    RECORD_CONSULTATION: is_regisseur,
    HANDLE_ESCALATIONS: is_house_manager,
    HANDLE_SIGNALS: is_regisseur,
    REPORT_SIGNAL: is_partner,
    EDIT_RETENTION_POLICY: is_functional_admin,
    SEE_RETENTION: lambda user: is_privacy_officer(user) or is_functional_admin(user),
    REVIEW_DESTRUCTION: is_privacy_officer,
    ANSWER_SUBJECT_RIGHTS: is_privacy_officer,
    SEE_REPORT_SNAPSHOTS: lambda user: may(user, SEE_AGGREGATES) or may(user, REVIEW_DESTRUCTION),
    ADMINISTER_API_CLIENTS: is_functional_admin,
    REVIEW_API_USE: is_privacy_officer,
}


def may(user, capability: str) -> bool:
    """May `user` do `capability` (one of the names above)? Unknown capabilities: no."""
    check = CAPABILITIES.get(capability)
    return bool(check is not None and check(user))
