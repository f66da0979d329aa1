from django.apps import AppConfig


class RetentionConfig(AppConfig):
    """The WGS lifecycle: retention policy, extensions, reviewed destruction (docs/decisions/0016)."""

    name = "procesregie.retention"
    label = "retention"
