from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("privacy/betrokkenen/", views.subject_search, name="subject-search"),
    path("privacy/betrokkenen/<uuid:subject_key>/toegang/", views.subject_log, name="subject-log"),
    path("privacy/betrokkenen/<uuid:subject_key>/", views.subject_detail, name="subject-detail"),
    path("privacy/betrokkenen/<uuid:subject_key>/inzage/", views.inzage_create, name="inzage-create"),
    path("privacy/betrokkenen/<uuid:subject_key>/inzage/<int:pk>/", views.inzage_document, name="inzage-document"),
    path("privacy/betrokkenen/<uuid:subject_key>/verzoeken/", views.rights_request_create,
         name="rights-request-create"),
    path("privacy/betrokkenen/<uuid:subject_key>/verzoeken/<int:pk>/einde/", views.restriction_end,
         name="restriction-end"),
]
