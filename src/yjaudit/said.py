"""A scheduled run's outcome in words any reader's language can give.

A scheduled call may return a `Said` instead of a plain line: message ids (marked with
`gettext_noop` where they are written, so the catalogue check asks for their Welsh) and
their values. The run keeps the English line as its record (logs, the CLI) and the
parts, so the schedule page words them in the reader's language. A value given as
`Said.word("Cases closed")` is itself a message id, worded too. Pure Python, below
every app, so any app's call may return one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

# A value that is itself words to translate: {WORD: msgid}.
WORD = "words"


@dataclass(frozen=True)
class Said:
    parts: tuple[tuple[str, Mapping[str, Any]], ...] = field(default_factory=tuple)

    @staticmethod
    def one(text: str, **values: Any) -> Said:
        return Said(((text, values),))

    @staticmethod
    def word(msgid: str) -> dict[str, str]:
        return {WORD: msgid}

    def as_json(self) -> list[list[Any]]:
        return [[text, dict(values)] for text, values in self.parts]

    def words(self, translate: Callable[[str], str] = lambda s: s) -> str:
        """The parts joined in `translate`'s language (as given: English)."""
        shown = []
        for text, values in self.parts:
            worded = {
                k: translate(v[WORD]) if isinstance(v, dict) and WORD in v else v
                for k, v in values.items()
            }
            shown.append(translate(text) % worded if worded else translate(text))
        return "; ".join(shown)

    def __str__(self) -> str:
        return self.words()


def from_json(data: Any) -> Said | None:
    """The stored parts back as a `Said` (None for anything else: a plain line's run)."""
    if not isinstance(data, list):
        return None
    parts = []
    for item in data:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
            return None
        values = item[1] if isinstance(item[1], dict) else {}
        parts.append((item[0], values))
    return Said(tuple(parts))
