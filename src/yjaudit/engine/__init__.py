"""The scoring and rating engine: answers + a framework -> figures and ratings.

Pure Python (NumPy for the vectorised path); never imports Django.
"""

from .encode import AnswerArrays
from .scoring import resolve_value, score, score_arrays
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
    "AnswerArrays",
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
    "resolve_value",
    "score",
    "score_arrays",
]
