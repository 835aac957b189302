"""Every word of every bundled questionnaire has Welsh (the questionnaire files hold both
languages side by side; `Text` requires both), and the Welsh is not the English."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from yjaudit.questionnaires import load_questionnaire
from yjaudit.questionnaires.loader import BUNDLED_DIR
from yjaudit.questionnaires.model import Questionnaire, Text

FILES = sorted(BUNDLED_DIR.glob("*.yaml"))


def _texts(q: Questionnaire) -> Iterator[tuple[str, Text]]:
    yield "title", q.title
    if q.description is not None:
        yield "description", q.description
    for scale in q.scales:
        for option in scale.options:
            yield f"scales.{scale.id}.{option.value}", option.text
    for question in q.questions:
        yield f"questions.{question.id}.text", question.text
        if question.hint is not None:
            yield f"questions.{question.id}.hint", question.hint


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_word_of_every_bundled_questionnaire_has_welsh(path: Path) -> None:
    q = load_questionnaire(path)
    assert q.welsh.status in ("machine-assisted", "reviewed")
    missing = [where for where, text in _texts(q) if not text.cy.strip() or text.cy == text.en]
    assert not missing, f"{path.name}: no Welsh for {', '.join(missing)}"
