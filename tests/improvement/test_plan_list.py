"""The plans list: search by title, sort by heading, 50 a page, a bad query ignored."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from yjaudit.accounts.testing import verified_login
from yjaudit.improvement.models import ImprovementPlan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(service: Any, other_service: Any) -> list[ImprovementPlan]:
    made = [
        ImprovementPlan.objects.create(
            service=service,
            title=f"{'Inspection' if i % 3 == 0 else 'Self-audit'} plan {i:02d}",
            source_kind="inspection",
            published_on=dt.date(2020, 1, 1) + dt.timedelta(days=7 * i),
        )
        for i in range(55)
    ]
    ImprovementPlan.objects.create(
        service=other_service, title="Inspection plan elsewhere", source_kind="inspection"
    )
    return made


def _titles(body: str) -> list[str]:
    return re.findall(r'href="/plans/[0-9a-f-]+/">([^<]+)</a>', body)


def test_by_title_fifty_a_page_then_by_date_descending(manager: Any, plans: Any) -> None:
    client = verified_login(Client(), manager)
    body = client.get(reverse("plans:list")).content.decode()
    titles = sorted(p.title for p in plans)
    assert "55 plans" in body and _titles(body) == titles[:50]
    assert 'aria-sort="ascending"><a class="govuk-link" href="?sort=-title">Plan</a>' in body
    assert _titles(client.get(reverse("plans:list"), {"page": "2"}).content.decode()) == titles[50:]
    newest = client.get(reverse("plans:list"), {"sort": "-published"}).content.decode()
    assert _titles(newest)[:3] == [
        "Inspection plan 54",
        "Self-audit plan 53",
        "Self-audit plan 52",
    ]
    assert 'aria-sort="descending"><a class="govuk-link" href="?sort=published">' in newest


def test_search_by_title_and_a_bad_query_ignored(manager: Any, plans: Any) -> None:
    client = verified_login(Client(), manager)
    body = client.get(reverse("plans:list"), {"q": "inspection"}).content.decode()
    assert "19 plans" in body and "elsewhere" not in body
    assert "No plans match." in client.get(reverse("plans:list"), {"q": "zzz"}).content.decode()
    for query in ({"sort": "actions"}, {"sort": "title;drop"}, {"page": "-5"}, {"q": "q" * 900}):
        assert client.get(reverse("plans:list"), query).status_code == 200
