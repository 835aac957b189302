"""`yjaudit report`: every kind to a file, clear errors with exit status 2."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from yjaudit.cli.main import main


def _run(*args: str) -> Any:
    return CliRunner().invoke(main, ["report", *args])


def test_board_pack_pdf_with_a_progress_bar(world: Any, tmp_path: Path) -> None:
    for q in (1, 2, 3):
        world.round("DERBY", year=2024, quarter=q, size=12)
    r = world.round("DERBY", year=2024, quarter=4, size=12)
    out = tmp_path / "pack.pdf"
    result = _run(str(r.pk), "--kind", "board", "--format", "pdf", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    assert "Scoring rounds" in result.output  # the progress bar (stderr, mixed in here)
    assert f"board report for round {r.pk} (pdf" in result.output


def test_format_from_the_file_name_and_practitioner(world: Any, tmp_path: Path) -> None:
    r = world.round("DERBY", size=12)
    staff = world.staff["DERBY"][0]
    out = tmp_path / "feedback.docx"
    result = _run(
        str(r.pk), "--kind", "practitioner", "--staff", str(staff.pk), "--output", str(out)
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"PK")


def test_errors(world: Any, tmp_path: Path) -> None:
    r = world.round("DERBY", size=12)
    bad = tmp_path / "bench.csv"
    bad.write_text("item,lowest,average,highest\n2.1,x,1,2\n")
    cases = [
        ((str(r.pk), "--kind", "practitioner", "--output", "f.pdf"), "--staff: practitioner"),
        (("999999", "--output", str(tmp_path / "x.pdf")), "no audit round 999999"),
        ((str(r.pk), "--output", str(tmp_path / "x.txt")), "--format: give one of"),
        (
            (str(r.pk), "--kind", "practitioner", "--staff", "999999", "--output", "f.pdf"),
            "--staff: no staff member 999999",
        ),
        (
            (str(r.pk), "--benchmarks", str(bad), "--output", str(tmp_path / "x.html")),
            "row 2, lowest: 'x' is not a number",
        ),
    ]
    for args, message in cases:
        result = _run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output
        assert "Traceback" not in result.output
