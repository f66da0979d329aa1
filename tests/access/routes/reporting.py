from django.utils import timezone

from procesregie.reporting.models import ReportBuild, ReportSnapshot

from .expect import gated, only

AGGREGATES = {"manager", "colleague", "regisseur", "regisseur_elsewhere"}
# Report snapshots (exact, unsuppressed aggregates kept from before a destruction): those who see aggregates and the
# privacy officer who reviews the destruction (access.capabilities.SEE_REPORT_SNAPSHOTS); not the functional
# administrator, who sees the retention records but never the house's figures.
SNAPSHOT_READERS = AGGREGATES | {"privacy_officer"}



def build_kwargs(world) -> dict:
    """A finished PDF build (aggregates only): its page and its file are for those who see aggregates."""
    now = timezone.now()
    build = ReportBuild.objects.create(fingerprint="0" * 64, file_format="pdf", year=2024, language="nl", figures={},
                                       status=ReportBuild.Status.DONE, requested_at=now, heartbeat_at=now,
                                       content=b"%PDF-1.7 matrix")
    return {"pk": build.pk}


def outcomes_build_kwargs(world) -> dict:
    """A finished PDF build of the outcomes report (aggregates only): for those who see aggregates."""
    now = timezone.now()
    window = {"report": "outcomes", "from": "2024-01-01", "to": "2024-12-31", "as_of": "2025-12-31"}
    build = ReportBuild.objects.create(fingerprint="1" * 64, file_format="pdf", year=2024, language="nl",
                                       figures={"report": window}, status=ReportBuild.Status.DONE, requested_at=now,
                                       heartbeat_at=now, content=b"%PDF-1.7 matrix")
    return {"pk": build.pk}


def snapshot_kwargs(world) -> dict:
    snapshot = ReportSnapshot.objects.create(kind="annual", parameters={"year": 2024}, document="{}\n", sha256="0" * 64,
                                             taken_at=timezone.now())
    return {"pk": snapshot.pk}


ROUTES = {
    "reporting:annual-report": (None, gated(get=only(AGGREGATES))),
    # without ?formaat= there is nothing to download: 404 for everyone (tests/reporting covers the formats)
    "reporting:annual-report-download": (None, gated(get=404)),
    "reporting:annual-report-build": (build_kwargs, gated(get=only(AGGREGATES))),
    "reporting:annual-report-build-file": (build_kwargs, gated(get=only(AGGREGATES))),
    "reporting:outcomes": (None, gated(get=only(AGGREGATES))),
    # without ?formaat= there is nothing to download: 404 for everyone (tests/reporting/outcomes covers the formats)
    "reporting:outcomes-download": (None, gated(get=404)),
    "reporting:outcomes-build": (outcomes_build_kwargs, gated(get=only(AGGREGATES))),
    "reporting:outcomes-build-file": (outcomes_build_kwargs, gated(get=only(AGGREGATES))),
    "reporting:snapshots": (None, gated(get=only(SNAPSHOT_READERS))),
    "reporting:snapshot-file": (snapshot_kwargs, gated(get=only(SNAPSHOT_READERS))),
    "reporting:snapshot-page": (snapshot_kwargs, gated(get=only(SNAPSHOT_READERS))),
}
