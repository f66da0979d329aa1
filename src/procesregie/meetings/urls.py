from django.urls import path

from procesregie.meetings import views

app_name = "meetings"

urlpatterns = [
    path("overlegtafels/", views.table_list, name="table-list"),
    path("overlegtafels/<int:pk>/", views.table_detail, name="table-detail"),
    path("overlegtafels/<int:pk>/wijzigen/", views.table_edit, name="table-edit"),
    path("overlegtafels/<int:pk>/overleg-plannen/", views.meeting_schedule, name="meeting-schedule"),
    path("overleggen/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("overleggen/<int:pk>/wijzigen/", views.meeting_edit, name="meeting-edit"),
    path("overleggen/<int:pk>/agenda/toevoegen/", views.agenda_add, name="agenda-add"),
    path("overleggen/<int:pk>/agenda/<int:item>/verplaatsen/", views.agenda_move, name="agenda-move"),
    path("overleggen/<int:pk>/agenda/<int:item>/verwijderen/", views.agenda_remove, name="agenda-remove"),
    path("overleggen/<int:pk>/agenda/<int:item>/voorbereiding/", views.agenda_prepare, name="agenda-prepare"),
    path("overleggen/<int:pk>/agenda/<int:item>/uitnodigen/", views.agenda_invite, name="agenda-invite"),
    path("overleggen/<int:pk>/agenda/<int:item>/bespreking/", views.discussion_edit, name="discussion-edit"),
    path("overleggen/<int:pk>/agenda/<int:item>/besluiten/", views.decision_add, name="decision-add"),
    path("overleggen/<int:pk>/agenda/<int:item>/casusoverzicht/", views.case_summary, name="case-summary"),
    path("overleggen/<int:pk>/agenda/<int:item>/casusoverzicht.pdf", views.case_summary_pdf, name="case-summary-pdf"),
]
