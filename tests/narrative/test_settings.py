from pathlib import Path

import pytest
import yaml

from yjaudit.narrative import (
    NarrativeSettingsError,
    default_settings,
    describe,
    load_settings,
    parse_settings,
    settings_from_mapping,
)
from yjaudit.narrative.settings import DEFAULTS_FILE

DEFAULTS_TEXT = (
    Path(__file__).resolve().parents[2] / "src/yjaudit/narrative" / DEFAULTS_FILE
).read_text()


def defaults_data() -> dict:
    return yaml.safe_load(DEFAULTS_TEXT)


def problems(data: object) -> str:
    with pytest.raises(NarrativeSettingsError) as exc:
        settings_from_mapping(data, source="rules.yaml")
    return str(exc.value)


def test_defaults_load_and_are_documented_values() -> None:
    s = default_settings()
    assert s.words_up_to == 9
    assert s.counts_up_to_n == 20
    assert (s.all_but.max_misses, s.all_but.min_n) == (1, 5)
    assert [b.from_ for b in s.bands][:2] == [0, 20]
    assert s.selection.strength_min_percent == 80
    assert s.selection.improvement_below_percent == 65


def test_other_settings_change_the_wording(tmp_path: Path) -> None:
    data = defaults_data()
    data["words_up_to"] = 10
    data["all_but"]["max_misses"] = 2
    data["noun"] = {"singular": "case", "plural": "cases"}
    data["templates"]["counts"] = "{k} out of the {n} {cases}"
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data))
    s = load_settings(path)
    assert describe(10, 10, settings=s).text == "all ten cases"
    assert describe(13, 15, settings=s).text == "all but two of the 15 cases"
    assert describe(12, 15, settings=s).text == "12 out of the 15 cases"


def test_gap_between_bands_is_named() -> None:
    data = defaults_data()
    data["bands"][1]["from"] = 21
    message = problems(data)
    assert "'a small minority' ends at 20% but 'nearly a quarter' starts at 21%" in message


def test_overlapping_bands_rejected() -> None:
    data = defaults_data()
    data["bands"][1]["from"] = 19
    assert "ends at 20%" in problems(data)


@pytest.mark.parametrize(
    ("index", "key", "value", "expected"),
    [
        (0, "from", 5, "first band must start at 0"),
        (-1, "to", 99, "last band must end at 100"),
        (3, "to", 30, "'from' must be below 'to'"),
        (2, "to", "abc", "is not a number or fraction"),
        (2, "to", True, "not true/false"),
    ],
)
def test_band_errors(index: int, key: str, value: object, expected: str) -> None:
    data = defaults_data()
    data["bands"][index][key] = value
    assert expected in problems(data)


def test_landmark_errors() -> None:
    data = defaults_data()
    data["landmarks"].append({"fraction": "1/2", "words": "a half"})
    assert "listed twice" in problems(data)
    data = defaults_data()
    data["landmarks"][0]["fraction"] = 1
    assert "strictly between 0 and 1" in problems(data)


def test_template_placeholders_checked() -> None:
    data = defaults_data()
    data["templates"]["all"] = "all {total} {cases}"
    assert "unknown placeholder(s) ['total']" in problems(data)
    data = defaults_data()
    data["templates"]["strength"] = "{finding}."
    assert "must contain {phrase}" in problems(data)
    data = defaults_data()
    data["templates"]["none"] = "none of {n"
    assert "template 'none'" in problems(data)
    data = defaults_data()
    data["templates"]["none"] = "none of {}"
    assert "empty placeholder" in problems(data)


def test_selection_thresholds_must_not_overlap() -> None:
    data = defaults_data()
    data["selection"]["improvement_below_percent"] = 85
    assert "both a strength and an area for improvement" in problems(data)
    data = defaults_data()
    data["selection"]["strength_min_percent"] = 120
    assert "between 0 and 100" in problems(data)


def test_unknown_key_and_missing_key_reported_with_line() -> None:
    text = DEFAULTS_TEXT.replace("counts_up_to_n: 20", "counts_up_to: 20")
    with pytest.raises(NarrativeSettingsError) as exc:
        parse_settings(text, source="rules.yaml")
    line = 1 + text.splitlines().index("counts_up_to: 20")
    assert f"rules.yaml:{line}: counts_up_to: Extra inputs are not permitted" in exc.value.problems
    assert any("counts_up_to_n: Field required" in p for p in exc.value.problems)


def test_bad_yaml_not_mapping_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NarrativeSettingsError, match=r"rules.yaml:3: not valid YAML"):
        parse_settings("a: 1\nb: [\n", source="rules.yaml")
    with pytest.raises(NarrativeSettingsError, match="must be a mapping"):
        parse_settings("- 1\n", source="rules.yaml")
    with pytest.raises(NarrativeSettingsError, match="cannot read"):
        load_settings(tmp_path / "absent.yaml")


def test_wrong_version_rejected() -> None:
    data = defaults_data()
    data["version"] = 2
    assert "version" in problems(data)
