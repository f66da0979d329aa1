from django.urls import path

from procesregie.accounts import language, views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/code/", views.verify_view, name="verify"),
    path("inloggen/instellen/", views.enrol_view, name="enrol"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("taal/", language.choose_language, name="language"),
]
