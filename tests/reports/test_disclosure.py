"""The disclosure rule on engine results: small cells, secondary suppression, references."""

from __future__ import annotations

import pytest

from yjaudit.audits.disclosure import FULL, Disclosure, hide_counts, hide_rows, redact
from yjaudit.engine import Answer, score
from yjaudit.frameworks.selectors import get_current_edition
from yjaudit.frameworks.services import sync_bundled_frameworks
from yjaudit.interchange.results import report_dict

BOARD = Disclosure(case_detail=False, minimum=5, note="Not shown: fewer than 5 cases.")


def test_small_cells_are_hidden_with_enough_others_that_the_total_gives_nothing_away():
    assert hide_counts({"a": 20, "b": 9, "c": 0}, BOARD) == set()  # zero is not small
    # One small cell: the next smallest goes with it (total less the rest gives 3 + 9).
    assert hide_counts({"a": 20, "b": 9, "c": 3}, BOARD) == {"b", "c"}
    # Two small cells adding up to the minimum need no third.
    assert hide_counts({"a": 20, "b": 9, "c": 3, "d": 2}, BOARD) == {"c", "d"}
    # Already hidden elsewhere in the row (a hidden group) counts toward the minimum.
    assert hide_counts({"a": 20, "b": 9}, BOARD, already=2) == {"b"}
    assert hide_counts({"a": 20, "b": 9}, BOARD, already=5) == set()
    # Everything small: everything hidden.
    assert hide_counts({"a": 1, "b": 2}, BOARD) == {"a", "b"}
    assert hide_counts({"a": 1, "b": 2}, FULL) == set()


def test_rows_of_a_count_table_are_hidden_until_every_column_is_safe():
    # Caseload 40 / 3 / 30, sample 10 / 1 / 9: "girls" hides in both columns, then the
    # smallest other row in each column that is still short.
    rows = {"boys": (40, 10), "girls": (3, 1), "unknown": (30, 9)}
    hidden = hide_rows(rows, BOARD)
    assert "girls" in hidden
    for column in (0, 1):
        assert sum(rows[k][column] for k in hidden) >= 5
    assert hide_rows(rows, FULL) == set()


@pytest.mark.django_db
def test_redact_hides_staff_splits_small_groups_case_references_and_reasons():
    sync_bundled_frameworks()
    fw = get_current_edition("hmip-style-local-audit").spec()
    questions = [kq.id for kq in fw.standard("2.1").key_questions]
    answers, attrs = [], {}
    for i in range(12):
        ref = f"REF-{i}"
        attrs[ref] = {
            "disposal_category": "court",
            "setting": "custody" if i < 2 else "community",
            "case_manager": f"Staff {i % 3}",
        }
        qs = questions if i != 4 else questions[:1]  # REF-4 answers part of 2.1
        answers += [Answer(ref, q, "yes" if (i + j) % 3 else "no") for j, q in enumerate(qs)]
    report = score(fw, answers, case_attributes=attrs, by=["setting", "case_manager"])
    assert any("REF-4" in w for w in report.result.warnings)

    shown = redact(report, BOARD, set(attrs))
    assert redact(report, FULL, set(attrs)) is report
    assert "case_manager" not in shown.splits
    # Two custody cases: hidden, and community with them (the total would give them).
    assert shown.splits["setting"] == {}
    text = str(report_dict(shown, fw))
    assert "REF-" not in text and "Staff " not in text
    assert any(
        "shown only to readers with access to case records" in w for w in shown.result.warnings
    )
    s = shown.result.standard("2.1")
    assert s.figure == report.result.standard("2.1").figure  # 12 cases: shown


@pytest.mark.django_db
def test_a_round_of_three_cases_shows_a_board_member_no_figure():
    sync_bundled_frameworks()
    fw = get_current_edition("hmip-style-local-audit").spec()
    questions = [kq.id for kq in fw.standard("2.1").key_questions]
    answers = [Answer(f"R{i}", q, "yes") for i in range(3) for q in questions]
    attrs = {f"R{i}": {"disposal_category": "court"} for i in range(3)}
    report = score(fw, answers, case_attributes=attrs)
    assert report.result.standard("2.1").figure.percent == 100
    shown = redact(report, BOARD, set(attrs))
    s = shown.result.standard("2.1")
    assert s.figure.percent is None and s.rating is None and s.key_questions == ()
    assert shown.result.overall.rating is None
    assert shown.result.overall.not_rated_reason == BOARD.note
    data = report_dict(shown, fw)
    standard = next(x for x in data["standards"] if x["id"] == "2.1")
    assert standard["suppressed"] is True
    assert standard["cases"] is None and standard["numerator"] is None
    assert all(d["suppressed"] or d["cases"] in (0, None) for d in data["domains"])
