from django.urls import path
from django.views.generic import RedirectView

from procesregie.casework import views

app_name = "casework"

urlpatterns = [
    path(
        "",
        RedirectView.as_view(pattern_name="casework:case-list", http_method_names=["get", "head"]),
        name="home",
    ),
    path("casussen/", views.case_list, name="case-list"),
    path("casussen/<int:pk>/", views.case_detail, name="case-detail"),
]
