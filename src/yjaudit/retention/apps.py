from django.apps import AppConfig


class RetentionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "yjaudit.retention"
    verbose_name = "Retention and erasure"
