"""Registrations: /api/v1/registrations/ (submit, and the organisation's list) and /api/v1/registrations/<referentie>/.

A reference is the registration's own (`A-…` for one made here; an imported one may hold any character), hence `path`."""

from django.urls import path

from .views import RegistrationDetail, RegistrationList

urlpatterns = [
    path("registrations/", RegistrationList.as_view(), name="registration-list"),
    path("registrations/<path:referentie>/", RegistrationDetail.as_view(), name="registration-detail"),
]
