"""Writers and readers of answers, judgements and overrides files give back exactly
what they were given (property-tested), and every bad row is named."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from yjaudit.engine.types import Answer, Judgement, Override
from yjaudit.interchange import (
    InterchangeError,
    escape_cell,
    read_answers,
    read_judgements,
    read_overrides,
    write_answers,
    write_judgements,
    write_overrides,
)
from yjaudit.interchange.csvtable import _unescape
from yjaudit.spec.model import Framework

TRICKY = [
    "=SUM(A1)",
    "'=SUM(A1)",
    "''=x",
    "+44 20",
    "-5",
    "'-5",
    "@here",
    'a, "quoted", b',
    "line one\nline two\r\nthree",
    "Tystiolaeth: ŵŷ âêîôû ẁẃẅỳ",
    "'",
    "no\u00a0break",
]
PIECES = st.sampled_from(list("aZ09 ,;\"'=+-@\n\r\t") + list("ŵŷâ") + TRICKY)
# Text as people enter it: the web and API strip it, so a file's cells are stripped too.
TEXT = st.one_of(
    st.lists(PIECES, max_size=8).map(lambda p: "".join(p).strip()), st.sampled_from(TRICKY)
)


@given(TEXT)
def test_every_cell_reads_back_as_written(text: str) -> None:
    assert _unescape(escape_cell(text)) == text


@st.composite
def answer_sets(draw, framework: Framework):  # type: ignore[no-untyped-def]
    cases = draw(st.lists(TEXT.filter(bool), unique=True, min_size=1, max_size=4))
    answers, notes, attrs = [], {}, {}
    for case in cases:
        setting = draw(st.sampled_from(["custody", "community"]))
        attrs[case] = {"setting": setting, "sex": draw(st.sampled_from(["f", "m", ""]))}
        attrs[case] = {k: v for k, v in attrs[case].items() if v}
        for q in framework.questions.values():
            if q.applies_when is not None and setting != "custody":
                continue
            if not draw(st.booleans()):
                continue
            value = draw(st.sampled_from([v.value for v in q.answer_type.values]))
            answers.append(Answer(case, q.id, value))
            note = draw(TEXT)
            if note:
                notes[(case, q.id)] = note
    return tuple(answers), notes, attrs


@given(st.data())
def test_answers_and_notes_round_trip(mini: Framework, data: st.DataObject) -> None:
    original, notes, attrs = data.draw(answer_sets(mini))
    out = io.StringIO()
    write_answers(
        out, original, case_attributes=attrs, attribute_columns=["setting", "sex"], notes=notes
    )
    back = read_answers(out.getvalue().encode(), "a.csv", mini)
    assert back.answers == original
    assert back.notes is not None
    assert dict(
        zip(((a.case_id, a.question_id) for a in back.answers), back.notes, strict=True)
    ) == {(a.case_id, a.question_id): notes.get((a.case_id, a.question_id), "") for a in original}
    answered = {a.case_id for a in original}
    assert back.case_attributes == {c: a for c, a in attrs.items() if a and c in answered}
    assert "note" not in back.attribute_columns


def test_a_file_without_notes_says_so(mini: Framework) -> None:
    back = read_answers(b"case_id,question_id,answer\nC1,2.1.1,yes\n", "a.csv", mini)
    assert back.notes is None


@given(reason=TEXT.filter(bool), evidence=TEXT, rating=st.sampled_from(["Good", "Inadequate"]))
def test_judgements_with_evidence_round_trip(
    mini: Framework, reason: str, evidence: str, rating: str
) -> None:
    out = io.StringIO()
    write_judgements(out, [Judgement("1.1", rating, reason)], {"1.1": evidence})
    back = read_judgements(out.getvalue().encode(), "j.csv", mini)
    assert back.judgements == (Judgement("1.1", rating, reason),)
    assert back.evidence == (evidence,)


@given(
    st.lists(
        st.tuples(st.sampled_from(["1.1", "2.1", "2.2"]), TEXT.filter(bool)),
        unique_by=lambda t: t[0],
        max_size=3,
    )
)
def test_overrides_round_trip(mini: Framework, items: list[tuple[str, str]]) -> None:
    original = tuple(Override(sid, "Requires improvement", reason) for sid, reason in items)
    out = io.StringIO()
    assert write_overrides(out, original) == len(original)
    back = read_overrides(out.getvalue().encode(), "o.csv", mini)
    assert back.overrides == original


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("9.9,Good,x", "o.csv: row 2, column standard_id (A): unknown standard '9.9'"),
        ("2.1,Great,x", "o.csv: row 2, column rating (B): 'Great' is not a rating"),
        ("2.1,Good,", "o.csv: row 2, column reason (C): the override of 2.1 needs a reason"),
        ("2.1,Good,x\n2.1,Good,y", "o.csv: row 3, column standard_id (A): standard 2.1 is "),
    ],
)
def test_bad_override_rows_are_named(mini: Framework, text: str, where: str) -> None:
    with pytest.raises(InterchangeError) as caught:
        read_overrides(f"standard_id,rating,reason\n{text}\n".encode(), "o.csv", mini)
    assert str(caught.value).startswith(where)
