from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    """The privacy officer's work: who accessed whose data (later: retention, data-subject requests)."""

    name = "procesregie.privacy"
    label = "privacy"
