"""Set Django up on demand, for the commands that need the database.

Imported only inside those commands, so the rest of the CLI never loads Django.
"""

from __future__ import annotations

import os

from .errors import CliError

DEFAULT_SETTINGS = "yjaudit.config.settings.demo"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        raise CliError(f"Django settings {os.environ['DJANGO_SETTINGS_MODULE']}: {exc}") from None
