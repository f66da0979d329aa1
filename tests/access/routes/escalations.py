"""Escalations. Whoever takes part in the case (its procesregisseur, the participating police) escalates it; the
house's managers have the work list and its count, read every escalation and resolve it (not the police's
`colleague`, who holds the manager role at a partner); who sees the case reads its escalations too. Everyone else: 404. An empty
POST is a form error (200), nothing saved."""

from .expect import SEES_CASE, gated, only

MANAGERS = {"manager"}
READS_ESCALATION = SEES_CASE | MANAGERS


def _case(world) -> dict:
    return {"case_pk": world.case.pk}


def _escalation(world) -> dict:
    return {"pk": world.escalation.pk}


ROUTES = {
    "escalations:raise": (_case, gated(get=only(SEES_CASE), post=only(SEES_CASE))),
    "escalations:list": (None, gated(get=only(MANAGERS))),
    "escalations:count": (None, gated(get=only(MANAGERS))),
    "escalations:detail": (_escalation, gated(get=only(READS_ESCALATION), post=only(MANAGERS))),
}
