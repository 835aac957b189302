"""Compliance rule sets: the bundled set loads; mistakes name file, line and field."""

from __future__ import annotations

import subprocess
import sys

import pytest

from yjaudit.compliance import (
    Calendar,
    RiskLevel,
    bundled_rule_sets,
    load_forum_policy,
    parse_forum_policy_text,
    parse_rule_set_text,
)
from yjaudit.spec import FrameworkFileError

GOOD = """id: local
name: Local rules
calendar: wales
events: [panel, home_visit]
rules:
  - id: panel
    title: First panel
    inferred: true
    event: panel
    applies_to:
      disposals: [referral-order]
    first: {working_days: 20}
  - id: visits
    title: Visits
    source: local policy
    event: home_visit
    applies_to:
      risk_at_least: High
    every: {months: 1, at_least: 2}
"""


def test_bundled_rule_set_loads_and_every_rule_has_a_source_or_is_inferred() -> None:
    sets = {s.id: s for s in bundled_rule_sets()}
    assert set(sets) == {"national-standards-local-2019"}
    rules = sets["national-standards-local-2019"]
    assert rules.calendar is Calendar.ENGLAND
    assert rules.get("assessment-court-order").first.working_days == 15  # type: ignore[union-attr]
    assert rules.get("assessment-referral-order").first.working_days == 20  # type: ignore[union-attr]
    assert rules.get("first-panel").inferred
    assert rules.get("panel-progress-meetings").every.months == 3  # type: ignore[union-attr]
    for rule in rules.rules:
        assert rule.source or rule.inferred, rule.id


def test_a_local_set_parses() -> None:
    parsed = parse_rule_set_text(GOOD, "local.yaml")
    assert parsed.calendar is Calendar.WALES
    assert parsed.get("visits").applies_to.risk_at_least is RiskLevel.HIGH


@pytest.mark.parametrize(
    ("change", "line", "field", "message"),
    [
        (("working_days: 20", "working_days: -1"), 12, "rules[panel].first.working_days", ""),
        (("first: {working_days: 20}", "first: {weeks: 2}"), 12, "rules[panel].first.weeks", ""),
        (
            ("first: {working_days: 20}", "first: {working_days: 20, days: 5}"),
            12,
            "rules[panel].first",
            "one of them",
        ),
        (("    inferred: true\n", ""), 6, "rules[panel].source", "inferred: true"),
        (
            ("risk_at_least: High", "risk_at_least: Severe"),
            18,
            "rules[visits].applies_to.risk_at_least",
            "unknown risk level",
        ),
        (("calendar: wales", "calendar: scotland"), 3, "calendar", ""),
        (("event: home_visit", "event: home_vist"), 16, "rules[visits].event", "unknown event"),
        (("  - id: visits", "  - id: panel"), 13, "rules[panel].id", "given twice"),
    ],
)
def test_mistakes_name_file_line_and_field(
    change: tuple[str, str], line: int, field: str, message: str
) -> None:
    with pytest.raises(FrameworkFileError) as caught:
        parse_rule_set_text(GOOD.replace(*change), "local.yaml")
    problem = caught.value.problems[0]
    assert problem.file == "local.yaml", problem
    assert (problem.line, problem.field) == (line, field), problem
    assert message in problem.message, problem


def test_bundled_forums_and_threshold() -> None:
    policy = load_forum_policy()
    assert policy.threshold is RiskLevel.MEDIUM
    assert {"IPC", "RSM", "CSP", "MAPPA"} <= policy.forum_ids


def test_a_forum_file_mistake_names_line_and_field() -> None:
    text = "id: f\nname: Forums\nthreshold: Huge\nforums:\n  - id: IPC\n    name: IPC\n"
    with pytest.raises(FrameworkFileError) as caught:
        parse_forum_policy_text(text, "forums.yaml")
    problem = caught.value.problems[0]
    assert (problem.file, problem.line) == ("forums.yaml", 3), problem
    assert "unknown risk level" in problem.message, problem


def test_imports_without_django() -> None:
    code = (
        "import sys, yjaudit.compliance, yjaudit.questionnaires; "
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
