from django.apps import AppConfig


class WorklistsConfig(AppConfig):
    """The start page of daily work: my cases, my overdue interventions, meetings, intake, search."""

    name = "procesregie.worklists"
    label = "worklists"
