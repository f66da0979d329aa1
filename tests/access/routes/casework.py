from .expect import SEES_CASE, gated, only

ROUTES = {
    "casework:home": (None, gated(get=302)),
    "casework:case-list": (None, gated(get=200)),
    "casework:case-detail": (lambda w: {"pk": w.case.pk}, gated(get=only(SEES_CASE))),
}
