"""Inspector-style wording of counts, and strengths / areas for improvement.

Pure Python: no Django. Thresholds and words are settings (defaults.yaml).
"""

from .numbers import number, sentence_start, spell
from .phrases import Kind, Phrase, describe, whole_percent
from .selection import (
    Finding,
    FindingKind,
    ResultItem,
    Selection,
    item_from_figure,
    select_findings,
    word_finding,
)
from .settings import (
    NarrativeSettings,
    NarrativeSettingsError,
    Style,
    default_settings,
    load_settings,
    parse_settings,
    settings_from_mapping,
)

__all__ = [
    "Finding",
    "FindingKind",
    "Kind",
    "NarrativeSettings",
    "NarrativeSettingsError",
    "Phrase",
    "ResultItem",
    "Selection",
    "Style",
    "default_settings",
    "describe",
    "item_from_figure",
    "load_settings",
    "number",
    "parse_settings",
    "select_findings",
    "sentence_start",
    "settings_from_mapping",
    "spell",
    "whole_percent",
    "word_finding",
]
