"""The privacy officer's pages about the API's hit/no-hit use (namespace `api_review`)."""

from django.urls import path

from . import views

app_name = "api_review"

urlpatterns = [
    path("privacy/koppelingen/", views.client_list, name="client-list"),
    path("privacy/koppelingen/<int:pk>/", views.client_detail, name="client-detail"),
]
