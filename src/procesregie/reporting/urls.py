from django.urls import path

from . import build_views, outcome_views, snapshot_views, views

app_name = "reporting"

urlpatterns = [
    path("rapportage/jaarverslag/", views.annual_report_page, name="annual-report"),
    path("rapportage/jaarverslag/download/", views.annual_report_download, name="annual-report-download"),
    path("rapportage/jaarverslag/bestanden/<uuid:pk>/", build_views.report_build, {"kind": "annual"},
         name="annual-report-build"),
    path("rapportage/jaarverslag/bestanden/<uuid:pk>/bestand/", build_views.report_build_file, {"kind": "annual"},
         name="annual-report-build-file"),
    path("rapportage/resultaten/", outcome_views.outcomes_page, name="outcomes"),
    path("rapportage/resultaten/download/", outcome_views.outcomes_download, name="outcomes-download"),
    path("rapportage/resultaten/bestanden/<uuid:pk>/", build_views.report_build, {"kind": "outcomes"},
         name="outcomes-build"),
    path("rapportage/resultaten/bestanden/<uuid:pk>/bestand/", build_views.report_build_file, {"kind": "outcomes"},
         name="outcomes-build-file"),
    path("rapportage/momentopnamen/", snapshot_views.snapshot_list, name="snapshots"),
    path("rapportage/momentopnamen/<int:pk>/", snapshot_views.snapshot_file, name="snapshot-file"),
    path("rapportage/momentopnamen/<int:pk>/bekijken/", snapshot_views.snapshot_page, name="snapshot-page"),
]
