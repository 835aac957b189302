"""`yjaudit frameworks load`: the bundled library into the database (what `make run` calls)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import MINI, Run, assert_bad_input

pytestmark = pytest.mark.django_db

BUNDLED = ["cci-2009", "hmip-style-local-audit", "hmip-youth-2018", "hmip-youth-2021", "sqs-2012"]


def test_load_creates_then_leaves_unchanged(run: Run) -> None:
    first = run("frameworks", "load")
    assert first.exit_code == 0, first.output
    lines = first.stdout.splitlines()
    created = {ln.split()[0] for ln in lines if ln.endswith(": created")}
    assert set(BUNDLED) <= created
    assert "hmip-youth-2018 (edition 2018): created" in lines
    again = run("frameworks", "load")
    assert again.exit_code == 0, again.output
    assert all(ln.endswith(": unchanged") for ln in again.stdout.splitlines())
    assert len(again.stdout.splitlines()) == len(lines)


def test_load_refuses_a_broken_library_file(run: Run, tmp_path: Path, settings: Any) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(MINI.read_text().replace('edition: "2024"\n', ""))
    settings.YJAUDIT_FRAMEWORK_DIRS = [tmp_path]
    # A missing field is reported at the start of its mapping: line 4, after the comments.
    assert_bad_input(run("frameworks", "load"), f"{broken}:4: edition: required field is missing")
