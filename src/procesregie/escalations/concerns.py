"""What an escalation on a case may name: the organisations it concerns and the case's agreed interventions.

One definition for the form that offers them (`selectors`) and the service that checks them (`services`), so the
form never offers what the service refuses. Read from the case's participations and interventions as loaded: whoever
reads the case prefetches them (with their organisations and interventions), so this asks no queries of its own.
"""

from procesregie.casework.models import Case
from procesregie.casework.participations import is_active


def interventions_concerned(case: Case) -> list:
    """The agreed interventions of `case`, by name."""
    return sorted(case.interventions.all(), key=lambda item: (str(item.intervention), item.pk))


def organisations_concerned(case: Case) -> list:
    """The organisations taking part in `case` now and those carrying one of its interventions, by name."""
    organisations = {p.organisation_id: p.organisation for p in case.participations.all() if is_active(p)}
    organisations.update({item.organisation_id: item.organisation for item in case.interventions.all()})
    return sorted(organisations.values(), key=lambda organisation: organisation.name)
