"""The access matrix's expectations, one module per app: each defines ROUTES = {route name: (kwargs, expect)}.

`kwargs(world) -> dict` gives the URL's arguments from tests/personas.py's world (None: no arguments);
`expect(persona, method) -> status`. Add your app's module to MODULES.
"""

import importlib

MODULES = ["accounts", "casework", "privacy", "meetings", "plans", "monitoring", "reporting", "worklists", "casepage", "reminders",
           "escalations", "signals", "retention", "api", "api_manage",
           "api_review"]


def all_routes() -> dict:
    routes = {}
    for name in MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        overlap = set(routes) & set(module.ROUTES)
        assert not overlap, f"routes listed twice: {overlap}"
        routes.update(module.ROUTES)
    return routes
