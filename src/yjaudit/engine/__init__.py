"""The scoring and rating engine: answers + a framework -> figures and ratings.

Pure Python (NumPy for the vectorised path); never imports Django.
"""

from .types import (
    Answer,
    CaseAttributes,
    DomainResult,
    EngineInputError,
    Figure,
    GroupResult,
    Judgement,
    KeyQuestionResult,
    OverallResult,
    Override,
    PromptResult,
    ScoreReport,
    ScoreResult,
    StandardResult,
)

__all__ = [
    "Answer",
    "CaseAttributes",
    "DomainResult",
    "EngineInputError",
    "Figure",
    "GroupResult",
    "Judgement",
    "KeyQuestionResult",
    "OverallResult",
    "Override",
    "PromptResult",
    "ScoreReport",
    "ScoreResult",
    "StandardResult",
]
