from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("rapportage/jaarverslag/", views.annual_report_page, name="annual-report"),
    path("rapportage/jaarverslag/download/", views.annual_report_download, name="annual-report-download"),
]
