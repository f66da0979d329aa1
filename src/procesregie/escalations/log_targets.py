"""What the access log names when an escalation is written or read: the data subjects of its case."""

from procesregie.audit.services import AccessTarget
from procesregie.casework.models import Case
from procesregie.casework.selectors import subject_targets

from .models import Escalation


def escalation_targets(escalation: Escalation, case: Case) -> list[AccessTarget]:
    """The entries an access to `escalation` writes: one per data subject of its case, the case as purpose."""
    return [
        AccessTarget(obj=escalation, subject_key=target.obj.subject_key, purpose_case=case)
        for target in subject_targets(case)
    ]
