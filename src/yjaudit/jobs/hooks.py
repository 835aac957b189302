"""The monthly compliance refresh: calls each dotted path in YJAUDIT_COMPLIANCE_REFRESH_HOOKS.

None configured is a successful run that did nothing (the compliance pages compute their
figures on request today); an app that keeps derived compliance figures adds its hook.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string


def compliance_refresh() -> str:
    hooks = list(settings.YJAUDIT_COMPLIANCE_REFRESH_HOOKS)
    if not hooks:
        return "nothing to refresh (no hook configured)"
    done = []
    for path in hooks:
        outcome = import_string(path)()
        done.append(f"{path}: {outcome}")
    return "; ".join(done)
