from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "procesregie.access"
    label = "access"
