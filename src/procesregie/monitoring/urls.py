from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("casussen/<int:case_pk>/metingen/", views.measurements_section, name="measurements"),
    path("casussen/<int:case_pk>/metingen/nieuw/", views.measurement_add, name="measurement-add"),
]
