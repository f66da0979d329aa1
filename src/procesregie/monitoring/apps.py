from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "procesregie.monitoring"
    label = "monitoring"
