"""The monthly compliance refresh: calls each dotted path in YJAUDIT_COMPLIANCE_REFRESH_HOOKS.

None configured is a successful run that did nothing (the compliance pages compute their
figures on request today); an app that keeps derived compliance figures adds its hook.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_noop

from yjaudit.said import Said


def compliance_refresh() -> Said:
    hooks = list(settings.YJAUDIT_COMPLIANCE_REFRESH_HOOKS)
    if not hooks:
        return Said.one(gettext_noop("Nothing to refresh (no hook configured)"))
    # A hook's own outcome is its words (a deployment's code), shown as it gives them.
    return Said(
        tuple(
            ("%(hook)s: %(outcome)s", {"hook": p, "outcome": str(import_string(p)())})
            for p in hooks
        )
    )
