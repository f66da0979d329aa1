from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "procesregie.casework"
    label = "casework"
