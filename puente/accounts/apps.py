from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "puente.accounts"
    label = "accounts"
