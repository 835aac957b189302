"""`yjaudit benchmarks import|list` and the API: the same import, the same checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from yjaudit.accounts.testing import make_user, verified_login
from yjaudit.benchmarking.models import PublishedInspection
from yjaudit.cli.benchmarks import benchmarks

from .conftest import STARTER, make_round

pytestmark = pytest.mark.django_db


def test_cli_imports_the_starter_file_and_lists_it(editions: Any) -> None:
    result = CliRunner().invoke(benchmarks, ["import", "--starter"])
    assert result.exit_code == 0, result.output
    assert "6 added, 0 updated, 0 unchanged" in result.output
    listed = CliRunner().invoke(benchmarks, ["list", "--framework", "hmip-youth-2021", "--json"])
    (east_sussex,) = json.loads(listed.output)
    assert east_sussex["service"] == "East Sussex" and east_sussex["overall_score"] == 25
    assert east_sussex["ratings"]["2.2"] == "Inadequate"
    table = CliRunner().invoke(benchmarks, ["list"]).output
    assert "South Tees" in table and "hmip-youth-2025" in table


def test_cli_reports_file_row_column_and_writes_nothing(editions: Any, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(STARTER.read_text().replace(",Outstanding,Good,", ",Outstanding,Fine,", 1))
    result = CliRunner().invoke(benchmarks, ["import", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:3:2.1: “Fine” is not a rating of 2.1" in result.output
    assert "nothing was imported" in result.output
    assert not PublishedInspection.objects.exists()
    assert CliRunner().invoke(benchmarks, ["import"]).exit_code == 2  # neither file nor starter


def test_api_import_list_and_comparison(
    client: Client, editions: Any, service: Any, platform: Any, qa: Any
) -> None:
    verified_login(client, platform)
    upload = SimpleUploadedFile("r.csv", STARTER.read_bytes(), "text/csv")
    r = client.post("/api/v1/benchmarks/imports/", {"file": upload})
    assert r.status_code == 201 and r.json() == {"created": 6, "updated": 0, "unchanged": 0}
    bad = SimpleUploadedFile("r.csv", b"service,framework\nX,y\n", "text/csv")
    r = client.post("/api/v1/benchmarks/imports/", {"file": bad})
    assert r.status_code == 400
    assert {"row": 1, "column": "inspection_date"} in [
        {k: p[k] for k in ("row", "column")} for p in r.json()["problems"]
    ]
    listed = client.get("/api/v1/benchmarks/?framework=hmip-youth-2025-children-victims").json()
    assert sorted(p["service"] for p in listed) == ["Derby", "Lambeth", "Wakefield"]
    audit_round = make_round(service, editions["hmip-youth-2025-children-victims"], size=10)
    # The round's own QA lead reads it beside the published ratings.
    client.logout()
    verified_login(client, qa)
    found = client.get(f"/api/v1/benchmarks/{audit_round.pk}/comparison/").json()
    items = {i["id"]: i for i in found["items"]}
    assert found["published"] == 3
    assert items["V"]["published"] == {
        "Outstanding": 1, "Good": 1, "Requires improvement": 1, "Inadequate": 0,
    }  # fmt: skip
    assert items["overall"]["published_rated"] == 3


def test_another_services_round_is_404(client: Client, editions: Any, service: Any) -> None:
    from yjaudit.organisations.models import Service

    other = Service.objects.create(name="Otherton YJS", code="OTHER", nation="england")
    audit_round = make_round(service, editions["hmip-youth-2021"], size=6)
    stranger = make_user("qa@other.example", service=other, roles=["qa_lead"])
    verified_login(client, stranger)
    assert client.get(f"/benchmarks/rounds/{audit_round.pk}/").status_code == 404
    assert client.get(f"/api/v1/benchmarks/{audit_round.pk}/comparison/").status_code == 404


def test_api_refuses_a_bad_framework_filter_with_400(
    client: Client, editions: Any, platform: Any
) -> None:
    verified_login(client, platform)
    for bad in ("x" * 65, "a\x00b", "../etc"):
        assert client.get("/api/v1/benchmarks/", {"framework": bad}).status_code == 400
    assert client.get("/api/v1/benchmarks/", {"framework": "hmip-youth-2021"}).json() == []
    assert client.get("/api/v1/benchmarks/999999/comparison/").status_code == 404
    assert client.post("/api/v1/benchmarks/imports/", {}).status_code == 400
