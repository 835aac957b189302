from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "yjaudit.jobs"
    label = "jobs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The Celery app, configured from these settings, before any task is sent.
        from . import worker  # noqa: F401
