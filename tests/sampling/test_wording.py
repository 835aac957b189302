"""Sample-size rules' Welsh words: every bundled rule has Welsh for every word, a wording
file is checked against its rule (file, line and field), and only words change, so a
sample is the same whatever the reader's language."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from yjaudit.sampling import Unit, draw, load_rules
from yjaudit.sampling.rules import RULES_DIR, parse_rule
from yjaudit.sampling.wording import parse_wording_text, untranslated
from yjaudit.spec import FrameworkFileError
from yjaudit.spec.loader import read_text
from yjaudit.spec.wording import wording_path

RULE_FILES = sorted(RULES_DIR.glob("*.yaml"))
WORDS = ("name", "notes")


def test_the_six_bundled_rules_are_all_here() -> None:
    assert {p.stem for p in RULE_FILES} == {
        "fixed-n",
        "hmip-children",
        "hmip-victims",
        "management-oversight",
        "sqs",
        "yjb-national-standards",
    }


@pytest.mark.parametrize("path", RULE_FILES, ids=lambda p: p.stem)
def test_every_word_of_every_bundled_rule_has_welsh(path: Path) -> None:
    rule = parse_rule(read_text(path), path.name)
    welsh = wording_path(path, "cy")
    assert welsh is not None and welsh.is_file(), f"{path.name}: no Welsh wording file {welsh}"
    wording = parse_wording_text(read_text(welsh), str(welsh), rule)
    assert wording.language == "cy" and wording.review in ("machine-assisted", "reviewed")
    missing = [".".join(map(str, loc)) for loc, _ in untranslated(wording, rule)]
    assert not missing, f"{welsh}: no Welsh for {', '.join(missing)}"


def test_every_welsh_wording_file_translates_a_bundled_rule() -> None:
    welsh = {p.name for p in (RULES_DIR / "cy").glob("*.yaml")}
    assert welsh == {p.name for p in RULE_FILES}


def test_welsh_changes_the_words_and_nothing_else() -> None:
    english, welsh = load_rules(), load_rules(language="cy")
    assert list(welsh) == list(english)
    for ident, en in english.items():
        cy = welsh[ident]
        assert cy.name != en.name, ident
        assert (cy.notes != en.notes) if en.notes else not cy.notes, ident
        assert cy.model_dump(exclude=set(WORDS)) == en.model_dump(exclude=set(WORDS))
    assert welsh["management-oversight"].notes == (
        "Mae nifer yr achosion fesul rheolwr wedi'i gasglu."
    )
    assert welsh["fixed-n"].name.startswith("Nifer penodol o achosion")
    # Any language without files, and odd codes, are English.
    assert load_rules(language="fr") == english
    assert load_rules(language="../cy") == english


def _caseload(n: int) -> list[Unit]:
    rng = random.Random(n)
    return [
        Unit(
            id=f"C{i:04d}",
            stratum=rng.choice(["court", "out-of-court"]),
            attributes={"sex": rng.choice(["male", "female"]), "rosh": rng.choice("lmh")},
        )
        for i in range(n)
    ]


@pytest.mark.parametrize("caseload", [0, 5, 14, 51, 120, 300, 701, 2000])
def test_sample_sizes_and_draws_are_the_same_in_every_language(caseload: int) -> None:
    english, welsh = load_rules(), load_rules(language="cy")
    units = _caseload(caseload)
    for ident, en in english.items():
        size = en.size_for(caseload, requested=12)
        assert welsh[ident].size_for(caseload, requested=12) == size, ident
        assert draw(units, size, seed=caseload) == draw(
            units, welsh[ident].size_for(caseload, requested=12), seed=caseload
        )


def _rule_dir(tmp_path: Path, wording: str, name: str = "hmip-children.yaml") -> Path:
    (tmp_path / "hmip-children.yaml").write_text(
        (RULES_DIR / "hmip-children.yaml").read_text("utf-8"), "utf-8"
    )
    (tmp_path / "sqs.yaml").write_text((RULES_DIR / "sqs.yaml").read_text("utf-8"), "utf-8")
    (tmp_path / "cy").mkdir()
    (tmp_path / "cy" / name).write_text(wording, "utf-8")
    return tmp_path


def _refused(directory: Path) -> dict[tuple[int | None, str], str]:
    with pytest.raises(FrameworkFileError) as caught:
        load_rules(directory, language="cy")
    return {(p.line, p.field): f"{p.file}: {p.message}" for p in caught.value.problems}


HEAD = "sample_rule: hmip-children\nlanguage: cy\nreview: machine-assisted\n"


def test_a_missing_entry_or_file_falls_back_to_english(tmp_path: Path) -> None:
    directory = _rule_dir(tmp_path, HEAD + "name: Arolygiad HMIP, achosion plant\n")
    rules = load_rules(directory, language="cy")
    assert rules["hmip-children"].name == "Arolygiad HMIP, achosion plant"
    assert rules["hmip-children"].notes.startswith("Minimum and maximum are published")
    assert rules["sqs"].name == "Short Quality Screening (20 cases)"  # no cy/sqs.yaml


def test_a_field_that_is_not_words_is_an_error_with_file_line_and_field(tmp_path: Path) -> None:
    directory = _rule_dir(tmp_path, HEAD + "name: Arolygiad\nmaximum: 50\n")
    problems = _refused(directory)
    assert list(problems) == [(5, "maximum")]
    assert problems[(5, "maximum")].startswith(str(directory / "cy" / "hmip-children.yaml"))


def test_another_rules_id_is_an_error_with_file_line_and_field(tmp_path: Path) -> None:
    directory = _rule_dir(tmp_path, "review: machine-assisted\nlanguage: cy\nsample_rule: sqs\n")
    problems = _refused(directory)
    assert list(problems) == [(3, "sample_rule")]
    assert "'sqs'; the rule is 'hmip-children'" in problems[(3, "sample_rule")]


def test_words_for_what_the_rule_has_no_words_for_are_refused(tmp_path: Path) -> None:
    # sqs has a name and no notes.
    directory = _rule_dir(
        tmp_path,
        "sample_rule: sqs\nlanguage: cy\nreview: machine-assisted\n"
        "name: Sgrinio\nnotes: Nodiadau\n",
        name="sqs.yaml",
    )
    problems = _refused(directory)
    assert list(problems) == [(5, "notes")]
    assert "no words here to translate" in problems[(5, "notes")]


def test_a_wording_file_in_the_wrong_language_or_for_no_rule_is_refused(tmp_path: Path) -> None:
    directory = _rule_dir(tmp_path, "sample_rule: hmip-children\nlanguage: ga\nreview: reviewed\n")
    (directory / "cy" / "hmip-childern.yaml").write_text(HEAD, "utf-8")
    problems = _refused(directory)
    assert set(problems) == {(2, "language"), (None, "")}
    assert "hmip-childern.yaml: there is no rule file 'hmip-childern.yaml'" in problems[(None, "")]


def test_a_name_too_long_for_a_label_is_refused(tmp_path: Path) -> None:
    directory = _rule_dir(tmp_path, HEAD + "name: " + "a" * 201 + "\n")
    assert list(_refused(directory)) == [(4, "name")]
