"""The bundled questionnaires by id (read once per process)."""

from __future__ import annotations

from functools import lru_cache

from yjaudit.questionnaires import Questionnaire, bundled_questionnaires


@lru_cache(maxsize=1)
def bundled() -> dict[str, Questionnaire]:
    return {q.id: q for q in bundled_questionnaires()}


def questionnaire_of(questionnaire_id: str) -> Questionnaire | None:
    return bundled().get(questionnaire_id)
