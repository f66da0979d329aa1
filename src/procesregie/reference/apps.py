from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "procesregie.reference"
    label = "reference"
