from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "yjaudit.jobs"
    label = "jobs"
    default_auto_field = "django.db.models.BigAutoField"

    # The Celery app (worker.py) is not imported here: tasks.py imports it, and every
    # task is sent through tasks.py, so it is configured before any task is sent. A
    # process that sends none (the CLI, most web requests) is spared importing Celery.
