"""Short updates on a case by those who take part in it: a partner tells the others what happened ("huisbezoek
afgelegd, volgende week gesprek bij de schuldhulp"). The rule is `access.plans.cases_open_to_updates_by`.

The text is plain text (tags stripped by `core.text.clean_text`), at most UPDATE_MAX_LENGTH characters. An update
is posted on an open case only; it shows on the case's timeline to everyone who sees the case. Posting is logged,
one entry per data subject of the case, in the same transaction.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from procesregie.access.rules import ADD_UPDATE, can
from procesregie.access.shielding import offers_public_only
from procesregie.audit.models import Action
from procesregie.audit.services import AccessTarget, record_accesses
from procesregie.casework.lifecycle import accepts_changes
from procesregie.casework.models import Case
from procesregie.casework.selectors import subject_targets
from procesregie.core.errors import DomainError, NotFound
from procesregie.core.text import clean_text

from .models import CaseUpdate

UPDATE_MAX_LENGTH = 1_000


@transaction.atomic
def case_update_add(*, actor, case: Case, text: str, public_only: bool = False, request=None) -> CaseUpdate:
    """Post a short update on `case` for its participants and procesregisseur; `public_only`: not for private and
    incidental participants (access.shielding)."""
    if actor is None or not can(actor, ADD_UPDATE, case):
        raise NotFound(_("Deze casus bestaat niet of u neemt er niet aan deel."))
    case = Case.objects.select_related(
        "registration__person", "registration__system", "registration__approach"
    ).get(pk=case.pk)
    if not accepts_changes(case):
        raise DomainError(_("Deze casus is afgesloten; er kunnen geen updates meer bij."))
    text = clean_text(text, max_length=UPDATE_MAX_LENGTH)
    if not text:
        raise DomainError(_("Schrijf de update."))
    # Who sees less is not offered "alleen publieke partners": it would hide their own update from their own
    # organisation (access.shielding.offers_public_only); a crafted request's flag is ignored.
    public_only = bool(public_only) and offers_public_only(actor)
    update = CaseUpdate.objects.create(
        case=case, organisation_id=actor.organisation_id, author=actor, text=text, public_only=public_only
    )
    targets = [
        AccessTarget(obj=update, subject_key=target.obj.subject_key, purpose_case=case) for target in subject_targets(case)
    ]
    record_accesses(
        actor=actor, action=Action.CREATE, targets=targets, purpose_approach=case.registration.approach, request=request
    )
    return update
