from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "procesregie.accounts"
    label = "accounts"
