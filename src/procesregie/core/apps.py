from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "procesregie.core"
    label = "core"
