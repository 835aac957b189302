"""Published ratings pages: the import without JavaScript, errors as 400 with rows and
columns, and a round's own figures beside the published distribution. GETs write nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from yjaudit.accounts.testing import verified_login
from yjaudit.audits.case_audits.round_scores import round_score
from yjaudit.audittrail.models import AuditEvent
from yjaudit.benchmarking import services
from yjaudit.benchmarking.models import PublishedInspection

from .conftest import STARTER, make_round

pytestmark = pytest.mark.django_db


def _upload(client: Client, data: bytes, name: str = "ratings.csv") -> Any:
    return client.post("/benchmarks/import/", {"file": SimpleUploadedFile(name, data, "text/csv")})


def test_the_platform_operator_imports_the_starter_file_and_sees_it_listed(
    client: Client, editions: Any, platform: Any
) -> None:
    verified_login(client, platform)
    assert client.get("/benchmarks/import/").status_code == 200
    r = _upload(client, STARTER.read_bytes())
    assert r.status_code == 302 and r.url == "/benchmarks/"
    page = client.get(r.url).content.decode()
    assert "6 published inspections" in page
    assert "Lambeth" in page and "South Tees" in page
    assert "inspection of youth justice work with children and victims in Lambeth" in page
    # Frameworks by name, never by id.
    edition = editions["hmip-youth-2021"]
    assert f">{edition.title}<" in page
    assert ">hmip-youth-2021<" not in page and ">hmip-youth-2025<" not in page


def test_a_bad_file_is_a_400_listing_rows_and_columns_and_writes_nothing(
    client: Client, editions: Any, platform: Any
) -> None:
    verified_login(client, platform)
    bad = STARTER.read_text().replace("Lambeth,2025,", "Lambeth,25th June,")
    r = _upload(client, bad.encode())
    assert r.status_code == 400
    page = r.content.decode()
    assert "Row 4, column inspection_date" in page and "Nothing was imported" in page
    assert not PublishedInspection.objects.exists()
    r = _upload(client, b"\x00\x01 not a table")
    assert r.status_code == 400 and not PublishedInspection.objects.exists()


def test_board_member_may_read_but_not_import(client: Client, editions: Any, board: Any) -> None:
    client.force_login(board)
    assert client.get("/benchmarks/").status_code == 200
    assert client.get("/benchmarks/import/").status_code == 403
    assert _upload(client, STARTER.read_bytes()).status_code == 403
    assert not PublishedInspection.objects.exists()


def _cells(page: str, heading: str) -> list[str]:
    """The cells of the comparison table's row headed `heading`, as text."""
    row = re.search(
        r'<th scope="row" class="govuk-table__header">' + re.escape(heading) + r"</th>(.*?)</tr>",
        page,
        re.S,
    )
    assert row, heading
    return [re.sub(r"<[^>]+>", " ", c).split() for c in re.findall(r"<td[^>]*>(.*?)</td>",
            row.group(1), re.S)]  # type: ignore[misc]  # fmt: skip


def test_a_round_beside_the_published_ratings(
    client: Client, editions: Any, service: Any, qa: Any
) -> None:
    services.import_published(actor=None, filename=STARTER.name, data=STARTER.read_bytes())
    r = make_round(service, editions["hmip-youth-2021"])
    result = round_score(r).result
    verified_login(client, qa)
    before = AuditEvent.objects.count()
    page = client.get(f"/benchmarks/rounds/{r.pk}/").content.decode()
    assert AuditEvent.objects.count() == before  # a GET writes nothing
    assert "1 published inspection rated on" in page  # East Sussex 2024
    s22 = result.standard("2.2")
    cells = _cells(page, "2.2 Planning")
    # This round's figure and rating, then East Sussex's Inadequate for planning.
    assert cells[0] == [f"{s22.figure.percent}%"]
    assert " ".join(cells[1]).startswith(s22.rating or "")
    assert [c[0] for c in cells[2:]] == ["0", "0", "0", "1", "1"]
    assert cells[5] == ["1", "(100.0%)"]
    overall = _cells(page, "Overall")
    assert [c[0] for c in overall[2:]] == ["0", "1", "0", "0", "1"]  # East Sussex: Good
    # One chart per item with published ratings, each with its data table.
    assert page.count("<svg") == 14  # 13 standards and the overall
    assert "Data for “2.2 Planning: published ratings”" in page


def test_the_reports_page_links_to_the_comparison(
    client: Client, editions: Any, service: Any, qa: Any
) -> None:
    r = make_round(service, editions["hmip-youth-2021"], size=6)
    verified_login(client, qa)
    page = client.get(f"/reports/rounds/{r.pk}/").content.decode()
    assert f'href="/benchmarks/rounds/{r.pk}/"' in page


def test_a_services_qa_lead_may_not_change_national_ratings(
    client: Client, editions: Any, qa: Any
) -> None:
    verified_login(client, qa)
    assert client.get("/benchmarks/").status_code == 200
    assert client.get("/benchmarks/import/").status_code == 403
    assert _upload(client, STARTER.read_bytes()).status_code == 403
    assert not PublishedInspection.objects.exists()
