from django.urls import path

from . import views

app_name = "invitations"

urlpatterns = [
    path("beheer/accounts/", views.account_list, name="account-list"),
    path("beheer/accounts/<int:pk>/uitnodigen/", views.invite, name="invite"),
    # Open without a login (accounts.middleware.OPEN_VIEWS): the link in the e-mail and the steps after it.
    path("uitnodiging/wachtwoord/", views.invitation_password, name="password"),
    path("uitnodiging/app/", views.invitation_enrol, name="enrol"),
    path("uitnodiging/<str:token>/", views.invitation_open, name="open"),
]
