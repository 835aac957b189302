"""Cases, events and forum memberships as plain data (what the monitoring app reads
from the register and from case management exports). References only: no names."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import RiskLevel


@dataclass(frozen=True, slots=True)
class Case:
    reference: str
    start: dt.date
    end: dt.date | None = None  # the last day the case is open; None: still open
    disposal: str = ""
    case_manager: str = ""
    team: str = ""
    intervention_level: str = ""
    rosh: RiskLevel | None = None
    safety_wellbeing: RiskLevel | None = None

    def open_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    @property
    def risk(self) -> RiskLevel | None:
        """The higher of the two ratings (None when neither is recorded)."""
        levels = [r for r in (self.rosh, self.safety_wellbeing) if r is not None]
        return max(levels) if levels else None


@dataclass(frozen=True, slots=True)
class Event:
    reference: str
    kind: str  # assessment, panel, contact, home_visit, review...
    date: dt.date


@dataclass(frozen=True, slots=True)
class Membership:
    """A case held by a risk forum from `start` to `end` (inclusive; None: still held)."""

    reference: str
    forum: str
    start: dt.date
    end: dt.date | None = None

    def holds_on(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)
