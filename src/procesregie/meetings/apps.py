from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "procesregie.meetings"
    label = "meetings"
