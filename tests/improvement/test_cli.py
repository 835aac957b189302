from __future__ import annotations

import io
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from yjaudit.cli.main import main

from .coventry import build_xlsx, expected_export_rows

pytestmark = pytest.mark.django_db


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args), catch_exceptions=True)


def test_import_then_export(inspection_plan: Any, tmp_path: Any) -> None:
    sheet = tmp_path / "coventry.xlsx"
    sheet.write_bytes(build_xlsx())
    result = run("plans", "import", str(sheet), str(inspection_plan.pk))
    assert result.exit_code == 0, result.output
    assert "imported 8 recommendations and 17 actions" in result.output
    out = tmp_path / "plan.xlsx"
    result = run("plans", "export", str(inspection_plan.pk), "--output", str(out))
    assert result.exit_code == 0, result.output
    ws = load_workbook(io.BytesIO(out.read_bytes())).active
    assert ws is not None
    labels = [r[0] for r in ws.iter_rows(values_only=True) if r[0]]
    assert [row[0] for row in expected_export_rows() if len(row) > 1] == [
        v for v in labels if str(v)[0].isdigit()
    ]


def test_problems_are_listed_by_row_and_nothing_is_written(
    inspection_plan: Any, tmp_path: Any
) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["", "Action", "Timescale", "Lead", "Outcome", "Progress"])
    ws.append(["1", "No heading above", "", "", "", ""])
    path = tmp_path / "bad.xlsx"
    wb.save(path)
    result = run("plans", "import", str(path), str(inspection_plan.pk))
    assert result.exit_code == 2
    assert f"{path}:2:-: An action needs a recommendation" in result.output
    assert not inspection_plan.actions.exists()
    assert run("plans", "import", str(path), "not-a-uuid").exit_code == 2
    assert run("plans", "export", str(inspection_plan.pk), "--output", "x.txt").exit_code == 2
