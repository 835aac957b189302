"""`yjaudit indicators figures`: a small cell's counts are not printed."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from click.testing import CliRunner

from yjaudit.cli.indicators import indicators

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2025, 8, 15, 10, 0, tzinfo=dt.UTC), tick=True)
def test_figures_by_ethnicity_hide_small_cells(quarter_data: Any) -> None:
    args = ["figures", "--service", "DEMO", "--quarter", "2025-26 Q1", "--by", "ethnicity"]
    result = CliRunner().invoke(indicators, [*args, "--json"])
    assert result.exit_code == 0, result.output
    kpi1 = [
        f for f in json.loads(result.output)["figures"] if f["indicator"] == "kpi1-accommodation"
    ]
    by_group = {f["group"][0]: f for f in kpi1}
    assert by_group["asian"]["suppressed"] is True
    assert (by_group["asian"]["numerator"], by_group["asian"]["denominator"]) == (None, None)
    assert (by_group["black"]["numerator"], by_group["black"]["denominator"]) == (6, 8)
    table = CliRunner().invoke(indicators, args)
    asian = next(
        line
        for line in table.output.splitlines()
        if "kpi1-accommodation" in line and "asian" in line
    )
    assert "3" not in asian.replace("kpi1", "")
