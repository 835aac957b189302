"""The rounds list: search by name, sort by heading, 50 a page, a bad query ignored."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from cases.factories import make_service, make_user, sign_in
from yjaudit.audits.models import AuditRound
from yjaudit.organisations.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(service, edition):
    other = make_service("LEEDS", "Leeds YJS")
    made = []
    for i in range(60):
        end = dt.date(2020, 1, 1) + dt.timedelta(days=30 * i)
        made.append(
            AuditRound.objects.create(
                service=service,
                framework_edition=edition,
                name=f"{'Spring' if i % 2 else 'Autumn'} round {i:02d}",
                kind="self-audit",
                period_start=end - dt.timedelta(days=89),
                period_end=end,
                sample_rule="fixed-n",
                requested_size=10,
            )
        )
    AuditRound.objects.create(
        service=other,
        framework_edition=edition,
        name="Spring round in Leeds",
        kind="self-audit",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 3, 31),
        sample_rule="fixed-n",
        requested_size=10,
    )
    return made


def _names(body: str) -> list[str]:
    return re.findall(r'href="/rounds/\d+/">([^<]+)</a>', body)


def test_newest_first_by_default_fifty_a_page(client, service, rounds):
    sign_in(client, make_user("lead", service, Role.QA_LEAD))
    body = client.get(reverse("rounds:list")).content.decode()
    assert "60 rounds" in body  # not Leeds's round
    assert _names(body) == [r.name for r in reversed(rounds)][:50]
    assert 'aria-sort="descending"><a class="govuk-link" href="?sort=period">Period</a>' in body
    last = client.get(reverse("rounds:list"), {"page": "2"}).content.decode()
    assert _names(last) == [r.name for r in reversed(rounds)][50:]
    assert 'class="govuk-pagination"' in last


def test_search_and_sort_by_name(client, service, rounds):
    sign_in(client, make_user("lead", service, Role.QA_LEAD))
    body = client.get(reverse("rounds:list"), {"q": "spring", "sort": "-name"}).content.decode()
    springs = sorted((r.name for r in rounds if r.name.startswith("Spring")), reverse=True)
    assert "30 rounds" in body and _names(body) == springs
    assert "Leeds" not in body
    assert 'aria-sort="descending"><a class="govuk-link" href="?q=spring&amp;sort=name">' in body
    assert 'name="sort" value="-name"' in body  # the search keeps the order
    none = client.get(reverse("rounds:list"), {"q": "winter"}).content.decode()
    assert "No rounds match." in none


@pytest.mark.parametrize("query", [{"sort": "service__password"}, {"page": "0"}, {"q": "x" * 999}])
def test_a_bad_query_is_ignored(client, service, rounds, query):
    sign_in(client, make_user("lead", service, Role.QA_LEAD))
    assert client.get(reverse("rounds:list"), query).status_code == 200
