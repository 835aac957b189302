"""The `audits` app's models: audit rounds and their samples, and the case audits.

Both live in this one Django app (label `audits`, one migration history); each half is
its own module, imported here by name so `yjaudit.audits.models.X` keeps working.
"""

from .case_audits import (
    AuditStatus,
    CaseAnswer,
    CaseAudit,
    InspectionFinding,
    JudgementRating,
    RatingOverride,
    Resolution,
    RoundAnswersVersion,
    SecondMark,
)
from .rounds import AuditRound, RoundKind, RoundStatus, RoundSubject, SampledCase, SampleStatus

__all__ = [
    "AuditRound",
    "AuditStatus",
    "CaseAnswer",
    "CaseAudit",
    "InspectionFinding",
    "JudgementRating",
    "RatingOverride",
    "Resolution",
    "RoundAnswersVersion",
    "RoundKind",
    "RoundStatus",
    "RoundSubject",
    "SampleStatus",
    "SampledCase",
    "SecondMark",
]
