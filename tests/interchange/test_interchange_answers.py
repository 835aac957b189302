"""Answers and judgements files checked against a framework, row by row."""

from __future__ import annotations

import io

import pytest

from yjaudit.engine.types import Answer, Judgement
from yjaudit.interchange import (
    InterchangeError,
    read_answers,
    read_judgements,
    write_answers,
    write_judgements,
)
from yjaudit.spec.model import Framework

HEAD = "case_id,question_id,answer"


def answers(framework: Framework, text: str):  # type: ignore[no-untyped-def]
    return read_answers(text.encode(), "answers.csv", framework)


def answer_error(framework: Framework, text: str) -> str:
    with pytest.raises(InterchangeError) as info:
        answers(framework, text)
    return str(info.value)


def test_reads_codes_in_any_case_aliases_and_points(mini: Framework) -> None:
    f = answers(
        mini,
        f"{HEAD},setting\n"
        "C1,2.1.1,YES,custody\n"
        "C1,2.1.2,n/a,\n"
        "C1,2.2.1,0.5,\n"
        "C2,2.2.1,Partly,community\n"
        "C2,2.2.2,1,\n"
        "C2,2.1.1,0,\n",
    )
    assert f.answers == (
        Answer("C1", "2.1.1", "yes"),
        Answer("C1", "2.1.2", "na"),
        Answer("C1", "2.2.1", "partly"),
        Answer("C2", "2.2.1", "partly"),
        Answer("C2", "2.2.2", "yes"),
        Answer("C2", "2.1.1", "no"),
    )
    assert f.rows == (2, 3, 4, 5, 6, 7)
    assert f.cases == ("C1", "C2")
    assert f.attribute_columns == ("setting",)
    assert f.case_attributes == {"C1": {"setting": "custody"}, "C2": {"setting": "community"}}


def test_first_non_empty_attribute_wins_and_agreeing_values_pass(mini: Framework) -> None:
    f = answers(
        mini, f"{HEAD},setting,sex\nC1,2.1.1,yes,,\nC1,2.1.2,no,custody,\nC1,2.2.1,no,Custody,f\n"
    )
    assert f.case_attributes == {"C1": {"setting": "custody", "sex": "f"}}


def test_cases_without_attributes_have_none(mini: Framework) -> None:
    f = answers(mini, f"{HEAD},setting\nC1,2.1.1,yes,\n")
    assert f.case_attributes == {}


def test_header_only_file_has_no_answers(mini: Framework) -> None:
    f = answers(mini, HEAD + "\n")
    assert f.answers == () and f.cases == ()


def test_unknown_question(mini: Framework) -> None:
    assert answer_error(mini, f"{HEAD}\nC1,2.1.1,yes\nC1,2.1.1A,yes\n") == (
        "answers.csv: row 3, column question_id (B): unknown question '2.1.1A' "
        "in framework mini-test; did you mean 2.1.1a?"
    )
    assert answer_error(mini, f"{HEAD}\nC1,zzz,yes\n") == (
        "answers.csv: row 2, column question_id (B): unknown question 'zzz' in framework mini-test"
    )


def test_partly_on_a_yes_no_question(mini: Framework) -> None:
    assert answer_error(mini, f"{HEAD}\nC1,2.1.1,yes\nC1,2.1.2,partly\n") == (
        "answers.csv: row 3, column answer (C): 'partly' is not an answer key question 2.1.2 "
        "allows (Yes / No / Not applicable: yes, no, na; or the points 1, 0)"
    )


def test_points_the_question_does_not_score(mini: Framework) -> None:
    assert answer_error(mini, f"{HEAD}\nC1,2.2.1,0.75\n") == (
        "answers.csv: row 2, column answer (C): '0.75' is not an answer key question 2.2.1 "
        "allows (Yes / Partly / No / Not applicable: yes, partly, no, na; "
        "or the points 1, 0.5, 0)"
    )
    # A prompt takes its key question's answer type unless it names its own.
    assert "prompt 2.1.1a allows" in answer_error(mini, f"{HEAD}\nC1,2.1.1a,0.5\n")


def test_empty_cells(mini: Framework) -> None:
    assert answer_error(mini, f"{HEAD}\nC1,2.1.1,\n") == (
        "answers.csv: row 2, column answer (C): no answer to 2.1.1 (write na if it does not apply)"
    )
    assert answer_error(mini, f"{HEAD}\n,2.1.1,yes\n") == (
        "answers.csv: row 2, column case_id (A): the case id is empty"
    )
    assert answer_error(mini, f"{HEAD}\nC1,,yes\n") == (
        "answers.csv: row 2, column question_id (B): the question id is empty"
    )


def test_duplicated_case_and_question(mini: Framework) -> None:
    assert answer_error(mini, f"{HEAD}\nC1,2.1.1,yes\nC2,2.1.1,yes\nC1,2.1.1,no\n") == (
        "answers.csv: row 4, column question_id (B): case C1 answers 2.1.1 twice (first on row 2)"
    )


def test_conflicting_attribute_for_one_case(mini: Framework) -> None:
    assert answer_error(mini, f"{HEAD},setting\nC1,2.1.1,yes,custody\nC1,2.1.2,no,community\n") == (
        "answers.csv: row 3, column setting (D): case C1 has setting 'community' here "
        "but 'custody' on row 2"
    )


def test_answers_round_trip_through_the_writer(mini: Framework) -> None:
    original = (
        Answer("=C1", "2.1.1", "yes"),
        Answer("C2", "2.2.1", "partly"),
        Answer("C2", "2.1.2", "na"),
    )
    attrs = {"=C1": {"setting": "custody"}, "C2": {"setting": "community", "sex": "f"}}
    out = io.StringIO()
    assert (
        write_answers(out, original, case_attributes=attrs, attribute_columns=["setting", "sex"])
        == 3
    )
    assert out.getvalue().splitlines()[1] == "'=C1,2.1.1,yes,custody,"
    back = read_answers(out.getvalue().encode(), "x.csv", mini)
    assert back.answers == original
    assert back.case_attributes == attrs


# -- judgements ------------------------------------------------------------------------


def judgement_error(framework: Framework, text: str) -> str:
    with pytest.raises(InterchangeError) as info:
        read_judgements(text.encode(), "judgements.csv", framework)
    return str(info.value)


def test_judgements_read_with_band_labels_normalised(mini: Framework) -> None:
    f = read_judgements(b"standard_id,rating,reason\n1.1,good,Strong board\n", "j.csv", mini)
    assert f.judgements == (Judgement("1.1", "Good", "Strong board"),)
    assert f.rows == (2,)
    f = read_judgements(b"standard_id,rating\n1.1,OUTSTANDING\n", "j.csv", mini)
    assert f.judgements == (Judgement("1.1", "Outstanding", ""),)


def test_blank_rating_is_a_warning_not_a_judgement(mini: Framework) -> None:
    f = read_judgements(b"standard_id,rating\n1.1,\n", "j.csv", mini)
    assert f.judgements == ()
    assert f.warnings == ("j.csv: row 2: no rating for 1.1; it is not rated",)


def test_judgement_errors(mini: Framework) -> None:
    assert judgement_error(mini, "standard_id,rating\n9.9,Good\n") == (
        "judgements.csv: row 2, column standard_id (A): unknown standard '9.9' in framework "
        "mini-test (its judgement standards: 1.1)"
    )
    assert judgement_error(mini, "standard_id,rating\n2.1,Good\n") == (
        "judgements.csv: row 2, column standard_id (A): standard 2.1 is rated from case "
        "answers, not by judgement"
    )
    assert judgement_error(mini, "standard_id,rating\n1.1,Great\n") == (
        "judgements.csv: row 2, column rating (B): 'Great' is not a rating of standard 1.1 "
        "(Outstanding, Good, Requires improvement, Inadequate)"
    )
    assert judgement_error(mini, "standard_id,rating\n1.1,Good\n1.1,Good\n") == (
        "judgements.csv: row 3, column standard_id (A): standard 1.1 is judged twice "
        "(first on row 2)"
    )
    assert judgement_error(mini, "standard,rating\n1.1,Good\n").startswith(
        "judgements.csv: row 1, column standard_id: missing column 'standard_id'"
    )


def test_judgements_round_trip(mini: Framework) -> None:
    original = (Judgement("1.1", "Requires improvement", "-ve board attendance"),)
    out = io.StringIO()
    write_judgements(out, original)
    assert read_judgements(out.getvalue().encode(), "j.csv", mini).judgements == original


def test_checks_hold_on_rows_whose_question_and_answer_were_seen_before(mini: Framework) -> None:
    # The reader resolves each (question, spelling) once; later rows must still be checked.
    assert answer_error(mini, f"{HEAD}\nC1,2.1.1,yes\n,2.1.1,yes\n") == (
        "answers.csv: row 3, column case_id (A): the case id is empty"
    )
    assert answer_error(mini, f"{HEAD}\nC1,2.1.1,yes\nC2,2.1.1,yes\nC2,2.1.1,yes\n").startswith(
        "answers.csv: row 4, column question_id (B): case C2 answers 2.1.1 twice"
    )


def test_attribute_columns_take_the_framework_spelling(mini: Framework) -> None:
    from yjaudit.spec import parse_framework_text

    from .conftest import DATA

    text = (DATA / "mini.yaml").read_text().replace("attribute: setting", "attribute: Setting")
    framework = parse_framework_text(text, "mini-setting.yaml")
    f = read_answers(
        b"case_id,question_id,answer,SETTING,sex\nC1,2.1.1b,yes,custody,f\n", "a.csv", framework
    )
    assert f.attribute_columns == ("Setting", "sex")
    assert f.case_attributes == {"C1": {"Setting": "custody", "sex": "f"}}
    # The mini framework spells it in lower case, and so does the reader.
    assert read_answers(
        b"case_id,question_id,answer,SETTING\nC1,2.1.1,yes,x\n", "a.csv", mini
    ).attribute_columns == ("setting",)
