from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("casussen/<int:case_pk>/plan/", views.plan_section, name="plan"),
    path("casussen/<int:case_pk>/plan/doelen/nieuw/", views.goal_add, name="goal-add"),
    path("casussen/<int:case_pk>/plan/doelen/<int:pk>/", views.goal_edit, name="goal-edit"),
    path("casussen/<int:case_pk>/plan/interventies/nieuw/", views.intervention_add, name="intervention-add"),
    path("casussen/<int:case_pk>/plan/interventies/<int:pk>/", views.intervention_edit, name="intervention-edit"),
    path("casussen/<int:case_pk>/updates/nieuw/", views.case_update_add, name="case-update-add"),
]
