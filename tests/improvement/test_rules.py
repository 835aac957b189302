from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from yjaudit.improvement import timescales
from yjaudit.improvement.rules import DEFAULT_PATH, PlanRulesError, parse_rules

TEXT = Path(DEFAULT_PATH).read_text(encoding="utf-8")


def test_the_bundled_rules_load_with_the_documented_defaults() -> None:
    rules = parse_rules(TEXT)
    assert rules.submission_deadline_days == 28  # HMIP Coventry 2011: four weeks after publication
    assert rules.reminder_window_days == 7
    assert set(rules.statuses) == {"not_started", "in_progress", "completed"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("submission_deadline_days: 28", "submission_deadline_days: -1"),
            "submission_deadline_days",
        ),
        (("amber_within_days: 14", "amber_within_days: soon"), "rag.amber_within_days"),
        (("types: [pdf, docx", "types: [exe, docx"), "evidence.types.0"),
        (("reminder_window_days: 7", "reminder_window_days: 7\nsurprise: 1"), "surprise"),
        (("  completed:\n    label: Completed", "  done:\n    label: Completed"), "statuses"),
    ],
)
def test_bad_rules_are_refused_naming_the_field(change: tuple[str, str], message: str) -> None:
    old, new = change
    assert old in TEXT
    with pytest.raises(PlanRulesError) as caught:
        parse_rules(TEXT.replace(old, new, 1), source="plan-rules.yaml")
    assert f"plan-rules.yaml: {message}" in str(caught.value)


def test_not_yaml_is_refused() -> None:
    with pytest.raises(PlanRulesError, match=r"rules\.yaml: not valid YAML"):
        parse_rules("a: [")


@pytest.mark.parametrize(
    ("text", "status", "known"),
    [
        ("Completed", "completed", True),
        ("In progress , training dates identified across September", "in_progress", True),
        ("Outstanding", "not_started", True),
        ("Commenced", "in_progress", True),
        ("Early findings expected November", "in_progress", True),
        ("Dates set and circulated for 6 months", "in_progress", False),
    ],
)
def test_progress_words_from_the_seeds(text: str, status: str, known: bool) -> None:
    assert parse_rules(TEXT).status_from_text(text) == (status, known)


@pytest.mark.parametrize(
    ("cell", "split"),
    [
        ("CYOS Operation Managers", ("CYOS", "Operation Managers")),
        (
            "CCC Data Team Analyst or alternative provider",
            ("CCC Data Team", "Analyst or alternative provider"),
        ),
        ("Police", ("Police", "")),
        ("Head of Service", ("", "Head of Service")),
        ("YOSHI Someone", ("", "YOSHI Someone")),
    ],
)
def test_lead_organisation_is_split_off(cell: str, split: tuple[str, str]) -> None:
    assert parse_rules(TEXT).split_lead(cell) == split


PUBLISHED = dt.date(2016, 8, 10)


@pytest.mark.parametrize(
    ("label", "due", "review"),
    [
        ("August", dt.date(2016, 8, 31), None),
        ("September", dt.date(2016, 9, 30), None),
        ("June", dt.date(2017, 6, 30), None),  # the next June after publication
        ("To be reviewed November", None, dt.date(2016, 11, 30)),
        ("October\nDecember", dt.date(2016, 12, 31), None),
        ("November (post workshop)", dt.date(2016, 11, 30), None),
        ("31/10/2016", dt.date(2016, 10, 31), None),
        ("2017-01-15", dt.date(2017, 1, 15), None),
        ("March 2018", dt.date(2018, 3, 31), None),
        ("Ongoing", None, None),
        ("", None, None),
    ],
)
def test_timescales_as_plans_write_them(
    label: str, due: dt.date | None, review: dt.date | None
) -> None:
    assert timescales.interpret(label, PUBLISHED) == (due, review)
