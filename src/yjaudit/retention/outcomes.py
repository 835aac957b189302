"""What a retention run and an erasure report: counts only, never a reference."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ErasureCounts:
    answers_kept: int = 0
    notes_cleared: int = 0
    monitoring_anonymised: int = 0
    # Rows elsewhere that named the reference and now name the token instead.
    trail_rewritten: int = 0
    texts_rewritten: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "answers_kept": self.answers_kept,
            "notes_cleared": self.notes_cleared,
            "monitoring_anonymised": self.monitoring_anonymised,
            "trail_rewritten": self.trail_rewritten,
            "texts_rewritten": self.texts_rewritten,
        }


@dataclass
class KindResult:
    kind: str
    action: str
    cutoff: dt.date
    count: int
    inferred: bool


@dataclass
class RetentionRun:
    today: dt.date
    applied: bool
    service: str | None
    results: list[KindResult] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "applied": self.applied,
            "service": self.service,
            "kinds": [
                {
                    "kind": r.kind,
                    "action": r.action,
                    "cutoff": r.cutoff.isoformat(),
                    "count": r.count,
                    "inferred": r.inferred,
                }
                for r in self.results
            ],
        }
