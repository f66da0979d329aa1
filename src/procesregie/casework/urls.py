from django.urls import path
from django.views.generic import RedirectView

from procesregie.casework import views

# Included by config/urls.py under the namespace "casework", together with the case page (`casepage.urls`).

urlpatterns = [
    path(
        "",
        RedirectView.as_view(pattern_name="worklists:home", http_method_names=["get", "head"]),
        name="home",
    ),
    path("casussen/", views.case_list, name="case-list"),
    path("casussen/<int:pk>/deelnemers/toevoegen/", views.participant_add, name="participant-add"),
    path("casussen/<int:pk>/deelnemers/beeindigen/", views.participant_remove, name="participant-remove"),
    path("casussen/<int:pk>/procesregisseur/", views.case_regisseur, name="case-regisseur"),
    path("casussen/<int:pk>/afsluiten/", views.case_close, name="case-close"),
    path("casussen/<int:pk>/overdragen/", views.case_transfer, name="case-transfer"),
    path("casussen/<int:pk>/heropenen/", views.case_reopen, name="case-reopen"),
    path("aanmeldingen/", views.registration_list, name="registration-list"),
    path("aanmeldingen/nieuw/persoon/", views.registration_create_person, name="registration-create-person"),
    path("aanmeldingen/nieuw/systeem/", views.registration_create_system, name="registration-create-system"),
    path("aanmeldingen/triage/", views.intake, name="intake"),
    path("aanmeldingen/<int:pk>/", views.registration_detail, name="registration-detail"),
    path("aanmeldingen/<int:pk>/triage/", views.triage, name="triage"),
]
