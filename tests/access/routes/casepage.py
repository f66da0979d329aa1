"""The case page's timeline pages and print view: whoever may see the case (the timeline's plain GET redirects to
the case page at that page); everyone else 404."""

from .expect import SEES_CASE, gated, only


def _case(world) -> dict:
    return {"pk": world.case.pk}


ROUTES = {
    "casework:case-timeline": (_case, gated(get=only(SEES_CASE, yes=302))),
    "casework:case-print": (_case, gated(get=only(SEES_CASE))),
}
