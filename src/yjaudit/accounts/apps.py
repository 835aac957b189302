from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "yjaudit.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"
