from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "procesregie.reporting"
    label = "reporting"
