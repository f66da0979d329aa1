from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "procesregie.audit"
    label = "audit"
