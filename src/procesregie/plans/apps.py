from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "procesregie.plans"
    label = "plans"
