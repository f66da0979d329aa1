from django.urls import path

from procesregie.worklists import views

app_name = "worklists"

urlpatterns = [
    path("werk/", views.home, name="home"),
    path("werk/zoeken/", views.search, name="search"),
    path("werk/verlopen-interventies/", views.overdue, name="overdue"),
    path("werk/casussen/export/<str:file_format>/", views.case_export, name="case-export"),
]
