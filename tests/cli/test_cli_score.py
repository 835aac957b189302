"""`yjaudit score`: figures, JSON contract, tables, splits, and every kind of bad input."""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from yjaudit.engine.types import EngineInputError

from .conftest import MINI, Run, assert_bad_input

DATA = Path(__file__).parent / "data"

Write = Callable[[str, str | bytes], str]
FW = str(MINI)

# Three cases on the mini framework. By hand:
#   2.1 (lowest key question): 2.1.1 yes, yes, no = 2/3 = 67% Good; 2.1.2 no, yes, yes = 2/3.
#   2.2 (points over maximum): 0.5 + 1 + 1 + 1 + 0.5 (one na) = 4/5 = 80% Outstanding.
#   1.1 judged Good. Overall 2 + 2 + 3 = 7/9 points: Outstanding (7+).
#   Headline desistance: 2.1.1 (2/3) + 2.2.1 (2.5/3) = 4.5/6 = 75% Good.
ANSWERS = """case_id,question_id,answer,setting
C1,2.1.1,yes,custody
C1,2.1.1a,yes,
C1,2.1.1b,no,
C1,2.1.2,No,
C1,2.2.1,partly,
C1,2.2.2,yes,
C2,2.1.1,YES,community
C2,2.1.1a,no,
C2,2.1.2,yes,
C2,2.2.1,1,
C2,2.2.2,n/a,
C3,2.1.1,no,community
C3,2.1.2,yes,
C3,2.2.1,yes,
C3,2.2.2,0.5,
"""
JUDGEMENTS = "standard_id,rating,reason\n1.1,good,Board attends and challenges\n"


@pytest.fixture
def files(write: Write) -> tuple[str, str]:
    return write("answers.csv", ANSWERS), write("judgements.csv", JUDGEMENTS)


def score_json(run: Run, *args: str) -> dict[str, Any]:
    result = run("score", *args, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def walk(node: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield k, v
            yield from walk(v)
    elif isinstance(node, list):
        for v in node:
            yield from walk(v)


FIGURE_KEYS = {"numerator", "denominator", "percent", "rating", "points", "ci_low", "ci_high"}


def test_json_contract(run: Run, files: tuple[str, str]) -> None:
    answers, judgements = files
    data = score_json(run, answers, "--framework", FW, "--judgements", judgements)
    assert data["framework"] == {
        "id": "mini-test",
        "name": "Mini test framework",
        "edition": "2024",
    }
    assert data["cases"] == 3
    standards = {s["id"]: s for s in data["standards"]}
    assert list(standards) == ["1.1", "2.1", "2.2"]
    for s in data["standards"]:
        assert {"id", "name", "rated_by", "key_questions"} | FIGURE_KEYS <= set(s)
        for kq in s["key_questions"]:
            assert {"id", "text", "prompts"} | FIGURE_KEYS <= set(kq)
    s11, s21, s22 = standards["1.1"], standards["2.1"], standards["2.2"]
    assert (s11["rated_by"], s11["rating"], s11["points"]) == ("judgement", "Good", 2)
    assert s11["judgement_reason"] == "Board attends and challenges"
    assert (s21["numerator"], s21["denominator"], s21["percent"]) == (2, 3, 67)
    assert (s21["rating"], s21["points"], s21["rated_by"]) == ("Good", 2, "cases")
    assert (s22["numerator"], s22["denominator"], s22["percent"]) == (4, 5, 80)
    assert (s22["rating"], s22["points"]) == ("Outstanding", 3)
    assert s22["ci_low"] == pytest.approx(37.6) and s22["ci_high"] == pytest.approx(96.4)
    kq = {k["id"]: k for k in s22["key_questions"]}
    assert (kq["2.2.1"]["numerator"], kq["2.2.1"]["denominator"]) == (2.5, 3)
    assert (kq["2.2.2"]["numerator"], kq["2.2.2"]["denominator"]) == (1.5, 2)
    prompts = {p["id"]: p for p in s21["key_questions"][0]["prompts"]}
    assert (prompts["2.1.1a"]["numerator"], prompts["2.1.1a"]["denominator"]) == (1, 2)
    assert data["headlines"] == [
        {**data["headlines"][0], "id": "desistance", "numerator": 4.5, "denominator": 6}
    ]
    assert data["headlines"][0]["percent"] == 75 and data["headlines"][0]["rating"] == "Good"
    overall = data["overall"]
    assert (overall["rating"], overall["points"], overall["max_points"]) == ("Outstanding", 7, 9)
    assert "splits" not in data
    assert "sections" not in data  # the mini framework has none


def test_json_numbers_are_numbers_never_strings(run: Run, files: tuple[str, str]) -> None:
    answers, judgements = files
    data = score_json(run, answers, "-f", FW, "--judgements", judgements, "--by", "setting")
    seen = 0
    for key, value in walk(data):
        if key in {"numerator", "denominator", "percent", "points", "max_points", "ci_low"}:
            assert value is None or (isinstance(value, int | float) and not isinstance(value, bool))
            seen += 1
    assert seen > 50
    # Exact halves survive as JSON numbers.
    assert '"numerator": 2.5' in run("score", answers, "-f", FW, "--json").stdout


def test_json_splits_by_attribute(run: Run, files: tuple[str, str]) -> None:
    answers, judgements = files
    data = score_json(run, answers, "-f", FW, "--judgements", judgements, "--by", "setting")
    splits = data["splits"]["setting"]
    assert list(splits) == ["community", "custody"]
    community, custody = splits["community"], splits["custody"]
    assert (community["cases"], custody["cases"]) == (2, 1)
    # Same shape as the whole sample, less the framework.
    assert set(community) == set(data) - {"framework", "splits"}
    c21 = {s["id"]: s for s in community["standards"]}["2.1"]
    assert (c21["numerator"], c21["denominator"], c21["rating"]) == (1, 2, "Requires improvement")
    k21 = {s["id"]: s for s in custody["standards"]}["2.1"]
    assert (k21["numerator"], k21["denominator"], k21["rating"]) == (0, 1, "Inadequate")
    assert community["overall"]["points"] == 6 and custody["overall"]["points"] == 4
    # The judgement rates the service, so it stands in every split.
    assert {s["id"]: s for s in custody["standards"]}["1.1"]["rating"] == "Good"


def test_by_can_repeat_and_is_case_insensitive(run: Run, write: Write) -> None:
    answers = write("a.csv", "case_id,question_id,answer,Setting,sex\nC1,2.1.1,yes,custody,f\n")
    data = score_json(run, answers, "-f", FW, "--by", "SETTING", "--by", "sex")
    assert set(data["splits"]) == {"setting", "sex"}
    assert list(data["splits"]["sex"]) == ["f"]


def test_table(run: Run, files: tuple[str, str]) -> None:
    answers, judgements = files
    result = run("score", answers, "--framework", FW, "--judgements", judgements)
    assert result.exit_code == 0, result.output
    assert result.stdout == (DATA / "mini_table.txt").read_text()
    assert result.stderr == ""


def test_table_with_prompts_and_splits(run: Run, files: tuple[str, str]) -> None:
    answers, judgements = files
    result = run(
        "score", answers, "-f", FW, "--judgements", judgements, "--by", "setting", "--prompts"
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\n    2.1.1a    Are the child's strengths identified?  " in out
    assert "\nsetting = community: 2 cases\n" in out
    assert "\nsetting = custody: 1 case\n" in out
    assert out.count("Overall: ") == 3
    assert "Overall: 6/9 points Good" in out and "Overall: 4/9 points Requires improvement" in out


def test_warnings_go_to_stderr(run: Run, files: tuple[str, str], write: Write) -> None:
    # No judgement for 1.1, and case C4 answers only one of 2.1's key questions.
    partial = write("partial.csv", ANSWERS + "C4,2.1.1,yes,community\n")
    for args in ((), ("--json",)):
        result = run("score", partial, "-f", FW, *args)
        assert result.exit_code == 0, result.output
        assert "warning:" not in result.stdout
        lines = result.stderr.splitlines()
        assert "warning: standard 1.1 is rated by judgement but no judgement was given" in lines
        assert any(ln.startswith("warning: ") and "C4" in ln and "2.1" in ln for ln in lines)
        assert all(ln.startswith("warning: ") for ln in lines)
    data = json.loads(result.stdout)
    assert any("C4" in w for w in data["warnings"])
    assert data["overall"]["rating"] is None  # 1.1 not judged: the overall cannot be rated
    assert (
        "Overall: 5/9 points not rated (standard 1.1 not rated)"
        in run("score", partial, "-f", FW).stdout
    )


def test_blank_judgement_is_a_warning(run: Run, files: tuple[str, str], write: Write) -> None:
    answers, _ = files
    judgements = write("j.csv", "standard_id,rating\n1.1,\n")
    result = run("score", answers, "-f", FW, "--judgements", judgements)
    assert result.exit_code == 0
    assert f"warning: {judgements}: row 2: no rating for 1.1; it is not rated\n" in result.stderr


def test_header_only_file_is_valid(run: Run, write: Write) -> None:
    answers = write("a.csv", "case_id,question_id,answer\n")
    data = score_json(run, answers, "-f", FW)
    assert data["cases"] == 0
    assert all(s["rating"] is None for s in data["standards"])
    assert run("score", answers, "-f", FW).exit_code == 0


def test_utf8_bom_and_crlf_accepted(run: Run, write: Write) -> None:
    answers = write("a.csv", ("\ufeff" + ANSWERS).replace("\n", "\r\n").encode())
    assert score_json(run, answers, "-f", FW)["cases"] == 3


def test_answers_from_standard_input(run: Run, files: tuple[str, str]) -> None:
    from click.testing import CliRunner

    from yjaudit.cli.main import main

    result = CliRunner().invoke(main, ["score", "-", "-f", FW, "--json"], input=ANSWERS)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["cases"] == 3
    result = CliRunner().invoke(main, ["score", "-", "-f", FW], input="case_id,answer\n")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: <stdin>: row 1, column question_id: missing column")


def test_bundled_framework_by_id(run: Run, write: Write) -> None:
    answers = write("a.csv", "case_id,question_id,answer\nC1,2.1.1,yes\nC1,2.1.2,partly\n")
    data = score_json(run, answers, "-f", "hmip-style-local-audit")
    s21 = {s["id"]: s for s in data["standards"]}["2.1"]
    assert (s21["numerator"], s21["denominator"]) == (1.5, 2)


# -- bad input: one message naming file, row and column; exit 2; no traceback ----------


def test_unknown_question(run: Run, write: Write) -> None:
    answers = write("a.csv", "case_id,question_id,answer\nC1,2.1.1,yes\nC1,9.9.9,yes\n")
    assert_bad_input(
        run("score", answers, "-f", FW),
        f"{answers}: row 3, column question_id (B): unknown question '9.9.9' in framework "
        "mini-test",
    )


def test_value_the_question_does_not_allow(run: Run, write: Write) -> None:
    answers = write("a.csv", "case_id,question_id,answer\nC1,2.1.1,partly\n")
    assert_bad_input(
        run("score", answers, "-f", FW),
        f"{answers}: row 2, column answer (C): 'partly' is not an answer key question 2.1.1 "
        "allows (Yes / No / Not applicable: yes, no, na; or the points 1, 0)",
    )


def test_duplicated_case_and_question(run: Run, write: Write) -> None:
    answers = write("a.csv", "case_id,question_id,answer\nC1,2.1.1,yes\nC1,2.1.2,no\nC1,2.1.1,no\n")
    assert_bad_input(
        run("score", answers, "-f", FW),
        f"{answers}: row 4, column question_id (B): case C1 answers 2.1.1 twice (first on row 2)",
    )


def test_missing_column(run: Run, write: Write) -> None:
    answers = write("a.csv", "case_id,answer\nC1,yes\n")
    assert_bad_input(
        run("score", answers, "-f", FW),
        f"{answers}: row 1, column question_id: missing column 'question_id' (the header has: "
        "case_id, answer; expected case_id,question_id,answer)",
    )


def test_zero_byte_file(run: Run, write: Write) -> None:
    answers = write("a.csv", b"")
    assert_bad_input(
        run("score", answers, "-f", FW),
        f"{answers}: the file is empty (0 bytes); it needs at least the header row "
        "case_id,question_id,answer",
    )


def test_not_utf8(run: Run, write: Write) -> None:
    answers = write(
        "a.csv",
        "case_id,question_id,answer,ethnicity\nC1,2.1.1,yes,Fran\u00e7aise\n".encode("cp1252"),
    )
    assert_bad_input(
        run("score", answers, "-f", FW),
        f"{answers}: row 2, column ethnicity (D): not UTF-8 text (byte 0xE7 cannot be read); "
        "save it from the spreadsheet as 'CSV UTF-8 (Comma delimited)'",
    )


def test_xlsx_passed_as_csv(run: Run, write: Write) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["case_id", "question_id", "answer"])
    sheet.append(["C1", "2.1.1", "yes"])
    buffer = io.BytesIO()
    book.save(buffer)
    answers = write("answers.csv", buffer.getvalue())
    assert_bad_input(
        run("score", answers, "-f", FW),
        f"{answers}: this is an Excel workbook (.xlsx, a ZIP file), not CSV text; "
        "save it from the spreadsheet as 'CSV UTF-8 (Comma delimited)'",
    )


def test_conflicting_case_attribute(run: Run, write: Write) -> None:
    answers = write(
        "a.csv", "case_id,question_id,answer,setting\nC1,2.1.1,yes,custody\nC1,2.1.2,no,community\n"
    )
    assert_bad_input(
        run("score", answers, "-f", FW),
        f"{answers}: row 3, column setting (D): case C1 has setting 'community' here but "
        "'custody' on row 2",
    )


def test_by_an_attribute_that_is_not_a_column(run: Run, files: tuple[str, str]) -> None:
    answers, _ = files
    assert_bad_input(
        run("score", answers, "-f", FW, "--by", "sex"),
        f"{answers}: row 1: --by sex: no such column (case attribute columns: setting)",
    )


def test_missing_answers_file(run: Run, tmp_path: Any) -> None:
    missing = str(tmp_path / "nope.csv")
    assert_bad_input(
        run("score", missing, "-f", FW),
        f"{missing}: cannot read the file: No such file or directory",
    )


def test_bad_judgements(run: Run, files: tuple[str, str], write: Write) -> None:
    answers, _ = files
    judgements = write("j.csv", "standard_id,rating\n1.1,Good\n2.2,Good\n")
    assert_bad_input(
        run("score", answers, "-f", FW, "--judgements", judgements),
        f"{judgements}: row 3, column standard_id (A): standard 2.2 is rated from case "
        "answers, not by judgement",
    )
    judgements = write("k.csv", "standard_id,rating\n1.1,Superb\n")
    assert_bad_input(
        run("score", answers, "-f", FW, "--judgements", judgements),
        f"{judgements}: row 2, column rating (B): 'Superb' is not a rating of standard 1.1 "
        "(Outstanding, Good, Requires improvement, Inadequate)",
    )
    judgements = write("l.csv", b"")
    assert run("score", answers, "-f", FW, "--judgements", judgements).stderr == (
        f"error: {judgements}: the file is empty (0 bytes); it needs at least the header row "
        "standard_id,rating\n"
    )


def test_framework_option_is_required(run: Run, files: tuple[str, str]) -> None:
    result = run("score", files[0])
    assert result.exit_code == 2
    assert "Missing option '--framework'" in result.stderr


def test_engine_input_error_is_mapped_to_the_row(
    run: Run, files: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The reader checks answers first, so the engine's own check is a second line of
    # defence; its positions must still come out as spreadsheet rows and columns.
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise EngineInputError("question '2.1.1b' does not allow 'x'", index=2, field="value")

    monkeypatch.setattr("yjaudit.engine.scoring.score", refuse)
    answers, _ = files
    assert_bad_input(
        run("score", answers, "-f", FW),
        f"{answers}: row 4, column answer: question '2.1.1b' does not allow 'x'",
    )


def test_engine_judgement_error_is_mapped_to_the_judgements_file(
    run: Run, files: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise EngineInputError("'Good' is not a rating", index=0, field="rating")

    monkeypatch.setattr("yjaudit.engine.scoring.score", refuse)
    answers, judgements = files
    assert_bad_input(
        run("score", answers, "-f", FW, "--judgements", judgements),
        f"{judgements}: row 2, column rating: 'Good' is not a rating",
    )


def test_an_unexpected_error_is_one_line_not_a_traceback(
    run: Run, files: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("yjaudit.engine.scoring.score", broken)
    monkeypatch.delenv("YJAUDIT_DEBUG", raising=False)
    result = run("score", files[0], "-f", FW)
    assert result.exit_code == 1
    assert result.stderr == (
        "error: unexpected RuntimeError: boom (this is a bug in yjaudit; set YJAUDIT_DEBUG=1 "
        "to see where)\n"
    )
