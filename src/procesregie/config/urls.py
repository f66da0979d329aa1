from django.urls import include, path

urlpatterns = [
    path("", include("procesregie.casework.urls")),
]
