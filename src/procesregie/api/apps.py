from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "procesregie.api"
    label = "api"
    verbose_name = "API"
