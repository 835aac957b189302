"""The demo: twelve months of children's and victims' answers, seeded once."""

from __future__ import annotations

import datetime as dt

from yjaudit.organisations.demo_support import DemoContext
from yjaudit.organisations.models import Service
from yjaudit.voice import demo, selectors
from yjaudit.voice.models import Link, Response
from yjaudit.voice.questionnaires import questionnaire_of


def test_demo_answers_cover_twelve_months_once(service: Service) -> None:
    context = DemoContext(service=service, log=lambda _m: None)
    demo.seed(context)
    rows = Response.objects.filter(collection__service=service)
    assert rows.filter(collection__questionnaire="children").count() == demo.PER_YEAR["children"]
    assert rows.filter(collection__questionnaire="victims").count() == demo.PER_YEAR["victims"]
    days = sorted(rows.values_list("submitted_on", flat=True))
    assert dt.date(2025, 4, 1) <= days[0] and days[-1] <= dt.date(2026, 3, 31)
    assert days[-1] - days[0] > dt.timedelta(days=300)
    assert {"online", "paper"} == set(rows.values_list("source", flat=True))
    used = Link.objects.filter(used=True).count()
    assert used == rows.filter(source="online").count()
    # Every quarter of 2025-26 has children's answers; results compute for each.
    children = questionnaire_of("children")
    assert children is not None
    quarter = selectors.latest_quarter(service, children, dt.date(2026, 6, 1))
    assert quarter.label == "2025-26 Q4"
    found = selectors.service_results(service, children, quarter)
    assert [r.answered > 0 for r in found.questions[1].trend] == [True] * 4
    demo.seed(context)  # idempotent
    assert rows.count() == sum(demo.PER_YEAR.values())
