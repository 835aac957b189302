"""`yjaudit compliance ...` on the hand-made register."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import time_machine
from click.testing import CliRunner

from yjaudit.cli.compliance import compliance
from yjaudit.practice.models import CaseEvent

from .conftest import EVENTS_CSV, MEMBERSHIPS_CSV, Register

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2025, 4, 15, 10, 0, tzinfo=dt.UTC), tick=False)
def test_import_then_figures_and_uncovered(tmp_path: Path, register: Register) -> None:
    events, members = tmp_path / "events.csv", tmp_path / "forums.csv"
    events.write_text(EVENTS_CSV)
    members.write_text(MEMBERSHIPS_CSV)
    runner = CliRunner()
    dry = runner.invoke(
        compliance, ["import-events", str(events), "--service", "demo", "--dry-run"]
    )
    assert dry.exit_code == 0, dry.output
    assert "3 events rows: 3 would be written" in dry.output and CaseEvent.objects.count() == 0
    done = runner.invoke(compliance, ["import-events", str(events), "--service", "DEMO", "--json"])
    assert json.loads(done.stdout)["written"] == 3 and CaseEvent.objects.count() == 3
    assert "Child's name" in done.stderr  # named as dropped, never stored
    assert (
        runner.invoke(
            compliance, ["import-memberships", str(members), "--service", "DEMO"]
        ).exit_code
        == 0
    )
    result = runner.invoke(compliance, ["figures", "--service", "DEMO", "--json"])
    rows = {r["rule"]: r for r in json.loads(result.output)["figures"]}
    assert json.loads(result.output)["month"] == "2025-03"
    ro = rows["assessment-referral-order"]
    assert (ro["due"], ro["met"], ro["missed"], ro["missed_cases"]) == (2, 1, 1, ["P-2"])
    by_manager = runner.invoke(
        compliance, ["figures", "--service", "DEMO", "--month", "2025-03", "--by", "case_manager"]
    )
    assert "Bob Casemanager" in by_manager.output
    gaps = runner.invoke(compliance, ["uncovered", "--service", "DEMO", "--json"])
    assert [
        (u["reference"], u["days_uncovered"]) for u in json.loads(gaps.output)["uncovered"]
    ] == [("P-2", 44)]


def test_bad_file_reports_rows_and_writes_nothing(tmp_path: Path, register: Register) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Reference,Event type,Date\nX-1,contact,01/03/2025\nP-1,visit,01/03/2025\n")
    result = CliRunner().invoke(compliance, ["import-events", str(bad), "--service", "DEMO"])
    assert result.exit_code == 2
    assert f"{bad}:2:Reference:" in result.stderr and f"{bad}:3:Event type:" in result.stderr
    assert CaseEvent.objects.count() == 0


def test_settings_threshold_and_forum(register: Register) -> None:
    runner = CliRunner()
    shown = runner.invoke(compliance, ["settings", "--service", "DEMO", "--json"])
    assert json.loads(shown.output)["threshold"] == "Medium"
    changed = runner.invoke(
        compliance,
        [
            "settings",
            "--service",
            "DEMO",
            "--threshold",
            "high",
            "--add-forum",
            "yot-risk",
            "YOT risk",
            "--json",
        ],
    )
    out = json.loads(changed.output)
    assert out["threshold"] == "High" and "YOT-RISK" in [f["code"] for f in out["forums"]]
    clash = runner.invoke(compliance, ["settings", "--service", "DEMO", "--add-forum", "IPC", "x"])
    assert clash.exit_code == 2 and "already has a forum IPC" in clash.output
