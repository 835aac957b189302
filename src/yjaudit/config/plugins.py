"""Plug-in settings: dotted paths to functions a deployment (or a test) may replace.

Each is imported directly: a typo fails loudly, never quietly as "no figures". The
system check `yjaudit.E001` imports every one at start-up (`manage.py check`, `migrate`,
`runserver`, `check --deploy`) and names the setting; a request that needs one imports
it again and raises the same error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

# setting -> default dotted path (used when the setting is unset or empty).
PLUGINS: dict[str, str] = {
    # A round's scores for plans: callable(round) -> ScoreResult | ScoreReport | None.
    "YJAUDIT_ROUND_RESULT": "yjaudit.audits.case_audits.round_scores.round_score",
    # A round's figures for reports: callable(round, *, by=()) -> ScoreReport | None.
    "YJAUDIT_REPORT_ROUND_SCORE": "yjaudit.audits.case_audits.round_scores.round_score",
    # The indicators section of a round's board pack: callable(round) -> tuple[Table, ...]
    # (empty while the service holds no monitoring records).
    "YJAUDIT_BOARD_INDICATORS": "yjaudit.monitoring.report.board_tables_for_round",
    # The children's and victims' views section of a round's board pack:
    # callable(round) -> tuple[Table, ...] (empty while the service holds no answers).
    "YJAUDIT_BOARD_VOICE": "yjaudit.voice.report.board_tables_for_round",
    # Sections added to a round's report and board pack: callable(round, kind, shown)
    # -> tuple[Section, ...] (empty when there is nothing to add).
    "YJAUDIT_REPORT_EXTRA_SECTIONS": "yjaudit.benchmarking.report.sections_for_round",
    # The compliance section of a round's board pack (National Standards figures and
    # risk forum coverage): callable(round) -> tuple[Table, ...] (empty without events).
    "YJAUDIT_BOARD_COMPLIANCE": "yjaudit.practice.report.board_tables_for_round",
    # Further sections of a round's report: callable(round, shown) -> tuple[Section, ...]
    # (the per-manager table of management oversight rounds; none for other rounds).
    "YJAUDIT_ROUND_REPORT_SECTIONS": "yjaudit.reports.oversight.manager_section",
}


def path_of(setting: str) -> str:
    return str(getattr(settings, setting) or PLUGINS[setting])


def plugin(setting: str) -> Callable[..., Any]:
    """The callable `setting` names; ImproperlyConfigured (naming it) if it cannot be had."""
    path = path_of(setting)
    try:
        found = import_string(path)
    except ImportError as exc:
        message = f"settings.{setting} = {path!r} cannot be imported: {exc}"
        raise ImproperlyConfigured(message) from exc
    if not callable(found):
        raise ImproperlyConfigured(f"settings.{setting} = {path!r} is not callable.")
    return found


def check_plugins(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """System check: every plug-in setting names a callable that imports."""
    errors: list[CheckMessage] = []
    for setting in PLUGINS:
        try:
            plugin(setting)
        except ImproperlyConfigured as exc:
            errors.append(
                Error(str(exc), hint=f"Fix or remove settings.{setting}.", id="yjaudit.E001")
            )
    return errors
