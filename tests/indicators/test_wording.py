"""Indicator sets' Welsh words: every bundled word has Welsh, the wording file is checked
against its set (file, line and field), and only words change."""

from __future__ import annotations

from pathlib import Path

import pytest

from yjaudit.indicators import bundled_indicator_sets, find_indicator_set
from yjaudit.indicators.loader import BUNDLED_DIR
from yjaudit.indicators.wording import parse_wording_text, untranslated
from yjaudit.spec import FrameworkFileError
from yjaudit.spec.loader import read_text
from yjaudit.spec.wording import wording_path

SET_FILES = sorted(BUNDLED_DIR.glob("*.yaml"))


@pytest.mark.parametrize("path", SET_FILES, ids=lambda p: p.stem)
def test_every_word_of_every_bundled_set_has_welsh(path: Path) -> None:
    indicator_set = find_indicator_set(str(path))
    welsh = wording_path(path, "cy")
    assert welsh is not None and welsh.is_file(), f"{path.name}: no Welsh wording file {welsh}"
    wording = parse_wording_text(read_text(welsh), str(welsh), indicator_set)
    assert wording.language == "cy" and wording.review in ("machine-assisted", "reviewed")
    missing = [".".join(map(str, loc)) for loc, _ in untranslated(wording, indicator_set)]
    assert not missing, f"{welsh}: no Welsh for {', '.join(missing)}"


def test_welsh_changes_the_words_and_nothing_else() -> None:
    for english, welsh in zip(bundled_indicator_sets(), bundled_indicator_sets("cy"), strict=True):
        assert welsh.name != english.name
        for en, cy in zip(english.indicators, welsh.indicators, strict=True):
            assert cy.title != en.title, en.id
            assert cy.model_dump(exclude={"title", "description"}) == en.model_dump(
                exclude={"title", "description"}
            )
    kpi = find_indicator_set("yjb-kpi-2023", "cy").get("kpi1-accommodation")
    assert kpi.title == "DPA 1: llety addas ar ddiwedd yr ymyriad"
    # Any language without a file, and odd codes, are English.
    assert find_indicator_set("yjb-kpi-2023", "fr") == find_indicator_set("yjb-kpi-2023")
    assert find_indicator_set("yjb-kpi-2023", "../cy") == find_indicator_set("yjb-kpi-2023")


def _set_file(tmp_path: Path, wording: str) -> Path:
    path = tmp_path / "yjb-kpi-2023.yaml"
    path.write_text((BUNDLED_DIR / "yjb-kpi-2023.yaml").read_text("utf-8"), "utf-8")
    (tmp_path / "cy").mkdir()
    (tmp_path / "cy" / path.name).write_text(wording, "utf-8")
    return path


def test_a_missing_entry_falls_back_to_english(tmp_path: Path) -> None:
    path = _set_file(
        tmp_path,
        "indicator_set: yjb-kpi-2023\nlanguage: cy\nreview: machine-assisted\n"
        "indicators:\n  kpi2-ete:\n    title: DPA 2 yn Gymraeg\n",
    )
    found = find_indicator_set(str(path), "cy")
    assert found.name == "YJB key performance indicators (from April 2023)"
    assert found.get("kpi2-ete").title == "DPA 2 yn Gymraeg"
    assert found.get("kpi1-accommodation").title.startswith("KPI 1:")


def test_an_id_the_set_lacks_is_an_error_with_file_line_and_field(tmp_path: Path) -> None:
    path = _set_file(
        tmp_path,
        "indicator_set: yjb-kpi-2023\nlanguage: cy\nreview: machine-assisted\n"
        "indicators:\n  kpi1-accommodation:\n    title: DPA 1\n"
        "  kpi99-nothing:\n    title: Dim byd\n"
        "  kpi2-ete:\n    description: Nid oes gan y dangosydd hwn ddisgrifiad\n",
    )
    with pytest.raises(FrameworkFileError) as caught:
        find_indicator_set(str(path), "cy")
    problems = {(p.line, p.field): p for p in caught.value.problems}
    assert set(problems) == {
        (7, "indicators.kpi99-nothing"),
        (10, "indicators.kpi2-ete.description"),
    }
    assert problems[(7, "indicators.kpi99-nothing")].file == str(tmp_path / "cy" / path.name)
    assert "no indicator 'kpi99-nothing'" in str(caught.value)


def test_a_wording_file_holds_words_only(tmp_path: Path) -> None:
    path = _set_file(
        tmp_path,
        "indicator_set: yjb-kpi-2023\nlanguage: cy\nreview: machine-assisted\n"
        "indicators:\n  kpi1-accommodation:\n    per: 1000\n",
    )
    with pytest.raises(FrameworkFileError) as caught:
        find_indicator_set(str(path), "cy")
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (6, "indicators.kpi1-accommodation.per")


def test_a_wording_file_for_another_set_or_language_is_refused(tmp_path: Path) -> None:
    path = _set_file(
        tmp_path, "indicator_set: area-context\nlanguage: cy\nreview: machine-assisted\n"
    )
    with pytest.raises(FrameworkFileError, match="indicator_set"):
        find_indicator_set(str(path), "cy")
    (tmp_path / "cy" / path.name).write_text(
        "indicator_set: yjb-kpi-2023\nlanguage: ga\nreview: reviewed\n", "utf-8"
    )
    with pytest.raises(FrameworkFileError) as caught:
        find_indicator_set(str(path), "cy")
    assert (caught.value.problems[0].line, caught.value.problems[0].field) == (2, "language")
