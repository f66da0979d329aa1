from .expect import gated, only

# Everyone fully logged in lands here after the login; only roles with case content may search.
SEES_CASE_CONTENT = {"regisseur", "regisseur_elsewhere", "participant", "removed", "other_org"}

ROUTES = {
    "worklists:home": (None, gated(get=200)),
    "worklists:search": (None, gated(get=only(SEES_CASE_CONTENT))),
    # All overdue interventions of the work list: whoever sees case content, each those they follow up.
    "worklists:overdue": (None, gated(get=only(SEES_CASE_CONTENT))),
    # The case list as a file (CSV here; XLSX is the same view): whoever sees case content, each their own cases.
    "worklists:case-export": (lambda world: {"file_format": "csv"}, gated(get=only(SEES_CASE_CONTENT))),
}
