from django.apps import AppConfig


class ImprovementConfig(AppConfig):
    name = "yjaudit.improvement"
    label = "improvement"
    default_auto_field = "django.db.models.BigAutoField"
