from django.apps import AppConfig


class InterchangeConfig(AppConfig):
    name = "procesregie.interchange"
    label = "interchange"
