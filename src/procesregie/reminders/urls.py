from django.urls import path

from procesregie.reminders import views

app_name = "reminders"

urlpatterns = [
    path("meldingen/", views.notification_list, name="list"),
    path("meldingen/aantal/", views.notification_count, name="count"),
]
