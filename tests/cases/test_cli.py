"""`yjaudit cases import` and `yjaudit sample`."""

import datetime as dt
import re

import pytest
from click.testing import CliRunner

from yjaudit.audits.rounds.services import create_round
from yjaudit.cases.models import Case
from yjaudit.cli.main import main
from yjaudit.frameworks.selectors import get_current_edition
from yjaudit.frameworks.services import sync_bundled_frameworks

from .factories import make_caseload, make_people, make_service

pytestmark = pytest.mark.django_db

GOOD = (
    "Case ref,Team,Case manager,Disposal,Start date,RoSH,Sex,Ethnicity\n"
    "A1,North,Alex Morgan,Referral order,03/04/2024,Low,Male,White\n"
    "A2,South,Sam Patel,Youth caution,2024-05-06,Medium,Female,Black\n"
)


@pytest.fixture
def service():
    s = make_service()
    make_people(s)
    return s


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=True)


def test_import_then_reimport(service, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(GOOD)
    result = run("cases", "import", str(path), "--service", "derby")
    assert result.exit_code == 0, result.output
    assert "2 cases were created, 0 updated" in result.stdout
    path.write_text(GOOD.replace("03/04/2024,Low", "03/04/2024,High"))
    result = run("cases", "import", str(path), "--service", "DERBY")
    assert "0 cases were created, 1 updated, 1 unchanged" in result.stdout
    assert Case.objects.get(reference="A1").rosh == "high"


def test_dry_run_writes_nothing(service, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(GOOD)
    result = run("cases", "import", str(path), "--service", "DERBY", "--dry-run")
    assert result.exit_code == 0
    assert "2 cases would be created" in result.stdout
    assert Case.objects.count() == 0


def test_errors_are_file_row_column_and_exit_2(service, tmp_path):
    path = tmp_path / "export.csv"
    path.write_text(GOOD + "A3,East,Alex Morgan,YRO,30/02/2024,Low,Male,White\n")
    result = run("cases", "import", str(path), "--service", "DERBY")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert f"{path}:4:Team: There is no team “East” in this service." in lines
    assert any(
        re.match(rf"{re.escape(str(path))}:4:Start date: .*not a real date", x) for x in lines
    )
    assert lines[-1] == "error: 2 problems; nothing was imported"
    assert "Traceback" not in result.output
    assert Case.objects.count() == 0


def test_bad_file_and_service(service, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(b"PK\x03\x04 not really")
    result = run("cases", "import", str(path), "--service", "DERBY")
    assert result.exit_code == 2
    assert "Excel workbook" in result.stderr
    result = run("cases", "import", str(path), "--service", "NOPE")
    assert result.exit_code == 2 and "no service with code" in result.stderr
    result = run("cases", "import", str(tmp_path / "missing.csv"), "--service", "DERBY")
    assert result.exit_code == 2 and "cannot read the file" in result.stderr


def test_long_import_shows_progress(service, tmp_path):
    rows = "".join(f"B{i},North,Alex Morgan,YRO,01/01/2024,Low,Male,White\n" for i in range(250))
    path = tmp_path / "big.csv"
    path.write_text(GOOD.splitlines()[0] + "\n" + rows)
    result = run("cases", "import", str(path), "--service", "DERBY")
    assert result.exit_code == 0, result.output
    assert "250 cases were created" in result.stdout
    assert Case.objects.count() == 250


def test_sample_command_repeats_with_a_seed(service):
    make_caseload(service, 120)
    # A real edition: drawing a sample creates its case audits (the framework's rules).
    sync_bundled_frameworks()
    edition = get_current_edition("sqs-2012")
    r = create_round(
        actor=None,
        service=service,
        framework_edition=edition,
        name="R",
        kind="self-audit",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 12, 31),
        sample_rule="sqs",
    )
    first = run("sample", str(r.pk), "--seed", "7")
    assert first.exit_code == 0, first.output
    assert "20 of 120 cases, rule sqs, seed 7" in first.stdout
    # A second draw without saying what may be replaced is refused (exit 2, nothing lost);
    # replacing the untouched cases with the same seed draws the same sample.
    refused = run("sample", str(r.pk), "--seed", "7")
    assert refused.exit_code == 2 and refused.stdout == ""
    again = run("sample", str(r.pk), "--seed", "7", "--replace-untouched")
    assert again.exit_code == 0, again.output
    assert again.stdout == first.stdout
    assert run("sample", "99999").exit_code == 2


def test_50_mb_file_refused_and_nothing_written(service, tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as f:
        f.write(GOOD.encode())
        f.write(b"x" * (50 * 1024 * 1024))
    result = run("cases", "import", str(path), "--service", "DERBY")
    assert result.exit_code == 2
    assert "the limit is 10 MB" in result.stderr
    assert Case.objects.count() == 0
