"""National Standards rules' and risk forums' Welsh words: every bundled word has Welsh,
a wording file is checked against its rule file (file, line and field), and only words
change."""

from __future__ import annotations

from pathlib import Path

import pytest

from yjaudit.compliance import bundled_rule_sets, find_rule_set, load_forum_policy
from yjaudit.compliance.loader import BUNDLED_DIR, FORUMS_FILE
from yjaudit.compliance.wording import parse_wording_text, untranslated
from yjaudit.spec import FrameworkFileError
from yjaudit.spec.loader import read_text
from yjaudit.spec.wording import wording_path

RULE_FILES = sorted(BUNDLED_DIR.glob("*.yaml"))


@pytest.mark.parametrize("path", [*RULE_FILES, FORUMS_FILE], ids=lambda p: p.stem)
def test_every_word_of_every_bundled_rule_file_has_welsh(path: Path) -> None:
    rules = load_forum_policy(path) if path == FORUMS_FILE else find_rule_set(str(path))
    welsh = wording_path(path, "cy")
    assert welsh is not None and welsh.is_file(), f"{path.name}: no Welsh wording file {welsh}"
    wording = parse_wording_text(read_text(welsh), str(welsh), rules)
    assert wording.language == "cy" and wording.review in ("machine-assisted", "reviewed")
    missing = [".".join(map(str, loc)) for loc, _ in untranslated(wording, rules)]
    assert not missing, f"{welsh}: no Welsh for {', '.join(missing)}"


def test_welsh_changes_the_words_and_nothing_else() -> None:
    for english, welsh in zip(bundled_rule_sets(), bundled_rule_sets("cy"), strict=True):
        assert welsh.name != english.name
        assert welsh.events == english.events and welsh.calendar == english.calendar
        for en, cy in zip(english.rules, welsh.rules, strict=True):
            assert cy.title != en.title, en.id
            assert cy.model_dump(exclude={"title", "description"}) == en.model_dump(
                exclude={"title", "description"}
            )
    english_forums, welsh_forums = load_forum_policy(), load_forum_policy(language="cy")
    assert welsh_forums.name == "Fforymau rheoli risg"
    assert welsh_forums.threshold == english_forums.threshold
    assert welsh_forums.forum_ids == english_forums.forum_ids
    assert load_forum_policy(language="fr") == english_forums


def _copy(tmp_path: Path, source: Path, wording: str) -> Path:
    path = tmp_path / source.name
    path.write_text(source.read_text("utf-8"), "utf-8")
    (tmp_path / "cy").mkdir()
    (tmp_path / "cy" / path.name).write_text(wording, "utf-8")
    return path


def test_an_unknown_rule_id_is_an_error_with_file_line_and_field(tmp_path: Path) -> None:
    path = _copy(
        tmp_path,
        BUNDLED_DIR / "national-standards-local-2019.yaml",
        "rule_set: national-standards-local-2019\nlanguage: cy\nreview: machine-assisted\n"
        "rules:\n  review:\n    title: Adolygu\n  no-such-rule:\n    title: Dim\n",
    )
    with pytest.raises(FrameworkFileError) as caught:
        find_rule_set(str(path), "cy")
    (problem,) = caught.value.problems
    assert (problem.file, problem.line, problem.field) == (
        str(tmp_path / "cy" / path.name),
        7,
        "rules.no-such-rule",
    )
    assert "no rule 'no-such-rule'" in problem.message


def test_an_unknown_forum_or_a_rule_in_a_wording_file_is_refused(tmp_path: Path) -> None:
    path = _copy(
        tmp_path,
        FORUMS_FILE,
        "forum_policy: local-risk-forums\nlanguage: cy\nreview: machine-assisted\n"
        "threshold: High\nforums:\n  XYZ:\n    name: Dim\n",
    )
    with pytest.raises(FrameworkFileError) as caught:
        load_forum_policy(path, "cy")
    fields = {(p.line, p.field) for p in caught.value.problems}
    assert (4, "threshold") in fields  # thresholds never come from a wording file
    (tmp_path / "cy" / path.name).write_text(
        "forum_policy: local-risk-forums\nlanguage: cy\nreview: machine-assisted\n"
        "forums:\n  XYZ:\n    name: Dim\n",
        "utf-8",
    )
    with pytest.raises(FrameworkFileError) as caught:
        load_forum_policy(path, "cy")
    (problem,) = caught.value.problems
    assert (problem.line, problem.field) == (5, "forums.XYZ")
    assert "no forum 'XYZ'" in problem.message


def test_a_missing_entry_falls_back_to_english(tmp_path: Path) -> None:
    path = _copy(
        tmp_path,
        FORUMS_FILE,
        "forum_policy: local-risk-forums\nlanguage: cy\nreview: machine-assisted\n"
        "forums:\n  RSM:\n    name: Cyfarfod strategaeth risg\n",
    )
    policy = load_forum_policy(path, "cy")
    assert policy.name == "Risk management forums"
    names = {f.id: f.name for f in policy.forums}
    assert names["RSM"] == "Cyfarfod strategaeth risg"
    assert names["IPC"] == "Internal planning conference"
