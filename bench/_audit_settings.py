"""Settings for the case audit load test: production settings, except that static files
are served from the source tree (no collectstatic manifest needed for a scratch run)."""

from yjaudit.config.settings.production import *  # noqa: F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
