from .expect import gated, only

# The signal list: procesregisseurs (their approaches' signals) and ketenpartners (their organisation's).
SEES_SIGNALS = {"regisseur", "regisseur_elsewhere", "participant", "removed", "other_org"}
# Who may report a signal: who may register (ketenpartners and procesregisseurs, for their own organisation).
REPORTERS = {"regisseur", "regisseur_elsewhere", "participant", "removed", "other_org"}
REGISSEURS = {"regisseur", "regisseur_elsewhere"}
# `signal` is about a person for approach A (table A), reported by the police (participant).
SEES_SIGNAL = {"regisseur", "participant"}
HANDLES_SIGNAL = {"regisseur"}


def signal_pk(world):
    return {"pk": world.signal.pk}


ROUTES = {
    "signals:list": (None, gated(get=only(SEES_SIGNALS))),
    # The count beside "Meldingen" in the menu: for whoever has the menu item (a partner's is always empty).
    "signals:count": (None, gated(get=only(SEES_SIGNALS))),
    # The forms: an empty POST shows the form with its errors (200) and creates nothing.
    "signals:report-person": (None, gated(get=only(REPORTERS), post=only(REPORTERS))),
    "signals:report-system": (None, gated(get=only(REPORTERS), post=only(REPORTERS))),
    "signals:report-anonymous": (None, gated(get=only(REPORTERS), post=only(REPORTERS))),
    "signals:consultation": (None, gated(get=only(REGISSEURS), post=only(REGISSEURS))),
    "signals:detail": (signal_pk, gated(get=only(SEES_SIGNAL))),
    "signals:handle": (signal_pk, gated(get=only(HANDLES_SIGNAL), post=only(HANDLES_SIGNAL))),
    "signals:convert": (signal_pk, gated(get=only(HANDLES_SIGNAL), post=only(HANDLES_SIGNAL))),
    # "Opgevolgd": POST only; the world's signal is open, so the service refuses and the page says so (a redirect).
    "signals:follow-up-done": (signal_pk, gated(post=only(HANDLES_SIGNAL, yes=302))),
}
