from django.apps import AppConfig


class InvitationsConfig(AppConfig):
    name = "procesregie.invitations"
    label = "invitations"
