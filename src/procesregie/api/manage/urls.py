"""The koppelingen pages of the functional administrator (API clients), under /beheer/koppelingen/."""

from django.urls import path

from . import views

app_name = "koppelingen"

urlpatterns = [
    path("beheer/koppelingen/", views.client_list, name="client-list"),
    path("beheer/koppelingen/nieuw/", views.client_create, name="client-create"),
    path("beheer/koppelingen/<int:pk>/", views.client_detail, name="client-detail"),
    path("beheer/koppelingen/<int:pk>/nieuw-geheim/", views.client_rotate, name="client-rotate"),
    path("beheer/koppelingen/<int:pk>/intrekken/", views.client_revoke, name="client-revoke"),
]
