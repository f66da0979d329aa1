from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "procesregie.accounts"
    label = "accounts"

    def ready(self):
        from procesregie.accounts import signals  # noqa: F401  (connects the receivers)
