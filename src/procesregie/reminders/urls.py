from django.urls import path

from procesregie.reminders import views

app_name = "reminders"

urlpatterns = [
    path("herinneringen/", views.notification_list, name="list"),
    path("herinneringen/aantal/", views.notification_count, name="count"),
]
