from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "yjaudit.cases"
    label = "cases"
    default_auto_field = "django.db.models.BigAutoField"
