from django.apps import AppConfig


class EscalationsConfig(AppConfig):
    """Escalations: a case that is stuck goes to the house's managers, who resolve it with an outcome."""

    name = "procesregie.escalations"
    label = "escalations"
