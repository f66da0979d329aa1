"""/api/v1/hitnohit/ (included by procesregie.api.urls in the namespace `api`)."""

from django.urls import path

from .views import HitNoHitView

urlpatterns = [
    path("hitnohit/", HitNoHitView.as_view(), name="hitnohit"),
]
