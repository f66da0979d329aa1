"""/api/v1/reports/: the annual report and the outcomes report, as the house publishes them (scope reports:read)."""

from django.urls import path

from . import views

urlpatterns = [
    path("reports/annual/<str:year>/", views.AnnualReportView.as_view(), name="report-annual"),
    path("reports/outcomes/", views.OutcomesReportView.as_view(), name="report-outcomes"),
]
