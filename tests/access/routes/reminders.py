from .expect import gated, only

# The notification list and its count: everyone who works with case content (each sees their own).
SEES_CASE_CONTENT = {"regisseur", "regisseur_elsewhere", "participant", "removed", "other_org"}

ROUTES = {
    "reminders:list": (None, gated(get=only(SEES_CASE_CONTENT))),
    "reminders:count": (None, gated(get=only(SEES_CASE_CONTENT))),
}
