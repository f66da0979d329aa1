"""Appointing the procesregisseur of a case in regie (the one set at triage, or none for an imported case).

Who may appoint is the access rule (`can(actor, CHANGE, case)`); who may be appointed is
`access.case_changes.procesregisseurs_for`. Every change is kept (`RegisseurChange`, on the timeline) and logged.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from procesregie.access.rules import CHANGE
from procesregie.audit.models import Action
from procesregie.core.errors import DomainError

from .. import lifecycle
from ..models import Case, RegisseurChange
from ._common import authorise, check_procesregisseur, check_version, locked, log_case


@transaction.atomic
def case_regisseur_set(
    *, actor, case: Case, procesregisseur, expected_version: int | None = None, request=None
) -> Case:
    """Make `procesregisseur` the procesregisseur of an open case.

    Logged as one `update` entry (the change) per data subject.
    """
    authorise(actor, CHANGE, case)
    current = locked(case)
    check_version(current, expected_version)
    if not lifecycle.accepts_changes(current):
        raise DomainError(_("Deze casus is afgesloten; heropen haar eerst om de procesregisseur te wijzigen."))
    if procesregisseur is None:
        raise DomainError(_("Kies een procesregisseur."))
    if procesregisseur.pk == current.procesregisseur_id:
        raise DomainError(
            _("%(user)s is al de procesregisseur van deze casus.")
            % {"user": procesregisseur.get_full_name() or procesregisseur}
        )
    check_procesregisseur(procesregisseur, table=current.table, approach=current.registration.approach)
    change = RegisseurChange.objects.create(
        case=current, previous_id=current.procesregisseur_id, procesregisseur=procesregisseur,
        changed_by=actor if getattr(actor, "pk", None) else None,
    )
    current.procesregisseur = procesregisseur
    current.version += 1
    current.save(update_fields=["procesregisseur", "version"])
    log_case(actor=actor, action=Action.UPDATE, case=current, obj=change, request=request)
    case.refresh_from_db()
    return case
