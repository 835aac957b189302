from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "yjaudit.operations"
    label = "operations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
