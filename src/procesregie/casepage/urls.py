"""The case page's route. It belongs to the "casework" URL namespace (the cases section of the site), which
config/urls.py composes from casework's own routes and this one."""

from django.urls import path

from . import views

urlpatterns = [
    path("casussen/<int:pk>/", views.case_detail, name="case-detail"),
]
