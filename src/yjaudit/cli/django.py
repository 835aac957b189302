"""Set Django up on demand, for the commands that need the database.

Imported only inside those commands, so the rest of the CLI never loads Django.
"""

from __future__ import annotations

import os

from .errors import CliError
from .i18n import _, language

DEFAULT_SETTINGS = "yjaudit.config.settings.demo"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        raise CliError(
            _("Django settings %(module)s: %(error)s")
            % {"module": os.environ["DJANGO_SETTINGS_MODULE"], "error": exc}
        ) from None
    from django.utils import translation

    # Services' messages (Django's gettext) in the language the CLI speaks.
    translation.activate("cy" if language() == "cy" else "en-gb")
