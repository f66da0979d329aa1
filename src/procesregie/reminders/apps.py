from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """Reminders: each user's notification list, and the e-mail `procesregie reminders send` (idempotent)."""

    name = "procesregie.reminders"
    label = "reminders"
