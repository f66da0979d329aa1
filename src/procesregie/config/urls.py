from django.urls import include, path

urlpatterns = [
    path("", include("procesregie.accounts.urls")),
    path("", include("procesregie.casework.urls")),
    path("", include("procesregie.meetings.urls")),
    path("", include("procesregie.plans.urls")),
    path("", include("procesregie.monitoring.urls")),
    path("", include("procesregie.reporting.urls")),
    path("", include("procesregie.privacy.urls")),
    path("", include("procesregie.worklists.urls")),
]
