"""`yjaudit rounds list`, `plans list`, `staff list`: a table, or JSON with --json; one
output option name (`-o/--output`) across every command that writes a file."""

from __future__ import annotations

import datetime as dt
import json

import click
import pytest

from cases.factories import make_caseload, make_people, make_service
from yjaudit.audits.rounds.services import create_round
from yjaudit.cli.main import main
from yjaudit.frameworks.selectors import get_current_edition
from yjaudit.frameworks.services import sync_bundled_frameworks
from yjaudit.improvement.models import ImprovementPlan

from .conftest import Run, assert_bad_input


@pytest.fixture
def two_services(db):
    sync_bundled_frameworks()
    derby = make_service("DERBY", "Derby YJS")
    other = make_service("LEEDS", "Leeds YJS")
    make_people(derby)
    make_caseload(derby, 20)
    for service, name in ((derby, "Spring"), (other, "Autumn")):
        create_round(
            actor=None,
            service=service,
            framework_edition=get_current_edition("hmip-youth-2021"),
            name=name,
            kind="self-audit",
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 6, 30),
            sample_rule="fixed-n",
            requested_size=5,
        )
    ImprovementPlan.objects.create(service=derby, title="After Spring", source_kind="round")
    return derby, other


def test_rounds_list_table_and_json(run: Run, two_services) -> None:
    table = run("rounds", "list")
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[0].split()[:4] == ["Id", "Service", "Round", "Framework"]
    assert any("DERBY" in line and "Spring" in line for line in lines)
    assert any("LEEDS" in line and "Autumn" in line for line in lines)

    rows = json.loads(run("rounds", "list", "--service", "derby", "--json").output)
    assert [(r["service"], r["name"], r["framework"]) for r in rows] == [
        ("DERBY", "Spring", "hmip-youth-2021")
    ]
    assert rows[0]["period_start"] == "2024-01-01"


def test_plans_and_staff_lists(run: Run, two_services) -> None:
    plans = json.loads(run("plans", "list", "--json").output)
    assert [(p["service"], p["title"]) for p in plans] == [("DERBY", "After Spring")]
    assert run("plans", "list", "--service", "LEEDS").output.strip() == "None found."

    staff = json.loads(run("staff", "list", "--service", "DERBY", "--json").output)
    assert staff and {s["service"] for s in staff} == {"DERBY"}
    assert {"name", "role", "team", "has_account", "active"} <= set(staff[0])
    # Words, not codes, in what a person reads.
    table = run("staff", "list", "--service", "DERBY").output
    assert "Case manager" in table and "case_manager" not in table


def test_unknown_service_is_bad_input(run: Run, two_services) -> None:
    for group in ("rounds", "plans", "staff"):
        assert_bad_input(
            run(group, "list", "--service", "NOPE"), "--service NOPE: no service has that code"
        )


def _commands(group: click.Group, prefix: str = ""):
    # Through Click's own lookup: `main` imports a command's module only when asked.
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}", command


def test_one_output_option_name_across_commands() -> None:
    """A command writing a file takes `-o/--output`; no other spelling (e.g. `--out`)."""
    writers = []
    for name, command in _commands(main):
        for param in command.params:
            opts = set(getattr(param, "opts", [])) | set(getattr(param, "secondary_opts", []))
            if opts & {"--out", "--outfile", "--output-file", "--file-out"}:
                raise AssertionError(f"yjaudit {name}: {sorted(opts)}; use -o/--output")
            if "--output" in opts:
                assert "-o" in opts, f"yjaudit {name}: --output without -o"
                writers.append(name)
    assert {"report", "plans export", "answers export"} <= set(writers)
