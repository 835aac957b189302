"""Demo step: twelve months of synthetic questionnaire answers for the demo service.

April 2025 to March 2026 (the 2025-26 reporting year): about a dozen children's
questionnaires a quarter, most answered online through one-use links and some typed
in from paper, and a handful of victims' questionnaires (so some victims' questions
fall below the suppression minimum, as in real services). Written through the
services, the same every time. The answers lean positive; free text is generic, and
names no one. For demonstration only.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from yjaudit.questionnaires import QuestionKind, Questionnaire

from . import selectors, services
from .models import Collection
from .questionnaires import questionnaire_of

FIRST_DAY = dt.date(2025, 4, 1)
DAYS = 365  # to 31 March 2026
PER_YEAR = {"children": 48, "victims": 14}
PAPER_SHARE = 0.3
TEXT_SHARE = 0.3
# Weight of each answer by its place in the scale (the first answers are the positive ones).
WEIGHTS = (6, 3, 1.5, 1)
PHRASES = (
    "Having someone to talk to every week.",
    "Getting help with college.",
    "Being listened to.",
    "More help sooner would have been better.",
    "Meetings at times that suit me.",
)


def _answers(questionnaire: Questionnaire, rng: random.Random) -> dict[str, str]:
    answers: dict[str, str] = {}
    current = selectors.next_question(questionnaire, answers, None)
    while current is not None:
        if current.kind is QuestionKind.TEXT:
            if rng.random() < TEXT_SHARE:
                answers[current.id] = rng.choice(PHRASES)
        else:
            scale = questionnaire.scale_of(current)
            assert scale is not None
            values = [o.value for o in scale.options]
            answers[current.id] = rng.choices(values, WEIGHTS[: len(values)])[0]
        current = selectors.next_question(questionnaire, answers, current.id)
    return answers


def seed(context: Any) -> None:
    service = context.service
    if service is None or Collection.objects.filter(service=service).exists():
        return
    rng = random.Random(context.seed)
    for questionnaire_id, count in PER_YEAR.items():
        questionnaire = questionnaire_of(questionnaire_id)
        assert questionnaire is not None
        collection = services.open_collection(
            actor=None,
            service=service,
            questionnaire_id=questionnaire_id,
        )
        days = sorted(FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS)) for _ in range(count))
        # More links than answers: not everyone handed one answers.
        tokens = services.issue_links(actor=None, collection=collection, count=count + 10)
        for day in days:
            answers = _answers(questionnaire, rng)
            if rng.random() >= PAPER_SHARE:
                link = selectors.find_link(tokens.pop())
                assert link is not None
                for question_id, value in answers.items():
                    services.save_draft_answer(
                        actor=None, link=link, question_id=question_id, value=value
                    )
                services.submit_online(actor=None, link=link, language="en", today=day)
            else:
                services.enter_paper(
                    actor=None, collection=collection, answers=answers, submitted_on=day
                )
        context.log(f"Recorded {count} demo {questionnaire_id} questionnaires for {service.code}.")
