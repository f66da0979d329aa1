from django.apps import AppConfig


class SubjectsConfig(AppConfig):
    name = "procesregie.subjects"
    label = "subjects"
