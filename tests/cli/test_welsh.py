"""The CLI in Welsh: chosen by --language, else YJAUDIT_LANGUAGE, else LANG/LC_ALL; help
and output from the catalogues (no Django needed); English output unchanged."""

from __future__ import annotations

import gettext as pygettext
from pathlib import Path

import pytest
from click.testing import CliRunner

from yjaudit.cli import i18n
from yjaudit.cli.main import main
from yjaudit.spec.loader import bundled_framework_paths

CY_MO = Path(i18n.__file__).parent / "locale" / "cy" / "LC_MESSAGES" / "django.mo"


@pytest.fixture(autouse=True)
def english_afterwards() -> object:
    yield
    i18n.activate("en")


def run(*args: str, env: dict[str, str] | None = None) -> object:
    clean = {"YJAUDIT_LANGUAGE": "", "LANG": "C.UTF-8", "LC_ALL": ""}
    return CliRunner().invoke(main, list(args), env={**clean, **(env or {})})


@pytest.mark.parametrize(
    ("argv", "environ", "chosen"),
    [
        (["--language", "cy", "score"], {}, "cy"),
        (["--language=en"], {"YJAUDIT_LANGUAGE": "cy"}, "en"),
        ([], {"YJAUDIT_LANGUAGE": "cy"}, "cy"),
        ([], {"LANG": "cy_GB.UTF-8"}, "cy"),
        ([], {"LC_ALL": "cy_GB"}, "cy"),
        ([], {"LANG": "en_GB.UTF-8"}, "en"),
        (["score", "--", "--language", "cy"], {}, "en"),
    ],
)
def test_the_language_is_chosen_in_order(
    argv: list[str], environ: dict[str, str], chosen: str
) -> None:
    assert i18n.choose(argv, environ) == chosen


def test_help_in_welsh() -> None:
    result = run("--language", "cy", "--help")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Defnydd:" in out and "Opsiynau:" in out and "Gorchmynion:" in out
    assert "Dangos y neges hon a gadael." in out
    assert "Fframweithiau arolygu: rhestru, dangos, dilysu, llwytho." in out
    assert "Show this message" not in out and "Inspection frameworks" not in out
    sub = run("frameworks", "validate", "--help", env={"YJAUDIT_LANGUAGE": "cy"}).output
    assert "Gwirio ffeiliau fframwaith" in sub and "Check framework files" not in sub


def test_help_in_english_is_unchanged_after_a_welsh_run() -> None:
    run("--language", "cy", "--help")
    out = run("--help").output
    assert out.startswith("Usage: ")
    assert "Inspection frameworks: list, show, validate, load." in out
    assert "Show this message and exit." in out


def test_a_command_without_django_speaks_welsh() -> None:
    path = str(bundled_framework_paths()[0])
    english = run("frameworks", "validate", path)
    assert english.exit_code == 0
    assert f"{path}: valid: " in english.output and " standards, " in english.output
    welsh = run("frameworks", "validate", path, env={"LANG": "cy_GB.UTF-8"})
    assert welsh.exit_code == 0
    assert f"{path}: dilys: " in welsh.output and " safon, " in welsh.output
    listed = run("--language", "cy", "frameworks", "list").output
    assert listed.split()[:4] == ["Dynodydd", "Argraffiad", "Enw", "Safonau"]


def test_errors_in_welsh() -> None:
    result = run("--language", "cy", "frameworks", "validate", "no-such-file.yaml")
    assert result.exit_code == 2
    assert "Cafwyd 1 broblem" in result.output


def test_every_help_text_has_welsh() -> None:
    with CY_MO.open("rb") as f:
        catalogue = pygettext.GNUTranslations(f)
    i18n.localise(main)
    texts = i18n.help_texts(main)
    assert len(texts) > 90
    missing = [t for t in texts if catalogue.gettext(t) == t]
    assert not missing, f"{len(missing)} help texts without Welsh: {missing[:5]}"
