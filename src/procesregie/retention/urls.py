from django.urls import path

from .views import extending, policy, reviewing

app_name = "retention"

urlpatterns = [
    path("bewaarbeleid/", policy.policy_page, name="policy"),
    path("bewaarbeleid/eigen-termijn-verwijderen/", policy.policy_rule_remove, name="policy-rule-remove"),
    path("bewaartermijnen/", extending.extension_list, name="extensions"),
    path("bewaartermijnen/<uuid:subject_key>/verlengen/", extending.extend, name="extend"),
    # The privacy officer's review of destruction lists and the destruction record (views.reviewing).
    path("vernietigingslijsten/", reviewing.destruction_lists, name="destruction-lists"),
    path("vernietigingslijsten/aantal/", reviewing.destruction_count, name="destruction-count"),
    path("vernietigingslijsten/<int:pk>/", reviewing.destruction_list, name="destruction-list"),
    path("vernietigingslijsten/<int:pk>/items/<int:item_pk>/", reviewing.destruction_item_decide,
         name="destruction-item-decide"),
    path("vernietigingslijsten/<int:pk>/alles-goedkeuren/", reviewing.destruction_approve_all,
         name="destruction-approve-all"),
    path("vernietigingslijsten/<int:pk>/vernietigen/", reviewing.destruction_run, name="destruction-run"),
    path("vernietigingslijsten/<int:pk>/verslag/", reviewing.destruction_record, name="destruction-record"),
]
