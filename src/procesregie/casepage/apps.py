from django.apps import AppConfig


class CasepageConfig(AppConfig):
    """The case page, composed above the apps that each show a part of a case."""

    name = "procesregie.casepage"
    label = "casepage"
