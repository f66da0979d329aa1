from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("privacy/betrokkenen/", views.subject_search, name="subject-search"),
    path("privacy/betrokkenen/<uuid:subject_key>/toegang/", views.subject_log, name="subject-log"),
]
