from django.apps import AppConfig
from django.core import checks


class ImprovementConfig(AppConfig):
    name = "yjaudit.improvement"
    label = "improvement"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from yjaudit.config.plugins import check_plugins

        checks.register(check_plugins)  # plug-in settings must import (yjaudit.E001)
