from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "yjaudit.monitoring"
    label = "monitoring"
    default_auto_field = "django.db.models.BigAutoField"
