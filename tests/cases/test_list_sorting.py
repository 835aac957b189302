"""The cases list sorts by its column headings, pages by 50, and ignores a bad query."""

import re

import pytest
from django.urls import reverse

from yjaudit.cases.models import Case
from yjaudit.organisations.models import Role

from .factories import make_caseload, make_people, make_service, make_user, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def qa_client(client):
    service = make_service()
    make_people(service)
    make_caseload(service, 120)
    return sign_in(client, make_user("qa", service, Role.QA_LEAD))


def _references(body: str) -> list[str]:
    return re.findall(r'href="/cases/\d+/">([^<]+)</a>', body)


def test_sorting_by_start_date_both_ways_with_aria_sort(qa_client):
    url = reverse("cases:list")
    body = qa_client.get(url, {"sort": "-start"}).content.decode()
    newest = list(Case.objects.order_by("-start_date", "-pk").values_list("reference", flat=True))
    assert _references(body) == newest[:50]
    assert 'aria-sort="descending"><a class="govuk-link" href="?sort=start">Start</a>' in body
    assert 'aria-sort="none"><a class="govuk-link" href="?sort=reference">Reference' in body
    second = qa_client.get(url, {"sort": "start", "page": "2"}).content.decode()
    oldest = list(Case.objects.order_by("start_date", "pk").values_list("reference", flat=True))
    assert _references(second) == oldest[50:100]
    assert 'aria-sort="ascending"' in second and 'aria-current="page">2<' in second
    # the page links keep the sort
    assert "?sort=start&amp;page=3" in second


def test_the_default_is_by_reference_and_headings_keep_the_filters(qa_client):
    body = qa_client.get(reverse("cases:list"), {"q": "DERBY", "page": "2"}).content.decode()
    refs = sorted(Case.objects.values_list("reference", flat=True))
    assert _references(body) == refs[50:100]
    assert 'aria-sort="ascending"><a class="govuk-link" href="?q=DERBY&amp;sort=-reference"' in body


@pytest.mark.parametrize(
    "query",
    [
        {"sort": "password"},
        {"sort": "rosh"},  # shown but not sortable
        {"sort": "-" * 500},
        {"sort": "reference", "page": "-1"},
        {"page": "x" * 5000},
        {"q": "x" * 5000},
    ],
)
def test_a_bad_query_string_is_ignored_never_an_error(qa_client, query):
    response = qa_client.get(reverse("cases:list"), query)
    assert response.status_code == 200
    body = response.content.decode()
    assert "aria-sort" in body or "No cases match" in body


def test_rosh_heading_is_not_a_link(qa_client):
    body = qa_client.get(reverse("cases:list")).content.decode()
    assert '<th scope="col" class="govuk-table__header">RoSH</th>' in body
