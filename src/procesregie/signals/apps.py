from django.apps import AppConfig


class SignalsConfig(AppConfig):
    """Signals (meldingen) and advice consultations (adviesgesprekken): work of the house before or beside a case."""

    name = "procesregie.signals"
    label = "signals"
