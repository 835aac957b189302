"""The bundled questionnaires by id (read once per process)."""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import get_language

from yjaudit.questionnaires import Questionnaire, bundled_questionnaires


@lru_cache(maxsize=1)
def bundled() -> dict[str, Questionnaire]:
    return {q.id: q for q in bundled_questionnaires()}


def questionnaire_of(questionnaire_id: str) -> Questionnaire | None:
    return bundled().get(questionnaire_id)


def words_language() -> str:
    """The language of a questionnaire's words on this request: Welsh ("cy") when the
    active language is Welsh, English otherwise. Answers are codes in either."""
    return "cy" if (get_language() or "").startswith("cy") else "en"
