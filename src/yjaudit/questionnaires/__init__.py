"""Children's and victims' questionnaires: definitions as data, answer checking and
results per quarter (pure, no Django). See docs/compliance.md."""

from .loader import (
    bundled_questionnaires,
    find_questionnaire,
    load_questionnaire,
    parse_questionnaire_text,
)
from .model import Question, QuestionKind, Questionnaire, WelshStatus
from .results import (
    AnswerProblem,
    OptionResult,
    QuestionResult,
    Response,
    ResponsesError,
    asked,
    check_answers,
    results,
)

__all__ = [
    "AnswerProblem",
    "OptionResult",
    "Question",
    "QuestionKind",
    "QuestionResult",
    "Questionnaire",
    "Response",
    "ResponsesError",
    "WelshStatus",
    "asked",
    "bundled_questionnaires",
    "check_answers",
    "find_questionnaire",
    "load_questionnaire",
    "parse_questionnaire_text",
    "results",
]
