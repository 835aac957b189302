from pathlib import Path

import pytest

from yjaudit.sampling import RuleFileError, load_rules
from yjaudit.sampling.rules import parse_rule


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def test_bundled_rules_load(rules):
    assert {"hmip-children", "yjb-national-standards", "sqs", "fixed-n"} <= set(rules)


@pytest.mark.parametrize(
    ("caseload", "expected"),
    [(5, 5), (14, 14), (40, 14), (50, 14), (51, 20), (300, 45), (500, 68), (5000, 91)],
)
def test_hmip_sizes_held_between_14_and_91(rules, caseload, expected):
    assert rules["hmip-children"].size_for(caseload) == expected


@pytest.mark.parametrize(
    ("caseload", "expected"), [(10, 10), (50, 20), (100, 20), (101, 21), (500, 100)]
)
def test_yjb_national_standards_twenty_percent_minimum_twenty(rules, caseload, expected):
    assert rules["yjb-national-standards"].size_for(caseload) == expected


def test_sqs_is_twenty(rules):
    assert rules["sqs"].size_for(300) == 20
    assert rules["sqs"].size_for(12) == 12


def test_fixed_n_takes_the_requested_number(rules):
    rule = rules["fixed-n"]
    assert rule.needs_requested_size
    assert rule.size_for(300, requested=35) == 35
    with pytest.raises(ValueError, match="needs the number"):
        rule.size_for(300)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: x\nname: X\nkind: table\n", "needs bands"),
        ("id: x\nname: X\nkind: proportion\n", "needs proportion"),
        ("id: x\nname: X\nkind: fixed\nsize: 0\n", "size"),
        ("id: x\nname: X\nkind: table\nbands:\n  - {up_to: 10, size: 5}\n", "last band"),
        (
            "id: x\nname: X\nkind: table\nbands:\n  - {up_to: 10, size: 9}\n  - {size: 5}\n",
            "must not decrease",
        ),
        ("id: x\nname: X\nkind: fixed\nsize: 5\nminimum: 9\nmaximum: 3\n", "below minimum"),
        ("id: x\nname: X\nkind: fixed\nsise: 5\n", "sise"),
        ("- not a mapping\n", "expected a mapping"),
    ],
)
def test_bad_rules_are_refused_with_the_file_and_field(text, message):
    with pytest.raises(RuleFileError) as exc:
        parse_rule(text, "bad.yaml")
    assert "bad.yaml" in str(exc.value)
    assert message in str(exc.value)


def test_duplicate_ids_in_a_directory(tmp_path: Path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text("id: same\nname: S\nkind: fixed\nsize: 3\n")
    with pytest.raises(RuleFileError, match="already used"):
        load_rules(tmp_path)
