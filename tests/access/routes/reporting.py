from .expect import gated, only

AGGREGATES = {"manager", "colleague", "regisseur", "regisseur_elsewhere"}

ROUTES = {
    "reporting:annual-report": (None, gated(get=only(AGGREGATES))),
    # without ?formaat= there is nothing to download: 404 for everyone (tests/reporting covers the formats)
    "reporting:annual-report-download": (None, gated(get=404)),
}
