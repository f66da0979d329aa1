from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("rapportage/jaarverslag/", views.annual_report_page, name="annual-report"),
    path("rapportage/jaarverslag/download/", views.annual_report_download, name="annual-report-download"),
    path("rapportage/jaarverslag/bestanden/<uuid:pk>/", views.annual_report_build, name="annual-report-build"),
    path("rapportage/jaarverslag/bestanden/<uuid:pk>/bestand/", views.annual_report_build_file,
         name="annual-report-build-file"),
]
