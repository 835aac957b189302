"""Framework wording in Welsh: every bundled framework has all its words in Welsh, a
translation never changes a figure, and a bad translation file is refused with its file,
line and field."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from yjaudit.engine import Answer, score
from yjaudit.spec import Framework, FrameworkFileError, iter_bundled, parse_framework_text
from yjaudit.spec.loader import BUNDLED_DIR, read_text
from yjaudit.spec.translation import (
    mismatches,
    parse_translation_text,
    reworder,
    skeleton,
    untranslated,
    words_of,
)

BUNDLED = sorted(iter_bundled(), key=lambda lf: lf.framework.id)
# Words that read the same in Welsh (numbering, acronyms, names).
SAME_IN_WELSH = {"AssetPlus", "MAPPA", "ASSET"}


def _welsh(framework: Framework) -> tuple[str, str]:
    path = BUNDLED_DIR / "cy" / f"{framework.id}.yaml"
    assert path.is_file(), f"{framework.id} has no Welsh wording: make {path.name} in library/cy"
    return str(path), read_text(path)


@pytest.mark.parametrize("loaded", BUNDLED, ids=lambda lf: lf.framework.id)
def test_every_bundled_framework_has_all_its_words_in_welsh(loaded) -> None:  # type: ignore[no-untyped-def]
    framework = loaded.framework
    path, text = _welsh(framework)
    words = parse_translation_text(text, path, framework)
    assert words.language == "cy"
    # Machine-assisted Welsh says so until a Welsh speaker has reviewed it.
    assert words.review in {"machine-assisted", "reviewed"}
    missing = untranslated(words, framework)
    assert not missing, f"{path}: no Welsh for " + ", ".join(
        ".".join(map(str, m)) for m, _ in missing
    )
    english = dict(untranslated(None, framework))
    left_english = [
        ".".join(map(str, loc))
        for loc, welsh in words_of(words).items()
        if welsh == english[loc] and len(welsh.split()) > 2 and welsh not in SAME_IN_WELSH
    ]
    assert not left_english, f"{path}: still in English: {left_english}"


@pytest.mark.parametrize("loaded", BUNDLED, ids=lambda lf: lf.framework.id)
def test_welsh_wording_scores_exactly_as_the_framework(loaded) -> None:  # type: ignore[no-untyped-def]
    english = loaded.framework
    path, text = _welsh(english)
    welsh = parse_framework_text(
        loaded.source, loaded.path, reword=reworder(parse_translation_text(text, path))
    )
    assert welsh.language == "cy"
    assert [q for q in welsh.questions] == [q for q in english.questions]
    rng = random.Random(2026)
    answers = []
    for case in range(12):
        for qid, ref in english.questions.items():
            values = ref.answer_type.values
            answers.append(
                Answer(case_id=f"c{case}", question_id=qid, value=rng.choice(values).value)
            )
    figures = {}
    for name, fw in (("en", english), ("cy", welsh)):
        result = score(fw, answers).result
        figures[name] = [
            *((s.id, s.rating, s.figure.numerator, s.figure.denominator) for s in result.standards),
            *((d.id, d.rating) for d in result.domains),
            result.overall.rating,
        ]
    assert figures["en"] == figures["cy"]
    # The words did change.
    assert welsh.name != english.name


HEAD = """\
framework: "hmip-youth-2021"
language: "cy"
review: machine-assisted
name: "Arolygiad"
"""


def _framework() -> Framework:
    return next(lf.framework for lf in BUNDLED if lf.framework.id == "hmip-youth-2021")


def test_an_id_the_framework_lacks_is_named_by_file_line_and_field() -> None:
    text = HEAD + 'questions:\n  "2.1.1":\n    text: "Iawn?"\n  "9.9.9":\n    text: "Beth?"\n'
    with pytest.raises(FrameworkFileError) as err:
        parse_translation_text(text, "cy/hmip-youth-2021.yaml", _framework())
    (problem,) = err.value.problems
    assert problem.file == "cy/hmip-youth-2021.yaml"
    assert problem.line == 9
    assert problem.field == "questions.9.9.9.text"
    assert "nothing here to translate" in problem.message


def test_a_translation_for_another_framework_is_refused() -> None:
    text = HEAD.replace('"hmip-youth-2021"', '"cci-2009"')
    found = parse_translation_text(text, "x.yaml")
    assert mismatches(found, _framework()) == [
        (("framework",), "is 'cci-2009'; the framework is 'hmip-youth-2021'")
    ]


def test_a_translation_may_not_carry_rules() -> None:
    with pytest.raises(FrameworkFileError) as err:
        parse_translation_text(HEAD + "minimum_cases: 1\n", "x.yaml")
    (problem,) = err.value.problems
    assert (problem.line, problem.field) == (5, "minimum_cases")
    assert "unknown field" in problem.message


def test_missing_words_stay_in_the_frameworks_own_language() -> None:
    english = _framework()
    found = parse_translation_text(HEAD + 'standards:\n  "2.1":\n    name: "Asesu"\n', "x.yaml")
    source = read_text(BUNDLED_DIR / "hmip-youth-2021.yaml")
    welsh = parse_framework_text(source, "x", reword=reworder(found))
    assert welsh.standard("2.1").name == "Asesu"
    assert welsh.standard("2.2").name == english.standard("2.2").name
    assert welsh.name == "Arolygiad"


def test_skeleton_reads_back_as_a_complete_translation() -> None:
    english = _framework()
    text = skeleton(english, "cy", {"Assessment": "Asesu"})
    found = parse_translation_text(text, "x.yaml", english)
    assert untranslated(found, english) == []
    assert found.standards["2.1"].name == "Asesu"


def test_points_and_codes_are_never_taken_from_a_translation() -> None:
    english = _framework()
    found = parse_translation_text(
        HEAD + 'answer_types:\n  "yes-no-na":\n    values:\n      "yes": "Ydy"\n', "x.yaml"
    )
    source = read_text(BUNDLED_DIR / "hmip-youth-2021.yaml")
    welsh = parse_framework_text(source, "x", reword=reworder(found))
    yes = welsh.answer_type("yes-no-na").lookup("yes")
    assert yes is not None and (yes.label, yes.points) == ("Ydy", Fraction(1))
    assert english.answer_type("yes-no-na").lookup("yes").label == "Yes"  # type: ignore[union-attr]
