from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "yjaudit.frameworks"
    label = "frameworks"
    default_auto_field = "django.db.models.BigAutoField"
