"""`yjaudit report` writes in the run's language, chosen once by `i18n.choose`: --language
(before or after `report`), else YJAUDIT_LANGUAGE, else Welsh LC_ALL or LANG."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cases.factories import make_service
from yjaudit.audits.models import AuditRound
from yjaudit.cli import i18n
from yjaudit.cli import report as report_command
from yjaudit.cli.main import main
from yjaudit.frameworks.selectors import get_current_edition
from yjaudit.frameworks.services import sync_bundled_frameworks

# The variables the run reads, cleared so the machine's own locale cannot decide.
CLEAN = {"YJAUDIT_LANGUAGE": "", "LANG": "C.UTF-8", "LC_ALL": ""}


@pytest.fixture(autouse=True)
def english_afterwards() -> Any:
    yield
    i18n.activate("en")


@pytest.fixture
def audit_round(db: Any) -> AuditRound:
    sync_bundled_frameworks()
    return AuditRound.objects.create(
        service=make_service(code="LANGS", name="Langs YJS"),
        framework_edition=get_current_edition("hmip-style-local-audit"),
        name="Quarter 1",
        kind="self-audit",
        period_start=dt.date(2024, 1, 1),
        period_end=dt.date(2024, 3, 31),
        sample_rule="fixed-n",
        requested_size=2,
    )


@pytest.fixture
def languages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The language each report was built in (building and rendering are the reports'
    tests' business; here only the language asked for matters)."""
    asked: list[str] = []

    def build(*args: Any, language: str, **kwargs: Any) -> object:
        asked.append(language)
        return object()

    monkeypatch.setattr("yjaudit.reports.make.build_document", build)
    monkeypatch.setattr("yjaudit.reports.render.render", lambda doc, fmt: b"<html></html>")
    return asked


@pytest.mark.parametrize(
    ("before", "after", "env", "expected"),
    [
        ([], [], {}, "en"),
        ([], [], {"LANG": "cy_GB.UTF-8"}, "cy"),
        ([], [], {"LC_ALL": "cy_GB.UTF-8", "LANG": "en_GB.UTF-8"}, "cy"),
        # A set LC_ALL overrides LANG, as the C library reads them.
        ([], [], {"LC_ALL": "en_GB.UTF-8", "LANG": "cy_GB.UTF-8"}, "en"),
        ([], [], {"YJAUDIT_LANGUAGE": "cy"}, "cy"),
        ([], [], {"YJAUDIT_LANGUAGE": "en", "LANG": "cy_GB.UTF-8"}, "en"),
        ([], [], {"YJAUDIT_LANGUAGE": "  ", "LANG": "cy_GB.UTF-8"}, "cy"),  # blank: unset
        ([], ["--language", "cy"], {"YJAUDIT_LANGUAGE": "en"}, "cy"),
        (["--language", "cy"], [], {"YJAUDIT_LANGUAGE": "en"}, "cy"),
        (["--language=en"], [], {"LANG": "cy_GB.UTF-8"}, "en"),
    ],
)
def test_the_report_is_written_in_the_runs_language(
    audit_round: AuditRound,
    languages: list[str],
    tmp_path: Path,
    before: list[str],
    after: list[str],
    env: dict[str, str],
    expected: str,
) -> None:
    out = tmp_path / "report.html"
    argv = [*before, "report", str(audit_round.pk), "--output", str(out), *after]
    result = CliRunner().invoke(main, argv, env={**CLEAN, **env})
    assert result.exit_code == 0, result.output
    assert languages == [expected]
    # The same choice the rest of the CLI makes: one function decides.
    assert i18n.choose(argv, {**CLEAN, **env}) == expected
    assert out.read_bytes() == b"<html></html>"


def test_report_has_no_language_rules_of_its_own() -> None:
    assert not hasattr(report_command, "default_language")
    assert report_command.LANGUAGES is i18n.LANGUAGES
