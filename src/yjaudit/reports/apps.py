from django.apps import AppConfig
from django.core import checks


class ReportsConfig(AppConfig):
    name = "yjaudit.reports"
    label = "reports"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from yjaudit.config.plugins import check_plugins

        checks.register(check_plugins)  # plug-in settings must import (yjaudit.E001)
