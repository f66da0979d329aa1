"""The case page's routes. They belong to the "casework" URL namespace (the cases section of the site), which
config/urls.py composes from casework's own routes and these."""

from django.urls import path

from . import views

urlpatterns = [
    path("casussen/<int:pk>/", views.case_detail, name="case-detail"),
    path("casussen/<int:pk>/tijdlijn/", views.case_timeline, name="case-timeline"),
    path("casussen/<int:pk>/afdrukken/", views.case_print, name="case-print"),
]
