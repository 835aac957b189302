"""Results across services: scoping by role, ratings in words, no small cells or case
references for a board member, a bounded number of queries whatever the number of
services (summaries come from the cache), filters, and a formula-safe CSV export."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.audits.case_audits.round_scores import round_score
from yjaudit.audits.models import AuditRound, RoundStatus
from yjaudit.audittrail.models import AuditEvent
from yjaudit.benchmarking import national
from yjaudit.organisations.models import RoleGrant, Service

from .conftest import make_round

pytestmark = pytest.mark.django_db

HMIP = "hmip-youth-2021"


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def _services(n: int, start: int = 0) -> list[Service]:
    return [
        Service.objects.create(name=f"Shire {i:02d} YJS", code=f"S{i:02d}", nation="england")
        for i in range(start, start + n)
    ]


def _grant(user: Any, services: list[Service], role: str) -> None:
    for s in services:
        RoleGrant.objects.create(user=user, service=s, role=role)


def test_an_inspector_in_two_of_three_services_sees_those_two_with_ratings_in_words(
    client: Client, editions: Any
) -> None:
    a, b, c = _services(3)
    for s in (a, b, c):
        make_round(s, editions[HMIP], size=6)
    AuditRound.objects.filter(service=a).update(status=RoundStatus.CLOSED)
    inspector = make_user("insp@example.org")
    _grant(inspector, [a, b], "inspector")
    verified_login(client, inspector)
    trail = AuditEvent.objects.count()
    page = client.get("/benchmarks/national/").content.decode()
    assert "Shire 00 YJS" in page and "Shire 01 YJS" in page
    assert "Shire 02 YJS" not in page
    assert "2 services shown, 2 with results" in page
    assert "Latest closed round" in page
    assert "Not closed: the latest round with results" in page
    # Ratings are words of the framework's scheme, never numbers alone.
    assert any(w in page for w in ("Outstanding", "Good", "Requires improvement", "Inadequate"))
    assert "<svg" in page and "ratings" in page
    # A GET writes nothing.
    assert AuditEvent.objects.count() == trail
    # The menu shows the page to someone with more than one service.
    assert 'href="/benchmarks/national/"' in page


def test_a_board_member_sees_no_case_references_and_no_small_cells(
    client: Client, editions: Any
) -> None:
    a, b = _services(2)
    make_round(a, editions[HMIP], size=3)
    make_round(b, editions[HMIP], size=3)
    board = make_user("board@example.org")
    _grant(board, [a, b], "board_member")
    client.force_login(board)
    page = client.get("/benchmarks/national/").content.decode()
    assert "S00-0" not in page and "S01-0" not in page
    assert "Not shown: fewer than 5 cases." in page
    rows = national.rows(board, national.Filters(), "en")
    assert rows and all(r.summary is not None for r in rows)
    for r in rows:
        assert r.summary is not None
        # Standards rated on cases read 3 cases each: not shown. Judgements about the
        # organisation are not case counts.
        assert r.round is not None
        on_cases = {s.id for s in round_score(r.round).result.standards if s.rated_by == "cases"}
        shown = {k: v for k, v in r.summary.ratings.items() if v and k in on_cases}
        assert not shown, (shown, r.summary.notes)


def test_one_service_only_hides_the_menu_item_but_not_the_page(
    client: Client, editions: Any
) -> None:
    (a,) = _services(1)
    qa = make_user("qa@example.org", service=a, roles=["qa_lead"])
    verified_login(client, qa)
    page = client.get("/benchmarks/national/").content.decode()
    assert "1 service shown, 0 with results" in page
    assert "No round with results" in page
    assert 'href="/benchmarks/national/"' not in page.split("<main")[0]


def _queries(user: Any) -> int:
    national.rows(user, national.Filters(), "en")  # warm: scores each round once
    with CaptureQueriesContext(connection) as ctx:
        national.rows(user, national.Filters(), "en")
    return len(ctx.captured_queries)


def test_queries_do_not_grow_with_the_number_of_services(
    editions: Any, django_assert_max_num_queries: Any
) -> None:
    first = _services(2)
    for s in first:
        make_round(s, editions[HMIP], size=5)
    platform = make_user("platform@example.org", is_superuser=True, is_staff=True)
    few = _queries(platform)
    more = _services(4, start=2)
    for s in more:
        make_round(s, editions[HMIP], size=5)
    platform = type(platform).objects.get(pk=platform.pk)  # forget cached roles
    many = _queries(platform)
    assert many == few
    with django_assert_max_num_queries(6):
        national.rows(platform, national.Filters(), "en")


def test_a_new_answer_version_is_a_new_summary(editions: Any) -> None:
    from yjaudit.audits.case_audits.round_scores import bump

    (a,) = _services(1)
    r = make_round(a, editions[HMIP], size=5)
    platform = make_user("platform@example.org", is_superuser=True, is_staff=True)
    national.rows(platform, national.Filters(), "en")
    bump(r.pk)
    with CaptureQueriesContext(connection) as ctx:
        national.rows(platform, national.Filters(), "en")
    # Re-scored: the round's answers are read again.
    assert any("caseanswer" in q["sql"].lower() for q in ctx.captured_queries)


def test_filters_search_and_bad_values(client: Client, editions: Any) -> None:
    a, b = _services(2)
    make_round(a, editions[HMIP], size=5)
    make_round(b, editions[HMIP], size=5)
    platform = make_user("platform@example.org", is_superuser=True, is_staff=True)
    verified_login(client, platform)
    page = client.get("/benchmarks/national/?q=Shire+01").content.decode()
    assert "Shire 01 YJS" in page and "Shire 00 YJS</th>" not in page
    page = client.get("/benchmarks/national/?subject=victims").content.decode()
    assert "0 with results" in page
    page = client.get("/benchmarks/national/?to=2023-12-31").content.decode()
    assert "0 with results" in page
    page = client.get("/benchmarks/national/?from=2024-06-01&to=2024-06-30").content.decode()
    assert "2 with results" in page
    # Dates as people type them (no browser date picker): UK order too.
    page = client.get("/benchmarks/national/?from=1/6/2024&to=30/06/2024").content.decode()
    assert "2 with results" in page and "There is a problem" not in page
    page = client.get("/benchmarks/national/?to=31/12/2023").content.decode()
    assert "0 with results" in page
    for bad in ("edition=x", "sort=evil", "page=999", "q=" + "x" * 500):
        assert client.get("/benchmarks/national/?" + bad).status_code == 200
    # A date that cannot be read is shown as a problem, kept as typed, and not applied.
    wrong = client.get("/benchmarks/national/?to=31/02/2023&from=2024-06-01")
    assert wrong.status_code == 200
    text = wrong.content.decode()
    assert "There is a problem" in text and 'href="#to"' in text
    assert 'value="31/02/2023"' in text and "govuk-input--error" in text
    assert "2 with results" in text  # only the readable "from" applied
    assert text.count("govuk-error-message") == 1
    assert "<title>Error:" in text
    sorted_page = client.get("/benchmarks/national/?sort=-service").content.decode()
    assert sorted_page.index("Shire 01 YJS") < sorted_page.index("Shire 00 YJS")


def test_csv_export_round_trips_and_neutralises_formulas(client: Client, editions: Any) -> None:
    (a,) = _services(1)
    a.name = "=HYPERLINK(1)"
    a.save()
    make_round(a, editions[HMIP], size=5)
    platform = make_user("platform@example.org", is_superuser=True, is_staff=True)
    verified_login(client, platform)
    r = client.get("/benchmarks/national.csv")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows and all(row["service"] == "'=HYPERLINK(1)" for row in rows)
    overall = [row for row in rows if row["item"] == "overall"]
    assert len(overall) == 1 and overall[0]["rating"] and overall[0]["case_audits"] == "5"
    found = national.rows(platform, national.Filters(), "en")
    assert found[0].summary is not None
    by_item = {row["item"]: row["rating"] for row in rows}
    for item in found[0].items:
        words = found[0].summary.ratings.get(item.id) or ""
        if words:
            assert by_item[item.id] == words


def test_the_reports_page_is_paged(client: Client, editions: Any) -> None:
    import datetime as dt

    from yjaudit.web.listing import PAGE_SIZE

    (a,) = _services(1)
    AuditRound.objects.bulk_create(
        AuditRound(
            service=a,
            framework_edition=editions[HMIP],
            name=f"Round {i:03d}",
            kind="self-audit",
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 3, 31),
            sample_rule="fixed-n",
        )
        for i in range(PAGE_SIZE + 3)
    )
    platform = make_user("platform@example.org", is_superuser=True, is_staff=True)
    qa = make_user("qa@example.org", service=a, roles=["qa_lead"])
    verified_login(client, qa)
    first = client.get("/reports/").content.decode()
    assert first.count("Round report<span") == PAGE_SIZE and 'rel="next"' in first
    last = client.get("/reports/?page=2").content.decode()
    assert last.count("Round report<span") == 3
    assert client.get("/reports/?page=x").status_code == 200
    assert platform.pk


def test_scoring_time_runs_out_rows_wait_and_the_next_request_goes_on(
    client: Client, editions: Any, settings: Any
) -> None:
    a, b = _services(2)
    make_round(a, editions[HMIP], size=5)
    make_round(b, editions[HMIP], size=5)
    platform = make_user("platform@example.org", is_superuser=True, is_staff=True)
    verified_login(client, platform)
    settings.YJAUDIT_NATIONAL_SCORING_SECONDS = 0
    page = client.get("/benchmarks/national/").content.decode()
    # One round is scored (the deadline is checked before each), the other waits.
    assert "The figures of 1 service are still being prepared" in page
    assert "1 with results" not in page or "2 services shown" in page
    page = client.get("/benchmarks/national/").content.decode()
    assert "still being prepared" not in page and "2 services shown, 2 with results" in page
