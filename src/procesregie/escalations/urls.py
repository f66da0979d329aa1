from django.urls import path

from . import views

app_name = "escalations"

urlpatterns = [
    path("casussen/<int:case_pk>/escaleren/", views.escalation_raise, name="raise"),
    path("escalaties/", views.escalation_list, name="list"),
    path("escalaties/aantal/", views.open_count, name="count"),
    path("escalaties/<int:pk>/", views.escalation_detail, name="detail"),
]
