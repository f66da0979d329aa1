"""Retention. The policy page: the functional administrator reads and changes it (an empty POST is a form error,
200, nothing saved), the privacy officer reads it. Extending a subject's retention: the procesregisseur of the case
and the privacy officer (an empty POST: a form error). The overview of extensions: the privacy officer. Everyone
else: 404."""

from .expect import gated, only

OFFICER = {"privacy_officer"}
POLICY_READERS = {"privacy_officer", "functional_admin"}
EXTENDERS = {"regisseur", "privacy_officer"}


def _subject(world) -> dict:
    return {"subject_key": world.case.registration.person.subject_key}


ROUTES = {
    "retention:policy": (None, gated(get=only(POLICY_READERS), post=only({"functional_admin"}))),
    "retention:extensions": (None, gated(get=only(OFFICER))),
    "retention:extend": (_subject, gated(get=only(EXTENDERS), post=only(EXTENDERS))),
}
