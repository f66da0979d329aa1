from .expect import SEES_CASE, gated, only

# Who may register (ketenpartners and procesregisseurs, for their own organisation).
REGISTRARS = {"regisseur", "regisseur_elsewhere", "participant", "removed", "other_org"}
REGISSEURS = {"regisseur", "regisseur_elsewhere"}
# `pending` waits at approach A (the regisseur's table) and was reported by the municipality (other_org).
SEES_PENDING = {"regisseur", "other_org"}
# Only the procesregisseur of table A may triage `pending` and change `case`.
DIRECTS = {"regisseur"}


def case_pk(world):
    return {"pk": world.case.pk}


def pending_pk(world):
    return {"pk": world.pending.pk}


ROUTES = {
    "casework:home": (None, gated(get=302)),
    "casework:case-list": (None, gated(get=200)),
    "casework:case-detail": (case_pk, gated(get=only(SEES_CASE))),
    # Changes of a case: an empty POST shows the form with its errors (200) and changes nothing.
    "casework:participant-add": (case_pk, gated(get=only(DIRECTS), post=only(DIRECTS))),
    "casework:participant-remove": (case_pk, gated(post=only(DIRECTS))),
    "casework:case-regisseur": (case_pk, gated(get=only(DIRECTS), post=only(DIRECTS))),
    "casework:case-close": (case_pk, gated(get=only(DIRECTS), post=only(DIRECTS))),
    "casework:case-transfer": (case_pk, gated(get=only(DIRECTS), post=only(DIRECTS))),
    # `case` is open: nothing to reopen (the page sends its director back to the case; a POST shows the refusal).
    "casework:case-reopen": (case_pk, gated(get=only(DIRECTS, yes=302), post=only(DIRECTS))),
    # Registration and triage.
    "casework:registration-list": (None, gated(get=only(REGISTRARS))),
    "casework:registration-create-person": (None, gated(get=only(REGISTRARS), post=only(REGISTRARS))),
    "casework:registration-create-system": (None, gated(get=only(REGISTRARS), post=only(REGISTRARS))),
    "casework:registration-detail": (pending_pk, gated(get=only(SEES_PENDING))),
    "casework:intake": (None, gated(get=only(REGISSEURS))),
    "casework:triage": (pending_pk, gated(get=only(DIRECTS), post=only(DIRECTS))),
}
