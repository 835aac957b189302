"""Bad framework files: every problem names the file, its line and its field."""

from __future__ import annotations

from pathlib import Path

import pytest

from yjaudit.spec import FrameworkFileError, SpecProblem, load_framework_file, parse_framework_text

# A small valid framework; each case below breaks one line of it.
BASE = """\
id: demo
name: Demo framework
edition: "1"
publisher: Us
answer_types:
  - id: yn
    label: Yes or no
    values:
      - {value: yes, label: Yes, points: 1}
      - {value: no, label: No, points: 0}
      - {value: na, label: Not applicable}
default_answer_type: yn
rating_schemes:
  - id: bands
    bands:
      - {lower: 80, label: Outstanding, points: 3}
      - {lower: 65, label: Good, points: 2}
      - {lower: 0, label: Inadequate, points: 0}
default_rating_scheme: bands
domains:
  - id: "2"
    name: Court
    standards:
      - id: "2.1"
        name: Assessment
        rated_by: cases
        key_questions:
          - id: "2.1.1"
            text: Desistance?
            theme: desistance
            prompts:
              - id: "2.1.1a"
                text: A prompt
overall:
  method: sum-of-standard-points
  rating_scheme: overall
"""
# sum-of-standard-points needs a points scheme: add it for the valid base.
BASE = BASE.replace(
    "default_rating_scheme: bands\n",
    "  - id: overall\n    basis: points\n    bands:\n      - {lower: 2, label: Good}\n"
    "      - {lower: 0, label: Poor}\ndefault_rating_scheme: bands\n",
)


def line_of(text: str, fragment: str) -> int:
    for n, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            return n
    raise AssertionError(fragment)


def problems(text: str) -> list[SpecProblem]:
    with pytest.raises(FrameworkFileError) as info:
        parse_framework_text(text, "demo.yaml")
    return info.value.problems


def test_the_base_is_valid_and_yes_no_stay_text() -> None:
    framework = parse_framework_text(BASE, "demo.yaml")
    assert [v.value for v in framework.answer_type(None).values] == ["yes", "no", "na"]
    assert [v.label for v in framework.answer_type(None).values][:2] == ["Yes", "No"]


@pytest.mark.parametrize(
    ("old", "new", "at", "field", "message"),
    [
        pytest.param(
            "            theme: desistance\n",
            "            theme: desistance\n            colour: red\n",
            "colour: red",
            "domains[2].standards[2.1].key_questions[2.1.1].colour",
            "unknown field",
            id="unknown-field",
        ),
        pytest.param(
            "        name: Assessment\n",
            "",
            '- id: "2.1"',
            "domains[2].standards[2.1].name",
            "required field is missing",
            id="missing-field",
        ),
        pytest.param(
            "rated_by: cases",
            "rated_by: judgment",
            "rated_by: judgment",
            "domains[2].standards[2.1].rated_by",
            "'judgment' is not an allowed value; use 'cases' or 'judgement'",
            id="wrong-enum",
        ),
        pytest.param(
            'id: "2.1.1a"',
            'id: "2.1.1"  # second',
            'id: "2.1.1"  # second',
            "domains[2].standards[2.1].key_questions[2.1.1].prompts[2.1.1].id",
            "id '2.1.1' is already used by a key question",
            id="duplicate-id",
        ),
        pytest.param(
            "default_rating_scheme: bands",
            "default_rating_scheme: bands\nminimum_cases: 3\nminimum_cases: 4",
            "minimum_cases: 4",
            "minimum_cases",
            "duplicate key: already given on line",
            id="duplicate-yaml-key",
        ),
        pytest.param(
            "        rated_by: cases\n",
            "        rated_by: cases\n        rating_scheme: missing\n",
            "rating_scheme: missing",
            "domains[2].standards[2.1].rating_scheme",
            "rating scheme 'missing' is not defined in rating_schemes",
            id="undefined-rating-scheme",
        ),
        pytest.param(
            "{lower: 65, label: Good, points: 2}",
            "{lower: 85, label: Good, points: 2}",
            "lower: 85",
            "rating_schemes[bands].bands[2].lower",
            "bands must be listed highest first",
            id="bad-band-order",
        ),
        pytest.param(
            "{lower: 0, label: Inadequate, points: 0}",
            "{lower: 10, label: Inadequate, points: 0}",
            "lower: 10",
            "rating_schemes[bands].bands[3].lower",
            "the last band must start at 0",
            id="last-band-not-zero",
        ),
        pytest.param(
            'edition: "1"',
            "edition: 1",
            "edition: 1",
            "edition",
            'must be text; YAML read 1 as a number or true/false: write it in quotes, "1"',
            id="number-for-text",
        ),
        pytest.param(
            'id: "2.1.1"\n',
            "id: 2.1.1\n",
            "id: 2.1.1",
            "domains[2].standards[2.1].key_questions[2.1.1].id",
            None,  # 2.1.1 is text in YAML (not a number): valid, checked below
            id="dotted-id-is-text",
        ),
        pytest.param(
            "- {value: yes, label: Yes, points: 1}",
            "- {value: yes, label: Yes, points: true}",
            "points: true",
            "answer_types[yn].values[1].points",
            "points must be a number, not true/false",
            id="bool-points",
        ),
        pytest.param(
            "{value: no, label: No, points: 0}",
            "{value: no, label: No, points: lots}",
            "points: lots",
            "answer_types[yn].values[2].points",
            "points must be a number, not 'lots'",
            id="points-not-a-number",
        ),
        pytest.param(
            "id: demo",
            "id: demo framework",
            "id: demo framework",
            "id",
            "'demo framework' is not a valid id",
            id="bad-id",
        ),
        pytest.param(
            "{value: yes,",
            "{value: Yes,",
            "{value: Yes,",
            "answer_types[yn].values[1].value",
            "'Yes' is not a valid code: lower-case letters",
            id="bad-answer-code",
        ),
        pytest.param(
            "        rated_by: cases\n",
            "        rated_by: cases\n        applies_when: {all: [{attribute: rosh, in: low}]}\n",
            "applies_when:",
            "domains[2].standards[2.1].applies_when.all[1].in",
            "must be a list",
            id="scalar-for-list",
        ),
        pytest.param(
            "  method: sum-of-standard-points\n",
            "  method: points-over-maximum\n",
            "  rating_scheme: overall",
            "overall.rating_scheme",
            "its scheme cannot have basis 'points'",
            id="overall-scheme-basis",
        ),
    ],
)
def test_bad_field_is_reported_at_its_line(
    old: str, new: str, at: str, field: str, message: str | None
) -> None:
    assert old in BASE
    text = BASE.replace(old, new, 1)
    if message is None:
        parse_framework_text(text, "demo.yaml")
        return
    found = problems(text)
    assert len(found) == 1, found
    problem = found[0]
    assert problem.file == "demo.yaml"
    assert problem.line == line_of(text, at)
    assert problem.field == field
    assert message in problem.message
    assert str(problem).startswith(f"demo.yaml:{problem.line}: {field}: ")


def test_nested_failures_report_only_the_innermost_errors() -> None:
    text = BASE.replace("rated_by: cases", "rated_by: sometimes").replace(
        "            theme: desistance\n", "            theme: desistance\n            x: 1\n"
    )
    found = problems(text)
    assert [p.field.rsplit(".", 1)[-1] for p in found] == ["rated_by", "x"]
    assert not any("at least 1 item" in p.message for p in found)


def test_all_cross_reference_problems_are_reported_together() -> None:
    text = BASE.replace("default_rating_scheme: bands", "default_rating_scheme: nope").replace(
        "  rating_scheme: overall\n", "  rating_scheme: gone\n"
    )
    found = problems(text)
    assert [(p.line, p.field) for p in found] == [
        (line_of(text, "default_rating_scheme: nope"), "default_rating_scheme"),
        (line_of(text, "rating_scheme: gone"), "overall.rating_scheme"),
    ]


def test_yaml_12_booleans_numbers_and_dates() -> None:
    text = BASE.replace(
        "- {value: na, label: Not applicable}",
        "- {value: na, label: Not applicable}\n      - {value: on, label: off, points: 010}",
    ).replace('edition: "1"', "edition: 2018-06-01\neffective_from: 2018-06-01")
    framework = parse_framework_text(text, "demo.yaml")
    extra = framework.answer_type(None).values[-1]
    assert (extra.value, extra.label, extra.points) == ("on", "off", 10)
    assert framework.edition == "2018-06-01"
    assert framework.effective_from is not None and framework.effective_from.year == 2018
    with pytest.raises(FrameworkFileError) as info:
        parse_framework_text(BASE.replace("{value: yes,", "{value: true,"), "demo.yaml")
    assert "write it in quotes" in str(info.value)


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        pytest.param(b"id: [unclosed\nname: x\n", 2, "not valid YAML", id="not-yaml"),
        pytest.param(b"", None, "the file is empty", id="empty"),
        pytest.param(b"   \n\n", None, "the file is empty", id="blank"),
        pytest.param(b"# just a comment\n", None, "the file is empty", id="comment-only"),
        pytest.param(b"id: x\nname: caf\xe9\n", 2, "not UTF-8 text", id="latin-1"),
        pytest.param(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\xff\xfe", 1, "not UTF-8", id="xlsx"),
        pytest.param(b"- a list\n- not a mapping\n", 1, "must be a YAML mapping", id="a-list"),
        pytest.param(b"id: a\n---\nid: b\n", 2, "not valid YAML", id="two-documents"),
    ],
)
def test_unreadable_files(tmp_path: Path, content: bytes, line: int | None, message: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_bytes(content)
    with pytest.raises(FrameworkFileError) as info:
        load_framework_file(path)
    [problem] = info.value.problems
    assert problem.file == str(path)
    assert problem.line == line
    assert message in problem.message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FrameworkFileError) as info:
        load_framework_file(tmp_path / "nope.yaml")
    assert "cannot read" in str(info.value)


def test_a_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    assert load_framework_file(path).framework.id == "demo"


def test_anchors_may_be_shared_but_not_recursive_or_explosive() -> None:
    shared = BASE.replace(
        "        rated_by: cases\n",
        "        rated_by: cases\n"
        "        applies_when: &court {all: [{attribute: disposal_category, equals: court}]}\n",
    )
    framework = parse_framework_text(shared, "demo.yaml")
    assert framework.questions["2.1.1a"].applies_when is not None
    [problem] = problems("a: &x\n  b: *x\n")
    assert "refers to a value that contains it" in problem.message
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for prev, name in zip("abcdef", "bcdefg", strict=True):
        bomb += f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]\n"
    [problem] = problems(bomb)
    assert "expands to more than" in problem.message
