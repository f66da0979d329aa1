from django.urls import path

from procesregie.signals import views

app_name = "signals"

urlpatterns = [
    path("meldingen/", views.signal_list, name="list"),
    path("meldingen/aantal/", views.signal_count, name="count"),
    path("meldingen/nieuw/persoon/", views.signal_report_person, name="report-person"),
    path("meldingen/nieuw/systeem/", views.signal_report_system, name="report-system"),
    path("meldingen/nieuw/anoniem/", views.signal_report_anonymous, name="report-anonymous"),
    path("meldingen/adviesgesprek/", views.signal_consultation, name="consultation"),
    path("meldingen/<int:pk>/", views.signal_detail, name="detail"),
    path("meldingen/<int:pk>/afhandelen/", views.signal_handle, name="handle"),
    path("meldingen/<int:pk>/opgevolgd/", views.signal_follow_up_done, name="follow-up-done"),
    path("meldingen/<int:pk>/aanmelding/", views.signal_convert, name="convert"),
]
