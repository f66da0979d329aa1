from django.urls import include, path

urlpatterns = [
    path("", include("procesregie.accounts.urls")),
    path("", include("procesregie.casework.urls")),
    path("", include("procesregie.privacy.urls")),
]
