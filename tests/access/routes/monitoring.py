"""Measurements: only the procesregisseur records them; the plain GET of the section redirects to the case page."""

from .expect import SEES_CASE, gated, only


def _case(world) -> dict:
    return {"case_pk": world.case.pk}


ROUTES = {
    "monitoring:measurements": (_case, gated(get=only(SEES_CASE, yes=302))),
    "monitoring:measurement-add": (_case, gated(get=only({"regisseur"}), post=only({"regisseur"}))),
}
