from django.apps import AppConfig


class BenchmarkingConfig(AppConfig):
    name = "yjaudit.benchmarking"
    label = "benchmarking"
    default_auto_field = "django.db.models.BigAutoField"
